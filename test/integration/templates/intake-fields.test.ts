import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptComplaintDocument,
  ComplaintClocksDocument,
  ComplaintsDocument,
  ComplaintStatsDocument,
  CreateComplaintDocument,
  CreateTemplateDraftDocument,
  LessonsDocument,
  OpenInvestigationDocument,
  ParetoDocument,
  PublishTemplateDocument,
  RecordClosingEvaluationDocument,
  StartReviewDocument,
  SuggestedInvestigationsDocument,
  TemplateDocument,
  TemplateDraftDocument,
  UpdateTemplateDraftDocument,
} from '../../__generated__/graphql';
import { productQualityData } from '../../fixtures/complaints';
import { investigationStep } from '../../fixtures/investigations';
import { editAndPublish, type Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/**
 * An outside process: a building-materials distributor whose intake names things its own way (order.sku for the
 * part number, buyer.company for the customer, pieces for the defective quantity, reportedOn for the time received).
 * It is configured through GraphQL alone; its complaint type maps those fields (intakeFields), and statistics, the
 * clocks, investigation suggestions, closing evaluations and the complaints filter must read them there.
 */
const TYPE = 'building-materials';
const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const days = (value: number) => ({ value, unit: 'calendar-days' });
const MAPPED = { partNumber: '/order/sku', customer: '/buyer/company', quantity: '/pieces', receivedAt: '/reportedOn' };

const distributorType: Json = {
  kind: 'complaint-type',
  key: TYPE,
  title: t('建材投诉', 'Building-materials complaint'),
  numberPrefix: 'BM',
  intakeSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['order', 'buyer', 'pieces', 'reportedOn', 'description'],
    properties: {
      order: {
        type: 'object',
        'x-title': t('订单', 'Order'),
        additionalProperties: false,
        required: ['sku', 'branch'],
        properties: {
          sku: { type: 'string', minLength: 1, maxLength: 64, 'x-title': t('货号', 'SKU') },
          branch: { type: 'string', minLength: 1, maxLength: 64, 'x-title': t('销售门店', 'Selling branch') },
        },
      },
      buyer: {
        type: 'object',
        'x-title': t('买方', 'Buyer'),
        additionalProperties: false,
        required: ['company'],
        properties: { company: { type: 'string', minLength: 1, maxLength: 200, 'x-title': t('公司', 'Company') } },
      },
      pieces: { type: 'integer', minimum: 0, 'x-title': t('件数', 'Pieces') },
      reportedOn: { type: 'string', format: 'date-time', 'x-title': t('报告时间', 'Reported on') },
      description: { type: 'string', minLength: 1, maxLength: 2000, 'x-title': t('描述', 'Description') },
    },
  },
  intakeFields: MAPPED,
  categories: [
    { key: 'damaged-goods', title: t('货物破损', 'Damaged goods') },
    { key: 'wrong-item', title: t('错发', 'Wrong item') },
  ],
  severities: [
    { key: 'minor', title: t('一般', 'Minor'), rank: 1 },
    { key: 'major', title: t('严重', 'Major'), rank: 2 },
  ],
  defaultSeverity: 'minor',
  routing: { rules: [], defaultDepartment: 'logistics' },
  investigation: { template: '8d', rules: [], default: 'optional' },
  sla: {
    response: { minor: { acknowledge: days(2), respond: days(5), close: days(10) }, major: { acknowledge: days(1), respond: days(3), close: days(7) } },
    investigation: { minor: { containment: days(1), rootCause: days(10), closure: days(30) }, major: { containment: days(1), rootCause: days(5), closure: days(20) } },
  },
  escalationPolicy: 'standard',
  approvalRoute: 'remedy',
  workflow: 'stage-1',
};

const order = (sku: string, company: string, pieces: number, reportedOn: string) => ({
  order: { sku, branch: 'Nanjing Jiangning' },
  buyer: { company },
  pieces,
  reportedOn,
  description: `${sku}: ${pieces} 件破损 pieces damaged`,
});

let server: TestServer;
type Ref = { id: string; version: number };
const complaints: Record<'a' | 'b' | 'c' | 'd', Ref> = {} as never;

async function create(typeKey: string, data: Record<string, unknown>): Promise<Ref> {
  const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: { typeKey, data } });
  if (c.__typename !== 'Complaint') throw new Error(JSON.stringify(c));
  return c;
}

async function review(c: Ref): Promise<Ref> {
  const { startReview: r } = await server.query(StartReviewDocument, { input: { id: c.id, version: c.version } });
  if (r.__typename !== 'Complaint') throw new Error(JSON.stringify(r));
  return r;
}

async function accept(c: Ref, category: string): Promise<Ref> {
  const reviewed = await review(c);
  const { acceptComplaint: a } = await server.query(AcceptComplaintDocument, { input: { id: reviewed.id, version: reviewed.version, category } });
  if (a.__typename !== 'Complaint') throw new Error(JSON.stringify(a));
  return a;
}

beforeAll(async () => {
  server = await startTestServer();
  // The distributor evaluates a complaint before rejecting or closing it (the closing step is then under review).
  await editAndPublish(server, 'WORKFLOW', 'stage-1', (wf: Json) => {
    for (const tr of wf.transitions) if (tr.action === 'reject' || tr.action === 'close') tr.requires = [...(tr.requires ?? []), 'closingEvaluation'];
  });
  const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE, content: distributorType } });
  if (draft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(draft));
  expect(draft.problems.filter((p) => p.severity === 'ERROR')).toEqual([]);
  const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE, draftVersion: draft.version } });
  expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 1 });

  complaints.a = await create(TYPE, order('CEM-425', '江苏建工 Jiangsu Construction', 40, '2026-11-03T01:00:00Z'));
  complaints.b = await create(TYPE, order('CEM-425', '江苏建工 Jiangsu Construction', 15, '2026-11-05T02:00:00Z'));
  complaints.c = await create(TYPE, order('TILE-600', '杭州装饰 Hangzhou Decor', 120, '2026-11-10T03:00:00Z'));
  complaints.d = await create(TYPE, order('GYP-12', '杭州装饰 Hangzhou Decor', 5, '2026-11-12T06:00:00Z'));
});
afterAll(() => server?.stop());

describe('a complaint type maps the intake fields the engine reads (intakeFields)', () => {
  it('statistics group by the mapped product and customer, sum the mapped pieces and bucket by the mapped received time', async () => {
    const filter = { types: [TYPE] };
    // By product: CEM-425 has a and b (2), TILE-600 c, GYP-12 d. Pieces: TILE-600 120, CEM-425 40 + 15 = 55, GYP-12 5; 180 in all.
    const byCount = (await server.query(ParetoDocument, { dimension: 'PRODUCT', filter, measure: 'COUNT' })).pareto;
    if (byCount.__typename !== 'Pareto') throw new Error(byCount.__typename);
    expect(Object.fromEntries(byCount.items.map((i) => [i.value, i.count]))).toEqual({ 'CEM-425': 2, 'TILE-600': 1, 'GYP-12': 1 });
    const byPieces = (await server.query(ParetoDocument, { dimension: 'PRODUCT', filter, measure: 'CLAIMED_QUANTITY' })).pareto;
    if (byPieces.__typename !== 'Pareto') throw new Error(byPieces.__typename);
    expect(byPieces.items.map((i) => [i.value, i.amount])).toEqual([
      ['TILE-600', 120],
      ['CEM-425', 55],
      ['GYP-12', 5],
    ]);
    expect(byPieces.totalAmount).toBe(180);

    // By customer: Jiangsu has a and b, Hangzhou c and d. By month: all reported in November 2026 (Asia/Shanghai),
    // although they were recorded later (today): the month is the mapped reportedOn's.
    const stats = (await server.query(ComplaintStatsDocument, { filter, groupBy: ['CUSTOMER', 'MONTH'] })).complaintStats;
    if (stats.__typename !== 'ComplaintStats') throw new Error(stats.__typename);
    expect(stats.groups.map((g) => [g.key.map((k) => k.value), g.count]).sort()).toEqual([
      [['杭州装饰 Hangzhou Decor', '2026-11'], 2],
      [['江苏建工 Jiangsu Construction', '2026-11'], 2],
    ]);
  });

  it('the stage-1 clocks start at the mapped received time', async () => {
    // Reported 2026-11-03T01:00Z (09:00 in Shanghai); minor targets in calendar days: acknowledge 2 -> 2026-11-05T01:00Z,
    // respond 5 -> 2026-11-08T01:00Z, close 10 -> 2026-11-13T01:00Z.
    const { complaint } = await server.query(ComplaintClocksDocument, { id: complaints.a.id });
    const clocks = Object.fromEntries(complaint!.clocks.filter((k) => k.stage === 'response').map((k) => [k.name, [k.startedAt, k.dueAt]]));
    expect(clocks).toEqual({
      acknowledge: ['2026-11-03T01:00:00.000Z', '2026-11-05T01:00:00.000Z'],
      respond: ['2026-11-03T01:00:00.000Z', '2026-11-08T01:00:00.000Z'],
      close: ['2026-11-03T01:00:00.000Z', '2026-11-13T01:00:00.000Z'],
    });
  });

  it('an investigation takes the mapped part number, and suggestions match complaints by it', async () => {
    const a = await accept(complaints.a, 'damaged-goods');
    const inv = await investigationStep(server.query(OpenInvestigationDocument, { input: { title: 'CEM-425 破袋 torn bags', complaintIds: [a.id], reason: 'intake fields test' } }));
    expect(inv).toMatchObject({ partNumber: 'CEM-425', category: 'damaged-goods' });
    // b: same SKU and category -> suggested; c: another SKU, same category -> nothing.
    await accept(complaints.b, 'damaged-goods');
    await accept(complaints.c, 'damaged-goods');
    const suggested = async (id: string) => (await server.query(SuggestedInvestigationsDocument, { complaintId: id })).suggestedInvestigations;
    expect(await suggested(complaints.b.id)).toEqual([{ id: inv.id, number: inv.number, partNumber: 'CEM-425', category: 'damaged-goods', status: 'OPEN' }]);
    expect(await suggested(complaints.c.id)).toEqual([]);
  });

  it("the closing evaluation records the mapped part number as its product, and lessons are found by it", async () => {
    const d = await review(complaints.d);
    const { recordClosingEvaluation: e } = await server.query(RecordClosingEvaluationDocument, {
      input: { subjectId: d.id, wentWell: '当天换货 Same-day replacement', wentWrong: '包装太薄 Packaging too thin', lessonsLearned: '石膏板需加护角 Gypsum boards need corner guards', prevention: [{ kind: 'process', action: '加护角 Add corner guards' }], trainingExample: false },
    });
    expect(e).toMatchObject({ __typename: 'ClosingEvaluation', product: 'GYP-12' });
    const { lessons } = await server.query(LessonsDocument, { filter: { product: 'GYP-12' } });
    expect(lessons.edges.map((x) => x.node.subjectId)).toEqual([d.id]);
  });

  it('the complaints filter finds part numbers and customers where each type keeps them', async () => {
    // A shipped product-quality complaint names the same part at product.partNumber: found too, by its own type's path.
    const shipped = await create('product-quality', productQualityData({ product: { partNumber: 'CEM-425', name: 'Cement 42.5' } }));
    const ids = async (filter: Record<string, string>) => (await server.query(ComplaintsDocument, { first: 50, filter })).complaints.edges.map((e) => e.node.id).sort();
    expect(await ids({ partNumber: 'CEM-425' })).toEqual([complaints.a.id, complaints.b.id, shipped.id].sort());
    expect(await ids({ customer: '杭州装饰 Hangzhou Decor' })).toEqual([complaints.c.id, complaints.d.id].sort());
    expect(await ids({ partNumber: 'CEM-425', customer: '杭州装饰 Hangzhou Decor' })).toEqual([]);
  });

  describe('publishing refuses a map that does not fit the intake schema, and changes nothing', () => {
    it.each([
      { title: 'a part number at a property the schema does not declare', fields: { partNumber: '/order/code' }, path: '/intakeFields/partNumber', code: 'UNKNOWN_INTAKE_FIELD' },
      { title: 'a part number below a string', fields: { partNumber: '/order/sku/x' }, path: '/intakeFields/partNumber', code: 'UNKNOWN_INTAKE_FIELD' },
      { title: 'a quantity at a string', fields: { quantity: '/buyer/company' }, path: '/intakeFields/quantity', code: 'INTAKE_FIELD_TYPE' },
      { title: 'a received time at a string that is not a date-time', fields: { receivedAt: '/order/sku' }, path: '/intakeFields/receivedAt', code: 'INTAKE_FIELD_TYPE' },
      { title: 'a customer at an object', fields: { customer: '/buyer' }, path: '/intakeFields/customer', code: 'INTAKE_FIELD_TYPE' },
      { title: 'a part number at an integer', fields: { partNumber: '/pieces' }, path: '/intakeFields/partNumber', code: 'INTAKE_FIELD_TYPE' },
      { title: 'a part number that is not a JSON pointer', fields: { partNumber: 'order/sku' }, path: '/intakeFields/partNumber', code: 'PATTERN' },
      { title: 'a pointer with a bad escape', fields: { customer: '/buyer/~2' }, path: '/intakeFields/customer', code: 'PATTERN' },
      { title: 'a concept the engine does not read', fields: { colour: '/order/branch' }, path: '/intakeFields/colour', code: 'ADDITIONAL_PROPERTIES' },
    ])('$title: $code at $path', async ({ fields, path, code }) => {
      // One draft serves every case (a refused publication keeps it): the first case creates it.
      const { templateDraft: kept } = await server.query(TemplateDraftDocument, { kind: 'COMPLAINT_TYPE', key: TYPE });
      const draft = kept ?? (await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE } })).createTemplateDraft;
      if (!('version' in draft)) throw new Error(JSON.stringify(draft));
      const content = { ...distributorType, intakeFields: { ...MAPPED, ...fields } };
      const { updateTemplateDraft: updated } = await server.query(UpdateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE, version: draft.version, content } });
      if (updated.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(updated));
      expect(updated.problems.map((p) => [p.path, p.code, p.severity])).toEqual([[path, code, 'ERROR']]);
      const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE, draftVersion: updated.version } });
      expect(publishTemplate).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED' });
      if (publishTemplate.__typename !== 'TemplateInvalidError') throw new Error(publishTemplate.__typename);
      expect(publishTemplate.problems.map((p) => [p.path, p.code])).toEqual([[path, code]]);

      // Nothing changed: version 1 is in force with its map, and a new complaint reads through it.
      const { template } = await server.query(TemplateDocument, { kind: 'COMPLAINT_TYPE', key: TYPE });
      expect(template).toMatchObject({ version: 1, content: { intakeFields: MAPPED } });
      const fresh = await create(TYPE, order('CEM-425', 'Probe Ltd', 1, '2026-11-20T00:00:00Z'));
      const { complaint } = await server.query(ComplaintClocksDocument, { id: fresh.id });
      expect(complaint!.clocks.find((k) => k.name === 'acknowledge')?.startedAt).toBe('2026-11-20T00:00:00.000Z');
    });
  });
});
