import { describe, expect, it } from 'vitest';
import { investigationReportJson } from '../../../src/reports/investigation-json';
import { SchemaCompiler } from '../../../src/shared/json-schema/schema-compiler';
import { build3dReport, build8dReport, EIGHT_D_PAYLOADS, investigationTemplate } from './report-fixture';

/** Every value reachable in a JSON export must be plain JSON: no Date, no undefined, no class instance. */
function nonJson(value: unknown, path = ''): string[] {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonJson(v, `${path}/${i}`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value as object).flatMap(([k, v]) => nonJson(v, `${path}/${k}`));
  }
  return [path];
}

describe('report fixtures', () => {
  it.each([
    ['8d', build8dReport],
    ['3d', build3dReport],
  ] as const)('%s: every payload is valid against its section schema from the shipped template', (key, build) => {
    const compiler = new SchemaCompiler();
    const report = build();
    expect(report.sections.map((s) => s.key)).toEqual(investigationTemplate(key).sections.map((s) => s.key));
    for (const section of report.sections) {
      if (section.data === null) continue;
      const validate = compiler.compileSchema(section.schema);
      expect(validate(section.data), `${section.key}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});

describe('investigationReportJson', () => {
  it('round-trips through JSON.stringify / JSON.parse unchanged', () => {
    for (const report of [build8dReport(), build3dReport()]) {
      const json = investigationReportJson(report);
      expect(nonJson(json)).toEqual([]);
      expect(JSON.parse(JSON.stringify(json))).toStrictEqual(json);
    }
  });

  it('has the header with ISO times and keys titled in both languages', () => {
    const report = build8dReport();
    const json = investigationReportJson(report);
    expect(json).toMatchObject({
      format: 'investigation-report',
      formatVersion: 1,
      languages: ['zh-CN', 'en'],
      timeZone: 'Asia/Shanghai',
      number: 'INV-2026-000123',
      status: { key: 'closed', title: { 'zh-CN': '已关闭', en: 'Closed' } },
      template: { key: '8d', version: 3, title: { 'zh-CN': '8D 报告', en: '8D report' } },
      severity: { key: 'major', title: { 'zh-CN': '严重', en: 'Major' } },
      department: { key: 'production', title: { 'zh-CN': '生产部', en: 'Production' } },
      openedAt: '2026-11-20T02:00:00.000Z',
      closedAt: '2027-01-25T08:00:00.000Z',
      leader: { id: 'u-li-na', name: '李娜 Li Na' },
      generatedAt: '2027-04-03T01:02:03.000Z',
      effectiveness: { result: { key: 'passed', title: { 'zh-CN': '通过', en: 'Passed' } }, recordedAt: '2027-04-02T06:00:00.000Z' },
    });
    expect(json.team[0]).toEqual({ id: 'u-li-na', name: '李娜 Li Na', role: { key: 'quality-manager', title: { 'zh-CN': '质量经理', en: 'Quality manager' } } });
    expect(json.complaints.map((c) => c.number)).toEqual(['CMP-2026-000457', 'CMP-2026-000461']);
  });

  it('has every section in template order with its raw data, sign-offs and labelled fields', () => {
    const report = build8dReport();
    const json = investigationReportJson(report);
    expect(json.sections.map((s) => s.key)).toEqual(['D0', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8']);
    json.sections.forEach((section, i) => {
      expect(section.title).toEqual(report.sections[i].title);
      expect(section.data).toEqual(EIGHT_D_PAYLOADS[section.key]);
      expect(section.status).toEqual({ key: 'signed-off', title: { 'zh-CN': '已签核', en: 'Signed off' } });
      expect(section.submittedAt).toBe(report.sections[i].submittedAt!.toISOString());
      expect(section.signOffs.map((s) => s.at)).toEqual(report.sections[i].signOffs.map((s) => s.at.toISOString()));
      expect(section.fields.length).toBeGreaterThan(0);
    });
    const field = (key: string, pointer: string) => json.sections.find((s) => s.key === key)!.fields.find((f) => f.pointer === pointer);
    expect(field('D4', '/occurrence/rootCause')).toMatchObject({
      label: { 'zh-CN': '根本原因', en: 'Root cause' },
      path: { 'zh-CN': '发生原因（为什么会产生） › 根本原因', en: 'Occurrence: why it was made › Root cause' },
    });
    expect(field('D4', '/escape/fiveWhys/1/because')).toMatchObject({
      label: { 'zh-CN': '因为', en: 'Because' },
      path: { en: 'Escape: why it was not detected › 5 Whys › #2 › Because' },
      value: '控制计划只规定首件检验位置度',
    });
    expect(field('D4', '/occurrence/fishbone/machine/0')).toMatchObject({ label: { 'zh-CN': '机', en: 'Machine' } });
    expect(field('D3', '/actions/0/scope')).toMatchObject({ value: 'customer-site', text: { 'zh-CN': '客户现场', en: 'At the customer' } });
    expect(field('D3', '/verification/effective')).toMatchObject({ value: true, text: { 'zh-CN': '是', en: 'Yes' } });
    expect(field('D0', '/customerNotifiedAt')).toMatchObject({ value: '2026-11-20T03:30:00Z', text: { en: '2026-11-20 11:30' } });
    expect(field('D2', '/fiveW2H/howMany')).toMatchObject({ value: 120, label: { en: 'How many: quantity defective' } });
  });

  it('exports a 3D with a draft section and no effectiveness check', () => {
    const json = investigationReportJson(build3dReport());
    expect(json.sections.map((s) => [s.key, s.status.key])).toEqual([
      ['D1', 'signed-off'],
      ['D2', 'signed-off'],
      ['D3', 'draft'],
    ]);
    expect(json.sections[2]).toMatchObject({ submittedAt: null, submittedBy: null, signOffs: [] });
    expect(json.effectiveness).toBeNull();
    expect(json.closedAt).toBeNull();
  });
});
