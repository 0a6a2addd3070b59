import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { searchForm } from '../../../src/lessons/closing-evaluation.service';
import { DEFAULT_PREVENTION_KINDS, preventionKindsOf } from '../../../src/lessons/prevention-kinds';

describe('prevention kinds', () => {
  it('default to the ones the shipped organization template lists', () => {
    const shipped = JSON.parse(readFileSync(join(__dirname, '../../../templates/organization.json'), 'utf8')) as { preventionKinds: unknown };
    expect(DEFAULT_PREVENTION_KINDS).toEqual(shipped.preventionKinds);
  });

  it("are the template's own when it has them", () => {
    const own = [{ key: 'poka-yoke', title: { 'zh-CN': '防错', en: 'Error-proofing' } }];
    expect(preventionKindsOf({ preventionKinds: own } as never)).toBe(own);
    expect(preventionKindsOf(undefined)).toBe(DEFAULT_PREVENTION_KINDS);
  });
});

describe('searchForm', () => {
  it.each([
    { text: 'Damp CARTONS', expected: 'damp cartons' },
    { text: 'ＣＡＲＴＯＮＳ １００', expected: 'cartons 100' },
    { text: '包装箱受潮', expected: '包装箱受潮' },
  ])('folds $text to $expected', ({ text, expected }) => {
    expect(searchForm(text)).toBe(expected);
  });
});
