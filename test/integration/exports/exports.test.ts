import ExcelJS from 'exceljs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { Resvg } from '@resvg/resvg-js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, LABEL_SIZE, slots, X_LABEL_Y } from '../../../src/exports/chart-svg';
import { complaintPages } from '../../../src/exports/complaint-list';
import { ExportRequest } from '../../../src/exports/export-request.entity';
import { SWEEP_BATCH } from '../../../src/exports/export.service';
import { ManualClock } from '../../../src/scheduler/clock';
import { AddCostItemDocument, CreateComplaintDocument, RequestExportDocument, type ExportInput } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { editAndPublish, type Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { seedAll } from '../stats/stats-seed';

/**
 * Exports of the stats data set (stats-seed.ts, Asia/Shanghai) through requestExport and the link's GET, on
 * SQLite and PostgreSQL. A second tenant holds two complaints with awkward text (quotes, commas, a line
 * break, a formula, Chinese customers) that the first tenant's files must never show.
 */
let server: TestServer;
const clock = new ManualClock('2026-10-31T17:00:00Z');
let other: { tenantId: string; key: string };
const AWKWARD = 'He said "no", then\nleft';
const FORMULA = '=HYPERLINK("http://evil.example","click")';

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  const refs = await seedAll(server, clock);
  // Costs in the list: B 1000.50 CNY; F 100 USD at 7.1 = 710 CNY.
  for (const [ref, input] of [[refs.B, { kind: 'compensation', amount: '1000.50' }], [refs.F, { kind: 'sorting', amount: '100', currency: 'USD', exchangeRate: '7.1' }]] as const) {
    const { addCostItem } = await server.query(AddCostItemDocument, { input: { subjectId: ref.id, ...input } });
    if (addCostItem.__typename !== 'CostItem') throw new Error(JSON.stringify(addCostItem));
  }
  other = await server.createTenant('other-plant');
  clock.set(new Date('2026-11-15T02:00:00Z'));
  for (const [organization, description, receivedAt] of [
    ['华东汽车', AWKWARD, '2026-11-15T01:00:00Z'],
    ['西南电机', FORMULA, '2026-11-15T01:30:00Z'],
  ]) {
    const data = productQualityData({ receivedAt, product: { partNumber: 'X9' }, customer: { organization, contactName: '李工' }, quantityAffected: 5, description });
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data }) }, other.key);
    if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
  }
  clock.set(new Date('2026-12-10T04:00:00Z'));
}, 180_000);
afterAll(() => server?.stop());

async function requestExport(input: ExportInput, key?: string) {
  const { requestExport: result } = await server.query(RequestExportDocument, { input }, key);
  if (result.__typename !== 'ExportLink') throw new Error(JSON.stringify(result));
  return result;
}

const get = (path: string) => fetch(new URL(path, server.url));

async function download(input: ExportInput, key?: string): Promise<{ body: Buffer; response: Response; link: Awaited<ReturnType<typeof requestExport>> }> {
  const link = await requestExport(input, key);
  const response = await get(link.url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(link.contentType);
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${link.filename}"`);
  return { body: Buffer.from(await response.arrayBuffer()), response, link };
}

/** RFC 4180: fields split on commas and CRLF, quoted fields may hold both and "" for a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const csvRows = (body: Buffer) => {
  expect(body.subarray(0, 3)).toEqual(BOM);
  return parseCsv(body.subarray(3).toString('utf8'));
};

async function sheetOf(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0];
}

const storedRequests = () => server.stored().count(ExportRequest, {});

describe(`exports and charts (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('links to the complaint list as CSV: BOM, one row per complaint by receipt, local times, Chinese text', async () => {
    const { body, link } = await download({ kind: 'COMPLAINTS', format: 'CSV', language: 'EN' });
    expect(link).toMatchObject({ contentType: 'text/csv; charset=utf-8', filename: 'complaints-20261210-1200.csv', expiresAt: '2026-12-10T04:15:00.000Z' });
    expect(link.url).toMatch(/^\/exports\/[A-Za-z0-9_-]{43}\.csv$/);
    const rows = csvRows(body);
    expect(rows[0]).toEqual([
      ...['Number', 'Type', 'Status', 'Summary', 'Category', 'Severity', 'Department', 'Product', 'Customer', 'Received at', 'Closed at', 'Stage-1 cycle (h)', 'On time', 'Rejected', 'Reopened', 'Satisfaction', 'Claimed defective qty', 'Cost (CNY)'],
      ...['Type key', 'Category key', 'Severity key', 'Department key', 'Status key'],
    ]);
    const summary = productQualityData().description;
    const pick = (r: string[]) => [r[0], r[3], r[4], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15], r[16], r[17], r[19]];
    // Oldest receipt first: A (1 Nov 01:00 in Shanghai), B, C, F, E, D (1 Dec 01:00). Numbers in order of creation A-F.
    expect(rows.slice(1).map(pick)).toEqual([
      ['CC-2026-000001', summary, '', 'P1', 'C1', '2026-11-01 01:00', '2026-11-01 03:00', '2', 'yes', 'yes', '0', '', '100', '0', ''],
      ['CC-2026-000002', summary, 'Material / purchased part', 'P1', 'C1', '2026-11-02 10:00', '2026-11-02 14:00', '4', 'yes', 'no', '0', '4', '50', '1000.5', 'material'],
      ['CC-2026-000003', summary, 'Machining', 'P2', 'C2', '2026-11-03 10:00', '', '', '', 'no', '1', '5', '30', '0', 'machining'],
      ['CC-2026-000006', summary, 'Machining', 'P2', 'C1', '2026-11-05 10:00', '2026-11-30 10:00', '600', 'no', 'no', '0', '3', '40', '710', 'machining'],
      ['CC-2026-000005', summary, '', 'P1', 'C1', '2026-11-10 10:00', '', '', '', 'no', '0', '', '10', '0', ''],
      ['CC-2026-000004', summary, 'Machining', 'P1', 'C2', '2026-12-01 01:00', '2026-12-01 09:00', '8', 'yes', 'no', '0', '2', '20', '0', 'machining'],
    ]);
    // Type, severity and department by their titles, the keys in the last columns.
    const rejected = ['Product quality complaint', '', '', 'product-quality', '', ''];
    const production = ['Product quality complaint', 'Minor', 'Production', 'product-quality', 'minor', 'production'];
    expect(rows.slice(1).map((r) => [r[1], r[5], r[6], r[18], r[20], r[21]])).toEqual([
      rejected,
      ['Product quality complaint', 'Minor', 'Supplier Quality & Purchasing', 'product-quality', 'minor', 'sqe'],
      production,
      production,
      rejected,
      production,
    ]);
    // The status by its title in the pinned workflow, the code last for integrators.
    expect(rows.slice(1).map((r) => [r[0], r[2], r[22]])).toEqual([
      ['CC-2026-000001', 'Rejected', 'REJECTED'],
      ['CC-2026-000002', 'Closed', 'CLOSED'],
      ['CC-2026-000003', 'Under review', 'UNDER_REVIEW'],
      ['CC-2026-000006', 'Closed', 'CLOSED'],
      ['CC-2026-000005', 'Received', 'RECEIVED'],
      ['CC-2026-000004', 'Closed', 'CLOSED'],
    ]);
    expect(rows).toHaveLength(7);
  });

  it('reads the list in keyset pages: every complaint once, in the order of one read', async () => {
    const pages: string[][] = [];
    for await (const page of complaintPages(server.stored(), server.tenantId, null, 4)) pages.push(page.map((r) => r.number as string));
    expect(pages).toEqual([
      ['CC-2026-000001', 'CC-2026-000002', 'CC-2026-000003', 'CC-2026-000006'],
      ['CC-2026-000005', 'CC-2026-000004'],
    ]);
    const twos: string[][] = [];
    for await (const page of complaintPages(server.stored(), server.tenantId, { products: ['P1'] }, 2)) twos.push(page.map((r) => r.number as string));
    expect(twos).toEqual([['CC-2026-000001', 'CC-2026-000002'], ['CC-2026-000005', 'CC-2026-000004']]);
  });

  it("keeps quotes, commas and line breaks in one cell, makes formulas inert, and shows only the token's tenant", async () => {
    const { body } = await download({ kind: 'COMPLAINTS', format: 'CSV', language: 'ZH_CN' }, other.key);
    const text = body.subarray(3).toString('utf8');
    expect(text).toContain('"He said ""no"", then\nleft"');
    const rows = csvRows(body);
    expect(rows[0].slice(0, 4)).toEqual(['编号', '类型', '状态', '摘要']);
    expect(rows[0][22]).toBe('状态代码');
    // The status in the export's language (the workflow's state title), its code in the last column.
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3], r[8], r[13], r[22]])).toEqual([
      ['CC-2026-000001', '已接收', AWKWARD, '华东汽车', '否', 'RECEIVED'],
      ['CC-2026-000002', '已接收', `'${FORMULA}`, '西南电机', '否', 'RECEIVED'],
    ]);
    // The first tenant's list under its own link never holds the other's complaints.
    const mine = csvRows((await download({ kind: 'COMPLAINTS', format: 'CSV' })).body);
    expect(mine.flat().some((cell) => cell.includes('华东汽车') || cell.includes('HYPERLINK'))).toBe(false);
  });

  it('writes the complaint list as XLSX with numbers as numbers and dates as local date-times', async () => {
    const { body, link } = await download({ kind: 'COMPLAINTS', format: 'XLSX', language: 'ZH_CN', filter: { categories: ['machining'] } });
    expect(link.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await sheetOf(body);
    expect(sheet.name).toBe('投诉清单');
    expect(sheet.getRow(1).getCell(1).value).toBe('编号');
    expect(sheet.getRow(1).getCell(12).value).toBe('一阶段周期（小时）');
    expect(sheet.rowCount).toBe(4);
    const f = sheet.getRow(3); // F: received 5 Nov 10:00 in Shanghai, 600 h, late
    expect(f.getCell(1).value).toBe('CC-2026-000006');
    expect(f.getCell(10).value).toEqual(new Date('2026-11-05T10:00:00Z'));
    expect(f.getCell(10).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(f.getCell(12).value).toBe(600);
    expect(f.getCell(12).numFmt).toBe('0.0#');
    expect(f.getCell(13).value).toBe('否');
    expect(f.getCell(16).value).toBe(3);
    expect(f.getCell(17).value).toBe(40);
    expect(sheet.getRow(1).getCell(18).value).toBe('成本 (CNY)');
    expect(f.getCell(18).value).toBe(710);
    expect(sheet.getRow(2).getCell(11).value).toBe(null); // C: reopened, not closed
    // Type, category, severity and department by their Chinese titles; the keys last.
    expect((sheet.getRow(1).values as unknown[]).slice(19)).toEqual(['类型代码', '类别代码', '严重度代码', '责任部门代码', '状态代码']);
    expect([3, 23].map((c) => f.getCell(c).value)).toEqual(['已关闭', 'CLOSED']);
    expect([2, 5, 6, 7, 19, 20, 21, 22].map((c) => f.getCell(c).value)).toEqual(['产品质量投诉', '机加工', '一般', '生产部', 'product-quality', 'machining', 'minor', 'production']);
  });

  it('exports complaintStats by department and category with titles and keys side by side', async () => {
    const input: ExportInput = { kind: 'COMPLAINT_STATS', format: 'CSV', language: 'ZH_CN', groupBy: ['DEPARTMENT', 'CATEGORY'] };
    const keys = (rows: string[][]) => rows.map((r) => [...r.slice(0, 4), r[4]]);
    expect(keys(csvRows((await download(input)).body))).toEqual([
      ['责任部门', '责任部门代码', '类别', '类别代码', '投诉数'],
      ['合计', '', '', '', '6'],
      ['生产部', 'production', '机加工', 'machining', '3'],
      ['供应商质量/采购部', 'sqe', '材料/外购件', 'material', '1'],
      ['（未设置）', '', '（未设置）', '', '2'],
    ]);
    expect(keys(csvRows((await download({ ...input, language: 'EN' })).body))).toEqual([
      ['Department', 'Department key', 'Category', 'Category key', 'Complaints'],
      ['Total', '', '', '', '6'],
      ['Production', 'production', 'Machining', 'machining', '3'],
      ['Supplier Quality & Purchasing', 'sqe', 'Material / purchased part', 'material', '1'],
      ['(not set)', '', '(not set)', '', '2'],
    ]);
    const byType = csvRows((await download({ ...input, language: 'EN', groupBy: ['TYPE', 'SEVERITY'] })).body);
    expect(byType.map((r) => r.slice(0, 5))).toEqual([
      ['Type', 'Type key', 'Severity', 'Severity key', 'Complaints'],
      ['Total', '', '', '', '6'],
      ['Product quality complaint', 'product-quality', 'Minor', 'minor', '4'],
      ['Product quality complaint', 'product-quality', '(not set)', '', '2'],
    ]);
  });

  it('exports complaintStats by month as CSV with the hand-computed figures', async () => {
    const rows = csvRows((await download({ kind: 'COMPLAINT_STATS', format: 'CSV', language: 'EN', groupBy: ['MONTH'] })).body);
    expect(rows).toEqual([
      [
        ...['Month', 'Complaints', 'Closed', 'Median cycle (h)', 'P90 cycle (h)', 'Mean cycle (h)', 'Timed', 'On time', 'On-time rate', 'Rejected', 'Rejected share', 'Reopened', 'Reopen rate'],
        ...['Satisfaction answers', 'Mean satisfaction', 'Repeats', 'Repeat rate'],
        ...['Stage-2 opened', 'Stage-2 open', 'Stage-2 closed', 'Stage-2 median cycle (h)', 'Stage-2 P90 cycle (h)', 'Stage-2 on-time rate'],
      ],
      // F (P2, machining) came 2 days after C: one repeat in the default 90-day window. No investigation: stage 2 is empty.
      ['Total', '6', '4', '4', '600', '153.5', '4', '3', '75%', '1', '16.67%', '1', '20%', '4', '3.5', '1', '16.67%', '0', '0', '0', '', '', ''],
      ['2026-11', '5', '3', '4', '600', '202', '3', '2', '66.67%', '1', '20%', '1', '25%', '3', '4', '1', '20%', '0', '0', '0', '', '', ''],
      ['2026-12', '1', '1', '8', '8', '8', '1', '1', '100%', '0', '0%', '0', '0%', '1', '2', '0', '0%', '0', '0', '0', '', '', ''],
    ]);
    // A window of one day has no repeat.
    const narrow = csvRows((await download({ kind: 'COMPLAINT_STATS', format: 'CSV', language: 'EN', repeatWindowDays: 1 })).body);
    expect([narrow[0][15], narrow[1][0], narrow[1][15], narrow[1][16]]).toEqual(['Repeats', 'Total', '0', '0%']);
  });

  it('exports a Pareto as XLSX with counts and percentages as numbers', async () => {
    const sheet = await sheetOf((await download({ kind: 'PARETO', format: 'XLSX', language: 'ZH_CN', dimension: 'CATEGORY' })).body);
    const values = [1, 2, 3, 4].map((r) => (sheet.getRow(r).values as unknown[]).slice(1));
    expect(values).toEqual([
      ['类别', '类别代码', '投诉数', '占比', '累计数', '累计占比'],
      ['机加工', 'machining', 3, 0.5, 3, 0.5],
      ['（未设置）', undefined, 2, 2 / 6, 5, 5 / 6],
      ['材料/外购件', 'material', 1, 1 / 6, 6, 1],
    ]);
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('0.0%');
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('0');
  });

  it('exports a Pareto by claimed quantity with the quantity columns', async () => {
    // Claimed: A 100 and E 10 (no category), B 50 (material), C 30, D 20 and F 40 (machining).
    expect(csvRows((await download({ kind: 'PARETO', format: 'CSV', language: 'EN', dimension: 'CATEGORY', measure: 'CLAIMED_QUANTITY' })).body)).toEqual([
      ['Category', 'Category key', 'Complaints', 'Quantity', 'Share', 'Cumulative quantity', 'Cumulative share'],
      ['(not set)', '', '2', '110', '44%', '110', '44%'],
      ['Machining', 'machining', '3', '90', '36%', '200', '80%'],
      ['Material / purchased part', 'material', '1', '50', '20%', '250', '100%'],
    ]);
  });

  it('exports PPM per product as CSV and XLSX, both quantities shown', async () => {
    const input: ExportInput = { kind: 'PPM', format: 'CSV', language: 'EN', ppmGroupBy: ['PRODUCT'] };
    expect(csvRows((await download(input)).body)).toEqual([
      ['Product', 'Complaints', 'Defective qty', 'Shipped qty', 'PPM', 'No shipments'],
      ['Total', '6', '250', '15000', '16666.67', 'no'],
      ['P1', '4', '180', '10000', '18000', 'no'],
      ['P2', '2', '70', '5000', '14000', 'no'],
    ]);
    const sheet = await sheetOf((await download({ ...input, format: 'XLSX' })).body);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['Total', 6, 250, 15000, 250_000_000 / 15000, 'no']);
  });

  it('draws the Pareto chart as well-formed SVG with its labels, and as a PNG of the same size', async () => {
    const { body: svg, link } = await download({ kind: 'PARETO_CHART', format: 'SVG', language: 'ZH_CN', dimension: 'CATEGORY' });
    expect(link).toMatchObject({ contentType: 'image/svg+xml; charset=utf-8', filename: 'pareto-chart-category-20261210-1200.svg' });
    const text = svg.toString('utf8');
    // resvg parses strictly (roxmltree): a malformed document throws.
    expect(new Resvg(text).render().width).toBe(CHART_WIDTH);
    for (const label of ['投诉帕累托图 · 类别', '机加工', '（未设置）', '材料/外购件', '80% 参考线', '100%']) expect(text).toContain(`>${label}</text>`);
    const xLabels = (svg: string) => [...svg.matchAll(/<text [^>]*font-size="14"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(xLabels(text)).toEqual(['机加工', '（未设置）', '材料/外购件']);
    // In English the long title is cut to its slot with an ellipsis.
    expect(xLabels((await download({ kind: 'PARETO_CHART', format: 'SVG', language: 'EN', dimension: 'CATEGORY' })).body.toString('utf8'))).toEqual(['Machining', '(not set)', 'Material / purchas…']);
    expect(text).toMatch(/<polyline points="[^"]+"/);

    const { body: png } = await download({ kind: 'PARETO_CHART', format: 'PNG', dimension: 'CATEGORY' });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
  });

  it("draws Chinese labels in the PNG: two customers' labels carry ink and differ", async () => {
    const { body: png } = await download({ kind: 'PARETO_CHART', format: 'PNG', dimension: 'CUSTOMER', language: 'ZH_CN' }, other.key);
    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    const region = (i: number) => {
      const s = slots(2)[i];
      const data = ctx.getImageData(Math.floor(s.x), X_LABEL_Y - LABEL_SIZE - 2, Math.floor(s.width), LABEL_SIZE + 8).data;
      return Array.from({ length: data.length / 4 }, (_, p) => data[p * 4]);
    };
    // Both customers have one complaint: ties by value in code-point order, 华东汽车 (U+534E) before 西南电机 (U+897F).
    const [a, b] = [region(0), region(1)];
    expect(a.filter((v) => v < 160).length).toBeGreaterThan(100);
    expect(b.filter((v) => v < 160).length).toBeGreaterThan(100);
    expect(a.filter((v, i) => Math.abs(v - b[i]) > 64).length).toBeGreaterThan(50);
  });

  it('draws the trend per month and per ISO week over the range, empty buckets as 0', async () => {
    const month = (await download({ kind: 'TREND_CHART', format: 'SVG', language: 'EN', filter: { dateRange: { from: '2026-10-01', to: '2026-12-31' } } })).body.toString('utf8');
    const labels = (svg: string) => [...svg.matchAll(/<text [^>]*font-size="14"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const counts = (svg: string) => [...svg.matchAll(/<text [^>]*font-size="12" text-anchor="middle"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(labels(month)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(counts(month)).toEqual([0, 5, 1]);
    expect(month).toContain('>Complaint trend · Complaints per month</text>');
    const week = await download({ kind: 'TREND_CHART', format: 'SVG', interval: 'WEEK', filter: { dateRange: { from: '2026-11-01', to: '2026-12-01' } } });
    expect(week.link.filename).toBe('trend-chart-week-20261210-1200.svg');
    const weekSvg = week.body.toString('utf8');
    expect(labels(weekSvg)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(counts(weekSvg)).toEqual([1, 3, 1, 0, 0, 1]);
    const png = (await download({ kind: 'TREND_CHART', format: 'PNG' })).body;
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
  });

  it('stores only the SHA-256 of the token, the parameters and who asked; the link dies after 15 minutes', async () => {
    clock.set(new Date('2026-12-10T05:00:00Z'));
    const link = await requestExport({ kind: 'PARETO', format: 'CSV', dimension: 'PRODUCT' });
    const token = /^\/exports\/(.+)\.csv$/.exec(link.url)![1];
    const row = await server.stored().findOneOrFail(ExportRequest, { tokenHash: createHash('sha256').update(token).digest('hex') });
    expect(row).toMatchObject({ tenantId: server.tenantId, kind: 'PARETO', format: 'CSV', parameters: { dimension: 'PRODUCT', filter: null, language: 'en' }, createdAt: new Date('2026-12-10T05:00:00Z'), expiresAt: new Date('2026-12-10T05:15:00Z') });
    expect(row.requestedBy).toMatch(/^api-key:[0-9a-f-]{36}$/);
    clock.set(new Date('2026-12-10T05:14:59Z'));
    expect((await get(link.url)).status).toBe(200);
    clock.set(new Date('2026-12-10T05:15:00Z'));
    const expired = await get(link.url);
    expect(expired.status).toBe(404);
    expect(await expired.json()).toEqual({ errors: [{ message: 'No such export, or its link has expired: request a new one', extensions: { code: 'NOT_FOUND' } }] });
    // Unknown tokens and a token under another extension are as unknown.
    expect((await get(`/exports/${'A'.repeat(43)}.csv`)).status).toBe(404);
    const fresh = await requestExport({ kind: 'PARETO', format: 'CSV', dimension: 'PRODUCT' });
    expect((await get(fresh.url.replace(/\.csv$/, '.xlsx'))).status).toBe(404);
  });

  it("sweeps every tenant's expired links after a scheduler tick, without waiting for the tenant to export again", async () => {
    const all = (where: Record<string, unknown> = {}) => server.app.services.db.system().count(ExportRequest, where, { filters: false });
    const tick = () => server.app.services.scheduler.tick();
    clock.set(new Date('2026-12-10T06:00:00Z'));
    await tick();
    expect(await all({ expiresAt: { $lte: clock.now() } })).toBe(0);
    const link = await requestExport({ kind: 'COMPLAINTS', format: 'CSV' }, other.key);
    const mine = await requestExport({ kind: 'COMPLAINTS', format: 'CSV' });
    expect(await all({ tenantId: other.tenantId })).toBe(1);
    // Not yet expired: kept.
    clock.set(new Date('2026-12-10T06:14:59Z'));
    await tick();
    expect(await all({ tenantId: other.tenantId })).toBe(1);
    // Expired: gone, in both tenants, though neither exported since.
    clock.set(new Date('2026-12-10T06:15:00Z'));
    await tick();
    expect(await all({ tenantId: { $in: [other.tenantId, server.tenantId] } })).toBe(0);
    for (const l of [link, mine]) expect((await get(l.url)).status).toBe(404);
  });

  it('sweeps at most SWEEP_BATCH expired links per tick, the rest on the next', async () => {
    const all = () => server.app.services.db.system().count(ExportRequest, {}, { filters: false });
    const em = server.stored();
    const at = new Date(clock.now().getTime() - 60_000);
    for (let i = 0; i <= SWEEP_BATCH; i++) {
      em.create(ExportRequest, { tenantId: server.tenantId, tokenHash: createHash('sha256').update(`expired-${i}`).digest('hex'), kind: 'COMPLAINTS', format: 'CSV', parameters: { filter: null, groupBy: [], ppmGroupBy: [], dimension: null, numerator: 'CLAIMED', interval: 'MONTH', language: 'en' }, requestedBy: 'test', createdAt: at, expiresAt: at });
    }
    await em.flush();
    expect(await all()).toBe(SWEEP_BATCH + 1);
    await server.app.services.scheduler.tick();
    expect(await all()).toBe(1);
    await server.app.services.scheduler.tick();
    expect(await all()).toBe(0);
  });

  const refusals: Array<{ title: string; input: ExportInput; problems: Array<{ path: string; code: string }> }> = [
    { title: 'a table as a picture', input: { kind: 'PARETO', format: 'PNG', dimension: 'CATEGORY' }, problems: [{ path: '/input/format', code: 'FORMAT_NOT_SUPPORTED' }] },
    { title: 'a chart as a table', input: { kind: 'TREND_CHART', format: 'XLSX' }, problems: [{ path: '/input/format', code: 'FORMAT_NOT_SUPPORTED' }] },
    { title: 'a Pareto without a dimension', input: { kind: 'PARETO_CHART', format: 'SVG' }, problems: [{ path: '/input/dimension', code: 'REQUIRED' }] },
    { title: 'an argument of another kind', input: { kind: 'COMPLAINTS', format: 'CSV', groupBy: ['MONTH'], numerator: 'CLAIMED' }, problems: [{ path: '/input/groupBy', code: 'NOT_APPLICABLE' }, { path: '/input/numerator', code: 'NOT_APPLICABLE' }] },
    { title: 'a repeat window out of range', input: { kind: 'COMPLAINT_STATS', format: 'CSV', repeatWindowDays: 0 }, problems: [{ path: '/input/repeatWindowDays', code: 'RANGE' }] },
    { title: 'a measure on a table without one', input: { kind: 'PPM', format: 'CSV', measure: 'COUNT' }, problems: [{ path: '/input/measure', code: 'NOT_APPLICABLE' }] },
    { title: 'a dimension twice', input: { kind: 'COMPLAINT_STATS', format: 'XLSX', groupBy: ['MONTH', 'MONTH'] }, problems: [{ path: '/input/groupBy', code: 'DUPLICATE_DIMENSION' }] },
    { title: 'four PPM dimensions', input: { kind: 'PPM', format: 'CSV', ppmGroupBy: ['MONTH', 'PRODUCT', 'CUSTOMER', 'MONTH'] }, problems: [{ path: '/input/ppmGroupBy', code: 'TOO_MANY_DIMENSIONS' }, { path: '/input/ppmGroupBy', code: 'DUPLICATE_DIMENSION' }] },
    { title: 'a date range backwards', input: { kind: 'COMPLAINTS', format: 'CSV', filter: { dateRange: { from: '2026-12-01', to: '2026-11-01' } } }, problems: [{ path: '/input/filter/dateRange', code: 'DATE_RANGE' }] },
    { title: 'a date that is no date', input: { kind: 'PARETO', format: 'CSV', dimension: 'CATEGORY', filter: { dateRange: { from: '2026-02-30', to: '2026-03-01' } } }, problems: [{ path: '/input/filter/dateRange/from', code: 'FORMAT' }] },
    { title: 'too many filter values', input: { kind: 'COMPLAINTS', format: 'XLSX', filter: { customers: Array.from({ length: 101 }, (_, i) => `C${i}`) } }, problems: [{ path: '/input/filter/customers', code: 'TOO_MANY_VALUES' }] },
    { title: 'a trend of too many weeks', input: { kind: 'TREND_CHART', format: 'PNG', interval: 'WEEK', filter: { dateRange: { from: '2020-01-01', to: '2026-12-31' } } }, problems: [{ path: '/input/filter/dateRange', code: 'TOO_MANY_BUCKETS' }] },
  ];
  it.each(refusals)('refuses $title with VALIDATION_FAILED and stores nothing', async ({ input, problems }) => {
    const before = await storedRequests();
    const { requestExport: result } = await server.query(RequestExportDocument, { input });
    expect(result).toEqual({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems });
    expect(await storedRequests()).toBe(before);
  });

  it('needs an API key to request a link (any role that reads statistics)', async () => {
    const result = await server.request(RequestExportDocument, { input: { kind: 'COMPLAINTS', format: 'CSV' } }, { key: null });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  // Last: it changes the published product-quality template.
  it('shows titles of the latest published templates, and a key none has any more as the key', async () => {
    await editAndPublish(server, 'COMPLAINT_TYPE', 'product-quality', (content: Json) => {
      content.categories = content.categories.filter((c: Json) => c.key !== 'material');
      content.categories.find((c: Json) => c.key === 'manufacturing-defect').children.find((c: Json) => c.key === 'machining').title = { 'zh-CN': '数控加工', en: 'CNC machining' };
    });
    const titles = async (language: 'EN' | 'ZH_CN') => csvRows((await download({ kind: 'PARETO', format: 'CSV', language, dimension: 'CATEGORY' })).body).map((r) => r.slice(0, 3));
    expect(await titles('EN')).toEqual([
      ['Category', 'Category key', 'Complaints'],
      ['CNC machining', 'machining', '3'],
      ['(not set)', '', '2'],
      ['material', 'material', '1'],
    ]);
    expect((await titles('ZH_CN')).slice(1)).toEqual([
      ['数控加工', 'machining', '3'],
      ['（未设置）', '', '2'],
      ['material', 'material', '1'],
    ]);
  });
});
