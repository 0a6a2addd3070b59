import { beforeAll, describe, expect, it } from 'vitest';
import type { InvestigationReport } from '../../../src/reports/investigation-report';
import { renderInvestigationPdf } from '../../../src/reports/investigation-pdf';
import { embeddedFonts, openPdf, pageTexts, squeeze } from './pdf-reader';
import { build3dReport, build8dReport, EIGHT_D_PAYLOADS, LONG_CAUSE, THREE_D_PAYLOADS } from './report-fixture';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/gu;

/** "2026-11-23 16:00" in Shanghai, worked out here rather than by the renderer's own helper. */
const shanghai = (date: Date) => date.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

interface Rendered {
  pdf: Buffer;
  pages: string[];
  text: string;
}

async function render(report: InvestigationReport, languages?: Array<'zh-CN' | 'en'>): Promise<Rendered> {
  const pdf = await renderInvestigationPdf(report, languages ? { languages } : undefined);
  const pages = await pageTexts(pdf);
  return { pdf, pages, text: squeeze(pages.join('')) };
}

/** The texts that must be extractable, whitespace and line breaks aside. */
function expectText(rendered: Rendered, expected: string[]): void {
  const missing = expected.filter((s) => !rendered.text.includes(squeeze(s)));
  expect(missing).toEqual([]);
}

describe('renderInvestigationPdf: a full 8D in both languages', () => {
  const report = build8dReport();
  let rendered: Rendered;
  beforeAll(async () => {
    rendered = await render(report);
  });

  it('is an A4 PDF of several pages', async () => {
    expect(rendered.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const document = await openPdf(rendered.pdf);
    expect(document.numPages).toBeGreaterThan(3);
    const [, , width, height] = (await document.getPage(1)).view;
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    await document.destroy();
  });

  it('prints the header: number, title, template, status, severity, department, dates, leader, champion, team, complaints', () => {
    expectText(rendered, [
      'INV-2026-000123',
      report.title,
      '8D 报告 / 8D report · v3',
      '状态 / Status',
      '已关闭 / Closed',
      '严重 / Major',
      '生产部 / Production',
      `开启时间 / Opened at${shanghai(report.openedAt)}`,
      `关闭时间 / Closed at${shanghai(report.closedAt!)}`,
      '组长 / Leader李娜 Li Na',
      '倡导者 / Champion王建国',
      '供应商质量工程师（SQE） / Supplier quality engineer (SQE)',
      ...report.team.map((m) => m.name),
      '关联客诉 / Linked complaints',
      'CMP-2026-000457',
      'CMP-2026-000461',
      '华东汽车零部件有限公司',
      '2026-11-20 08:30',
    ]);
  });

  it('prints every section title in both languages, in template order', () => {
    const positions = report.sections.map((s) => rendered.text.indexOf(squeeze(`${s.title['zh-CN']} / ${s.title.en}`)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('prints representative data of every section, labelled from x-title, enums from x-enum-titles, booleans as 是 / Yes', () => {
    const d = EIGHT_D_PAYLOADS;
    expectText(rendered, [
      '症状 / Symptom',
      d.D0.symptom as string,
      '需要紧急响应措施 / Emergency response needed是 / Yes',
      '通知客户时间 / Customer informed at2026-11-20 11:30',
      '设计/研发 / Design / R&D',
      'tom.becker@example.com',
      d.D2.problemStatement as string,
      '多少（How many）：不良数量 / How many: quantity defective120',
      '不是（本可能是但不是） / Is not (could be, but is not)',
      '客户现场 / At the customer',
      '首批合格批次 / First clean lot',
      'L2026-11-22B',
      '遏制有效 / Containment effective是 / Yes',
      '发生原因（为什么会产生） / Occurrence: why it was made',
      '流出原因（为什么未被探测） / Escape: why it was not detected',
      '控制计划仅在首件检验孔位置度，无法探测生产过程中的渐进磨损。',
      '发生原因 / Occurrence',
      'Control plan: hole position checked with the gauge every 2 hours and at every die change',
      'Cpk = 1.86',
      '跟踪期内 48000 件无位置度不良，客户零投诉。',
      '过程 FMEA / Process FMEA',
      'PFMEA-BRK-2041',
      d.D7.lessonsLearned as string,
      '客户邮件 2027-01-22 / SQE 关闭确认单 HD-8D-0457',
      '关闭日期 / Closed on2027-01-25',
    ]);
  });

  it('prints each section status, submitter and time, and every sign-off with role, time and comment', () => {
    const expected = report.sections.flatMap((s) => [
      `提交时间 / Submitted at${shanghai(s.submittedAt!)}`,
      ...s.signOffs.flatMap((o) => [o.by.name, shanghai(o.at), ...(o.comment ? [o.comment] : [])]),
    ]);
    expectText(rendered, [...expected, '已签核 / Signed off', '签核 / Sign-offs', '质量经理 / Quality manager', '研发经理 / R&D manager']);
    expect(rendered.text.split(squeeze('签核人 / Signed by')).length - 1).toBe(report.sections.length);
  });

  it('draws the 5-Whys chains: every why and because, numbered', () => {
    const d4 = EIGHT_D_PAYLOADS.D4 as Record<string, { fiveWhys: Array<{ why: string; because: string }> }>;
    const steps = [...d4.occurrence.fiveWhys, ...d4.escape.fiveWhys];
    expectText(rendered, [...steps.flatMap((s) => [s.why, s.because]), '为什么 1 / Why 1', '为什么 5 / Why 5', '因为 / Because']);
  });

  it('draws both fishbones with the six 6M bones and lists causes cut in the diagram in full', () => {
    const bones = ['人 / Man', '机 / Machine', '料 / Material', '法 / Method', '测 / Measurement', '环 / Environment'];
    for (const bone of bones) expect(rendered.text.split(squeeze(bone)).length - 1).toBeGreaterThanOrEqual(2);
    expectText(rendered, ['鱼骨图（6M） / Fishbone (6M)', '原因全文 / Causes in full', LONG_CAUSE, '1. 模具保养按日历（每月）而非冲次']);
  });

  it('prints the effectiveness check and, on every page, the generation time and page n of N', () => {
    expectText(rendered, ['有效性检查 / Effectiveness check', '连续 3 个月客户 PPM < 50 且无重复投诉', '结果 / Result通过 / Passed', `记录时间 / Recorded at${shanghai(report.effectiveness!.recordedAt!)}`]);
    const total = rendered.pages.length;
    rendered.pages.forEach((page, i) => {
      expect(squeeze(page)).toContain(squeeze(`第 ${i + 1} / ${total} 页 / Page ${i + 1} of ${total}`));
      expect(squeeze(page)).toContain(squeeze(`生成时间 / Generated at ${shanghai(report.generatedAt)} (Asia/Shanghai)`));
    });
  });

  it('keeps all text inside the page, and body text inside the margins', async () => {
    const document = await openPdf(rendered.pdf);
    const stray: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const [, , width, height] = page.view;
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const [x, y] = [item.transform[4], item.transform[5]];
        const inMargin = y < 58 - 3 || y > height - 56;
        const isFrame = /INV-2026-000123|Page|页/.test(item.str);
        if (x < 47 || x + item.width > width - 47 || (inMargin && !isFrame)) stray.push(`p${n}: ${item.str}`);
      }
    }
    await document.destroy();
    expect(stray).toEqual([]);
  });

  it('embeds subset fonts that hold a glyph for every CJK character it prints', () => {
    const fonts = embeddedFonts(rendered.pdf);
    expect(fonts.length).toBeGreaterThanOrEqual(1);
    for (const font of fonts) {
      expect(font.embedded).toBe(true);
      expect(font.baseFont).toMatch(/^[A-Z]{6}\+NotoSansSC/);
    }
    const mapped = new Set(fonts.flatMap((f) => [...f.toUnicode].filter(([code]) => code !== 0).map(([, text]) => text)));
    // pdfkit prints a character its font lacks as glyph 0 (.notdef): any CJK character there was lost.
    const lost = fonts.flatMap((f) => Array.from(f.toUnicode.get(0) ?? '').filter((c) => c.match(CJK)));
    expect(lost).toEqual([]);
    const printed = new Set(rendered.text.match(CJK));
    const fromReport = new Set(strings([report.title, report.sections.map((s) => [s.title, s.data])]).join('').match(CJK));
    const notPrinted = [...fromReport].filter((c) => !printed.has(c));
    const noGlyph = [...printed].filter((c) => !mapped.has(c));
    expect(notPrinted).toEqual([]);
    expect(noGlyph).toEqual([]);
    expect(printed.size).toBeGreaterThan(300);
  });

  // Render time is not asserted here (no timed unit tests): it belongs in a benchmark.
  it('renders the same report again to the same pages and text (nothing carried over between renders)', async () => {
    const again = await render(report);
    expect(again.pages.length).toBe(rendered.pages.length);
    expect(again.text).toBe(rendered.text);
  });
});

describe('renderInvestigationPdf: options and other templates', () => {
  it('prints labels in English only when asked', async () => {
    const rendered = await render(build8dReport(), ['en']);
    expectText(rendered, ['D4 Root cause', 'Emergency response neededYes', 'Page 1 of', 'Man', 'Why 1', 'Signed off']);
    for (const zh of ['D4 根本原因分析', '是 / Yes', '第 1 /', '人 / Man', '已签核']) expect(rendered.text).not.toContain(squeeze(zh));
    // User data stays as typed.
    expectText(rendered, ['第 3 工位冲孔时工件在模具内窜动 0.3 mm']);
  });

  it('prints labels in Chinese only when asked', async () => {
    const rendered = await render(build8dReport(), ['zh-CN']);
    expectText(rendered, ['D4 根本原因分析', '需要紧急响应措施是', '第 1 /', '为什么 1', '已签核']);
    for (const en of ['D4 Root cause', 'Page 1 of', 'Why 1', 'Signed off']) expect(rendered.text).not.toContain(squeeze(en));
  });

  it('renders a 3D short form, with a draft section, no sign-offs and no effectiveness check yet', async () => {
    const report = build3dReport();
    const rendered = await render(report);
    const d2 = THREE_D_PAYLOADS.D2 as { fiveWhys: Array<{ why: string; because: string }>; rootCause: string };
    expectText(rendered, [
      '3D 简易纠正措施 / 3D short corrective action',
      ...report.sections.map((s) => `${s.title['zh-CN']} / ${s.title.en}`),
      '草稿 / Draft',
      '尚无签核 / Not signed off yet',
      ...d2.fiveWhys.flatMap((s) => [s.why, s.because]),
      d2.rootCause,
      '遏制有效 / Containment effective是 / Yes',
      '有效性检查 / Effectiveness check',
      '尚未安排 / Not scheduled',
      'ACME Automotive',
    ]);
    rendered.pages.forEach((page, i) => {
      expect(squeeze(page)).toContain(squeeze(`INV-2026-000098 · 生成时间 / Generated at ${shanghai(report.generatedAt)}`));
      expect(squeeze(page)).toContain(squeeze(`第 ${i + 1} / ${rendered.pages.length} 页`));
    });
  });

  it('prints a section never filled in, and unknown keys as they are', async () => {
    const report = build3dReport({ severity: 'catastrophic', keyTitles: undefined, timeZone: 'Mars/Olympus' });
    report.sections[2] = { ...report.sections[2], data: null };
    const rendered = await render(report);
    expectText(rendered, ['尚未填写 / Not filled in yet', 'catastrophic', 'sqe', '(UTC)']);
  });
});

describe('renderInvestigationPdf: page breaks', () => {
  const longText = (n: number) => `遏制措施 ${n} 开始：${'对可疑批次进行全数检验并记录结果，'.repeat(6)}措施 ${n} 结束 END-${n}.`;

  it('never splits a table row or a 5-Whys box across pages, and lets a very long text flow on', async () => {
    const base = build8dReport();
    const d3 = { ...EIGHT_D_PAYLOADS.D3, actions: Array.from({ length: 30 }, (_, i) => ({ action: longText(i), scope: 'supplier', owner: `Owner-${i}!` })) };
    const steps = Array.from({ length: 10 }, (_, i) => ({ why: `WHY-${i}: ${'为什么'.repeat(40)}`, because: `${'因为'.repeat(60)} BECAUSE-${i}.` }));
    const d4 = EIGHT_D_PAYLOADS.D4 as Record<string, Record<string, unknown>>;
    const d2 = { ...EIGHT_D_PAYLOADS.D2, problemStatement: `START ${'问题描述的很长的文字。'.repeat(360)} FINISH` };
    const sections = base.sections.map((s) =>
      s.key === 'D3' ? { ...s, data: d3 } : s.key === 'D4' ? { ...s, data: { ...d4, occurrence: { ...d4.occurrence, fiveWhys: steps } } } : s.key === 'D2' ? { ...s, data: d2 } : s,
    );
    const rendered = await render({ ...base, sections });
    const pageOf = (marker: string) => rendered.pages.findIndex((p) => squeeze(p).includes(squeeze(marker)));
    for (let i = 0; i < 30; i++) {
      const page = pageOf(`Owner-${i}!`);
      expect(page, `row ${i}`).toBeGreaterThanOrEqual(0);
      expect([pageOf(`遏制措施 ${i} 开始`), pageOf(`END-${i}.`)], `row ${i}`).toEqual([page, page]);
    }
    for (let i = 0; i < 10; i++) expect(pageOf(`WHY-${i}:`), `why ${i}`).toBe(pageOf(`BECAUSE-${i}.`));
    expect(pageOf('FINISH')).toBeGreaterThan(pageOf('START'));
    // Read across the page break without the running header and footer in between.
    const body = rendered.pages.map((p) => p.split('\n').filter((line) => !/INV-2026-000123|Page \d+ of \d+/.test(line)).join('')).join('');
    expect(squeeze(body)).toContain(squeeze(d2.problemStatement));
  });
});
