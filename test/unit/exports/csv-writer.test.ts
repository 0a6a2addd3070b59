import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../../src/exports/csv-writer';
import type { Column } from '../../../src/exports/export-table';

describe('CSV cells', () => {
  it.each([
    { title: 'plain text as is', value: 'machining', csv: 'machining' },
    { title: 'Chinese as is', value: '华东汽车零部件有限公司', csv: '华东汽车零部件有限公司' },
    { title: 'a comma quoted', value: 'a,b', csv: '"a,b"' },
    { title: 'quotes doubled', value: 'say "no"', csv: '"say ""no"""' },
    { title: 'a line break quoted', value: 'line 1\nline 2', csv: '"line 1\nline 2"' },
    { title: 'a formula made inert', value: '=1+1', csv: "'=1+1" },
    { title: 'a leading plus', value: '+86 21', csv: "'+86 21" },
    { title: 'a leading minus', value: '-5 mm', csv: "'-5 mm" },
    { title: 'a leading at', value: '@SUM(A1)', csv: "'@SUM(A1)" },
    { title: 'a leading tab', value: '\tx', csv: "'\tx" },
    { title: 'a leading CR, inert and quoted', value: '\r=1', csv: `"'\r=1"` },
    { title: 'a formula with a comma, inert and quoted', value: '=HYPERLINK("http://x","y")', csv: `"'=HYPERLINK(""http://x"",""y"")"` },
  ])('writes $title', ({ value, csv }) => {
    expect(csvText(value)).toBe(csv);
  });

  const format = { language: 'zh-CN' as const, timeZone: 'Asia/Shanghai' };
  it.each([
    { kind: 'hours', value: 153.5, csv: '153.5' },
    { kind: 'hours', value: 600, csv: '600' },
    { kind: 'percent', value: 2 / 3, csv: '66.67%' },
    { kind: 'percent', value: 0, csv: '0%' },
    { kind: 'integer', value: -3, csv: '-3' },
    { kind: 'datetime', value: new Date('2026-10-31T17:00:00Z'), csv: '2026-11-01 01:00' },
    { kind: 'boolean', value: true, csv: '是' },
    { kind: 'boolean', value: null, csv: '' },
  ] as Array<{ kind: Column['kind']; value: number | boolean | Date | null; csv: string }>)('writes a $kind cell $value as $csv', ({ kind, value, csv }) => {
    expect(csvCell(value, { header: 'h', kind }, format)).toBe(csv);
  });
});
