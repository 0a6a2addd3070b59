import { describe, expect, it } from 'vitest';
import { scaleAmount, sharePercent } from '../../../src/accountability/accountability-policy';

describe('consequence amounts scaled by share (exact, half up)', () => {
  it.each([
    { amount: '10', share: 6000, scale: 1, expected: '6.0' },
    { amount: '10', share: 3333, scale: 1, expected: '3.3' },
    { amount: '20', share: 3333, scale: 2, expected: '6.67' },
    { amount: '0.05', share: 5000, scale: 2, expected: '0.03' }, // 0.025 rounds half up
    { amount: '0.05', share: 5000, scale: 0, expected: '0' },
    { amount: '999999999999.999999', share: 10000, scale: 6, expected: '999999999999.999999' },
    { amount: '7', share: null, scale: 2, expected: '7.00' },
    { amount: '1.15', share: 10000, scale: 1, expected: '1.2' }, // a float would give 1.1
  ])('$amount at $share bp, scale $scale -> $expected', ({ amount, share, scale, expected }) => {
    expect(scaleAmount(amount, share, scale)).toBe(expected);
  });

  it('shows shares in percent without trailing zeros', () => {
    expect([sharePercent(6000), sharePercent(3333), sharePercent(10000), sharePercent(5)]).toEqual([60, 33.33, 100, 0.05]);
  });
});
