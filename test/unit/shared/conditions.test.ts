import { describe, expect, it } from 'vitest';
import { SchemaCompiler } from '../../../src/shared/json-schema/schema-compiler';
import { allMatching, firstMatch, matches } from '../../../src/shared/rules/conditions';

const schemas = new SchemaCompiler();
const severity = (s: string) => ({ type: 'object', properties: { severity: { const: s } }, required: ['severity'] });
const rules = [
  { key: 'critical', when: severity('critical') },
  { key: 'always' },
  { key: 'major', when: severity('major') },
  { key: 'also-critical', when: severity('critical') },
];

describe('rule conditions', () => {
  it('a condition holds when the facts are valid against it; none always holds', () => {
    expect(matches(schemas, severity('major'), { severity: 'major' })).toBe(true);
    expect(matches(schemas, severity('major'), { severity: 'minor' })).toBe(false);
    expect(matches(schemas, severity('major'), {})).toBe(false);
    expect(matches(schemas, undefined, {})).toBe(true);
  });

  it.each([
    { title: 'the first matching rule, in order', facts: { severity: 'critical' }, first: 'critical', all: ['critical', 'always', 'also-critical'] },
    { title: 'an unconditional rule before a later match', facts: { severity: 'major' }, first: 'always', all: ['always', 'major'] },
    { title: 'only the unconditional rule', facts: { severity: 'minor' }, first: 'always', all: ['always'] },
  ])('$title', ({ facts, first, all }) => {
    expect(firstMatch(rules, facts, schemas)?.key).toBe(first);
    expect(allMatching(rules, facts, schemas).map((r) => r.key)).toEqual(all);
  });

  it('no rules (or none matching) give nothing', () => {
    expect(firstMatch(undefined, {}, schemas)).toBeUndefined();
    expect(allMatching(undefined, {}, schemas)).toEqual([]);
    expect(firstMatch([{ when: severity('major') }], { severity: 'minor' }, schemas)).toBeUndefined();
  });
});
