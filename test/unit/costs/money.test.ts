import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST_KINDS } from '../../../src/costs/cost-kinds';
import { currencyExponent, divideHalfUp, formatDecimal, formatMinor, parseDecimal } from '../../../src/costs/money';

describe('money', () => {
  it('takes each currency exponent from ISO 4217 (through ICU)', () => {
    expect(['CNY', 'USD', 'EUR', 'JPY', 'KRW', 'BHD', 'KWD'].map(currencyExponent)).toEqual([2, 2, 2, 0, 0, 3, 3]);
    expect([currencyExponent('ABC'), currencyExponent('cny'), currencyExponent('CNYX')]).toEqual([null, null, null]);
  });

  it.each([
    ['1234', 2, { value: 1234n, scale: 0 }],
    ['1234.50', 2, { value: 12345n, scale: 1 }],
    ['0.125', 3, { value: 125n, scale: 3 }],
    [' 7.1234 ', 10, { value: 71234n, scale: 4 }],
    ['1.5', 0, { problem: 'PRECISION' }],
    ['1.', 2, { problem: 'FORMAT' }],
    ['.5', 2, { problem: 'FORMAT' }],
    ['-1', 2, { problem: 'FORMAT' }],
    ['+1', 2, { problem: 'FORMAT' }],
    ['1e3', 2, { problem: 'FORMAT' }],
    ['1,000', 2, { problem: 'FORMAT' }],
    ['１２', 2, { problem: 'FORMAT' }],
  ])('parses %j at most %i decimals', (text, scale, expected) => {
    expect(parseDecimal(text, scale)).toEqual(expected);
  });

  it('rounds half up, exactly', () => {
    expect([divideHalfUp(25n, 10n), divideHalfUp(24n, 10n), divideHalfUp(15n, 10n), divideHalfUp(5n, 10n), divideHalfUp(4n, 10n), divideHalfUp(0n, 7n)]).toEqual([3n, 2n, 2n, 1n, 0n, 0n]);
    // Beyond the doubles' 2^53: no float anywhere.
    expect(divideHalfUp(999_999_999_999_999n * 71_234n, 10_000n)).toBe(7_123_399_999_999_993n);
  });

  it('formats minor units with exactly the currency digits', () => {
    expect([formatMinor(123450n, 2), formatMinor(5n, 2), formatMinor(0n, 2), formatMinor(1200n, 0), formatMinor(1n, 3), formatMinor(-150n, 2)]).toEqual(['1234.50', '0.05', '0.00', '1200', '0.001', '-1.50']);
    expect([formatDecimal(250n, 2), formatDecimal(300n, 2), formatDecimal(71234000n, 7), formatDecimal(100n, 0)]).toEqual(['2.5', '3', '7.1234', '100']);
  });
});

describe('default cost kinds', () => {
  it('are the ones the shipped organization template lists', () => {
    const shipped = JSON.parse(readFileSync(join(__dirname, '../../../templates/organization.json'), 'utf8')) as { costKinds: unknown };
    expect(DEFAULT_COST_KINDS).toEqual(shipped.costKinds);
  });
});
