import { describe, expect, it } from 'vitest';
import { conditionMayRead } from '../../../src/templates/rules';

describe('conditionMayRead: whether a condition may read a fact (so a costly fact is looked up only for those)', () => {
  it.each([
    { title: 'no condition', when: undefined, reads: false },
    { title: 'true', when: true, reads: false },
    { title: 'other facts only', when: { type: 'object', properties: { severity: { const: 'major' } }, required: ['severity'] }, reads: false },
    { title: 'the fact by name', when: { type: 'object', properties: { recurrence: { const: true } } }, reads: true },
    { title: 'the fact as required only', when: { type: 'object', required: ['recurrence'] }, reads: true },
    { title: 'the fact nested in a combinator', when: { anyOf: [{ properties: { severity: { const: 'critical' } } }, { properties: { recurrence: { const: true } } }] }, reads: true },
    { title: 'a pattern over unnamed properties', when: { type: 'object', patternProperties: { '^rec': { const: true } } }, reads: true },
    { title: 'additionalProperties', when: { type: 'object', properties: { severity: {} }, additionalProperties: false }, reads: true },
    { title: 'a reference to another schema', when: { $ref: 'https://example.com/conditions/recurring.json' }, reads: true },
    { title: 'a value that merely contains the word', when: { properties: { description: { const: 'recurrence of a scratch' } } }, reads: false },
  ])('$title: $reads', ({ when, reads }) => {
    expect(conditionMayRead(when, 'recurrence')).toBe(reads);
  });
});
