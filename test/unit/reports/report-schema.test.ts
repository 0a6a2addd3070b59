import { describe, expect, it } from 'vitest';
import { isFishbone, isFiveWhys, orderedKeys, SchemaReader, scalarText, titleOf } from '../../../src/reports/report-schema';
import { investigationTemplate } from './report-fixture';

const d4 = investigationTemplate('8d').sections.find((s) => s.key === 'D4')!.schema;

describe('SchemaReader', () => {
  it('follows $ref into $defs, the referring x-title winning over the target', () => {
    const reader = new SchemaReader(d4);
    const root = reader.resolve(d4);
    const occurrence = reader.property(root, 'occurrence', {});
    expect(titleOf(occurrence, 'occurrence').en).toBe('Occurrence: why it was made');
    expect(Object.keys(occurrence.properties as object)).toEqual(['fishbone', 'fiveWhys', 'rootCause', 'verification']);
    const fishbone = reader.property(occurrence, 'fishbone', {});
    const man = reader.property(fishbone, 'man', []);
    expect(man).toMatchObject({ type: 'array', 'x-title': { 'zh-CN': '人', en: 'Man' } });
    expect(isFishbone(fishbone, { man: ['a'], machine: [] })).toBe(true);
    expect(isFiveWhys(reader.item(reader.property(occurrence, 'fiveWhys', []), 0, {}), [{ why: 'a', because: 'b' }])).toBe(true);
  });

  it('decodes escaped pointers, stops on $ref loops and picks the oneOf branch a value matches', () => {
    const schema = {
      $defs: { 'a/b': { type: 'string', 'x-title': { 'zh-CN': '甲', en: 'A' } }, loop: { $ref: '#/$defs/loop' } },
      properties: {
        slash: { $ref: '#/$defs/a~1b' },
        loop: { $ref: '#/$defs/loop' },
        either: { oneOf: [{ type: 'string', title: 'text' }, { type: 'integer', title: 'count' }] },
      },
    };
    const reader = new SchemaReader(schema);
    expect(titleOf(reader.property(schema, 'slash', 'x'), 'slash').en).toBe('A');
    expect(reader.property(schema, 'loop', 1)).toBeTypeOf('object');
    expect(titleOf(reader.property(schema, 'either', 3), 'either').en).toBe('count');
    expect(titleOf(reader.property(schema, 'either', 'x'), 'either').en).toBe('text');
    expect(titleOf(reader.property(schema, 'unknown', 'x'), 'unknown').en).toBe('unknown');
  });

  it('orders keys as the schema declares them, then the ones it does not name', () => {
    expect(orderedKeys({ properties: { b: {}, a: {} } }, { extra: 1, a: 1, b: 2, gone: undefined })).toEqual(['b', 'a', 'extra']);
  });

  it('prints enum titles, booleans, dates and date-times', () => {
    const zone = 'Asia/Shanghai';
    expect(scalarText({ enum: ['x'], 'x-enum-titles': { x: { 'zh-CN': '叉', en: 'Ex' } } }, 'x', zone)).toEqual({ 'zh-CN': '叉', en: 'Ex' });
    expect(scalarText({}, false, zone)).toEqual({ 'zh-CN': '否', en: 'No' });
    expect(scalarText({ format: 'date' }, '2026-01-02', zone).en).toBe('2026-01-02');
    expect(scalarText({ format: 'date-time' }, '2026-01-01T16:30:00Z', zone).en).toBe('2026-01-02 00:30');
    expect(scalarText({}, null, zone).en).toBe('—');
  });
});
