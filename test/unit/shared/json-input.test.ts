import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { cutJson, jsonDepth, jsonInputProblem } from '../../../src/shared/json-input';

/** `{"x":[[…[1]…]]}`, `n` levels in all, built as text (JSON.stringify itself overflows past a few thousand). */
const nested = (n: number): unknown => JSON.parse(`{"x":${'['.repeat(n - 1)}1${']'.repeat(n - 1)}}`);

/** The recursive version this replaced, to show the output is unchanged. */
function recursiveCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(recursiveCanonical).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${recursiveCanonical((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

describe('canonicalJson', () => {
  it.each([
    { title: 'scalars', value: [null, true, 0, -1.5, 'a"\u2028', undefined] },
    { title: 'nested objects with unsorted keys and undefined members', value: { b: { d: [1, { z: 1, a: [] }], c: undefined }, a: {}, 'é': 'x' } },
    { title: 'a date', value: { at: new Date('2026-11-20T08:30:00Z') } },
    { title: 'top-level scalar', value: 'text' },
    { title: 'undefined', value: undefined },
  ])('writes what the recursive version wrote: $title', ({ value }) => {
    expect(canonicalJson(value)).toBe(recursiveCanonical(value));
  });

  it('hashes 100,000 levels without exhausting the stack (4,150 overflowed)', () => {
    expect(canonicalJson(nested(100_000))).toBe(`{"x":${'['.repeat(99_999)}1${']'.repeat(99_999)}}`);
  });
});

describe('jsonInputProblem / jsonDepth / cutJson', () => {
  it('counts an array or object as one level', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1] })).toBe(2);
    expect(jsonDepth(nested(100_000))).toBe(100_000);
  });

  it('admits the limit and refuses one level more, pointing at the value', () => {
    expect(jsonInputProblem(nested(64), 64)).toBeNull();
    expect(jsonInputProblem(nested(65), 64)).toEqual({ reason: 'JSON_TOO_DEEP', pointer: '' });
    expect(jsonInputProblem(nested(100_000), 64)).toEqual({ reason: 'JSON_TOO_DEEP', pointer: '' });
  });

  it.each([
    { title: 'NUL in a value', value: { a: [{ 'b/c': 'x\u0000' }] }, pointer: 'a/0/b~1c' },
    { title: 'a lone high surrogate', value: { a: '\ud800' }, pointer: 'a' },
    { title: 'a lone low surrogate', value: ['ok', 'x\udc00y'], pointer: '1' },
    { title: 'a reversed pair', value: { a: '\udc00\ud800' }, pointer: 'a' },
    { title: 'NUL in a key (the object holding it)', value: { a: { 'k\u0000': 1 } }, pointer: 'a' },
    { title: 'a lone surrogate in a key', value: { '\ud800': 1 }, pointer: '' },
  ])('refuses $title at /$pointer', ({ value, pointer }) => {
    expect(jsonInputProblem(value, 64)).toEqual({ reason: 'INVALID_STRING', pointer });
  });

  it('admits surrogate pairs (emoji) and every other character', () => {
    expect(jsonInputProblem({ '😀': '😀 客诉 \u0001 \uffff \t' }, 64)).toBeNull();
  });

  it('cuts arrays and objects below the depth with a marker, keeping key order; returns shallow values as they are', () => {
    const shallow = { a: 1 };
    expect(cutJson(shallow, 1, '…')).toBe(shallow);
    expect(cutJson({ b: { c: [1] }, a: [[2], 3] }, 2, '…')).toEqual({ b: { c: '…' }, a: ['…', 3] });
    expect(Object.keys(cutJson({ z: { y: {} }, a: 1, m: 2 }, 2, null) as object)).toEqual(['z', 'a', 'm']);
    expect(jsonDepth(cutJson(nested(100_000), 256, '…'))).toBe(256);
  });
});
