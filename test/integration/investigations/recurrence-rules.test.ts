import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Investigation } from '../../../src/investigations/investigation.entity';
import {
  AcceptComplaintDocument,
  CreateComplaintDocument,
  CreateTemplateDraftDocument,
  PublishTemplateDocument,
  StartReviewDocument,
  ValidateTemplateDocument,
} from '../../__generated__/graphql';
import { draftEdit, type Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/**
 * An outside process, configured through GraphQL alone: a building-materials distributor for whom a complaint
 * about the same SKU and category within 90 calendar days of an earlier complaint (investigated or not, closed
 * or not) is a recurrence that requires an investigation. Its intake names the SKU order.sku and the time
 * received reportedOn (intakeFields); the recurrence rule reads them by JSON pointers into the complaint facts.
 */
const TYPE = 'tile-orders';
const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const days = (value: number) => ({ value, unit: 'calendar-days' });
const RECURRENCE = { keys: ['/data/order/sku', '/category'], window: { value: 90, unit: 'calendar-days' }, counts: ['complaints'], effect: 'require' };

const tileType: Json = {
  kind: 'complaint-type',
  key: TYPE,
  title: t('瓷砖订单投诉', 'Tile order complaint'),
  numberPrefix: 'TO',
  intakeSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['order', 'reportedOn', 'description'],
    properties: {
      order: {
        type: 'object',
        'x-title': t('订单', 'Order'),
        additionalProperties: false,
        required: ['sku'],
        properties: { sku: { type: 'string', minLength: 1, maxLength: 64, 'x-title': t('货号', 'SKU') } },
      },
      reportedOn: { type: 'string', format: 'date-time', 'x-title': t('报告时间', 'Reported on') },
      description: { type: 'string', minLength: 1, maxLength: 2000, 'x-title': t('描述', 'Description') },
    },
  },
  intakeFields: { partNumber: '/order/sku', receivedAt: '/reportedOn' },
  categories: [
    { key: 'cracked', title: t('开裂', 'Cracked') },
    { key: 'wrong-shade', title: t('色差', 'Wrong shade') },
  ],
  severities: [{ key: 'minor', title: t('一般', 'Minor'), rank: 1 }],
  defaultSeverity: 'minor',
  routing: { rules: [], defaultDepartment: 'logistics' },
  // No rule reads the recurrence: the recurrence rule's effect alone makes it required.
  investigation: { template: '8d', rules: [], default: 'optional', recurrence: RECURRENCE },
  sla: { response: { minor: { acknowledge: days(2), respond: days(5), close: days(10) } }, investigation: { minor: { containment: days(1), rootCause: days(10), closure: days(30) } } },
  escalationPolicy: 'standard',
  approvalRoute: 'remedy',
  workflow: 'stage-1',
};

let server: TestServer;
type Accepted = { id: string; number: string; record: Json };

/** A complaint about the SKU received at `reportedOn`, reviewed and accepted in the category. */
async function accepted(sku: string, reportedOn: string, category = 'cracked'): Promise<Accepted> {
  const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: { typeKey: TYPE, data: { order: { sku }, reportedOn, description: `${sku}: 12 块开裂 12 tiles cracked` } } });
  if (c.__typename !== 'Complaint') throw new Error(JSON.stringify(c));
  const { startReview: r } = await server.query(StartReviewDocument, { input: { id: c.id, version: c.version } });
  if (r.__typename !== 'Complaint') throw new Error(JSON.stringify(r));
  const { acceptComplaint: a } = await server.query(AcceptComplaintDocument, { input: { id: r.id, version: r.version, category } });
  if (a.__typename !== 'Complaint') throw new Error(JSON.stringify(a));
  return { id: a.id, number: c.number, record: a.record as Json };
}

/** The errors the type would have with this recurrence rule (validateTemplate: stores nothing). */
async function problemsWith(recurrence: Json) {
  const content = { ...structuredClone(tileType), investigation: { ...tileType.investigation, recurrence } };
  const { validateTemplate } = await server.query(ValidateTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', content } });
  return validateTemplate.problems.filter((p) => p.severity === 'ERROR').map((p) => ({ path: p.path, code: p.code }));
}

beforeAll(async () => {
  server = await startTestServer();
  const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE, content: tileType } });
  if (draft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(draft));
  expect(draft.problems.filter((p) => p.severity === 'ERROR')).toEqual([]);
  const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE, draftVersion: draft.version } });
  expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 1 });
});
afterAll(() => server?.stop());

describe('recurrence as a rule of the complaint type (investigation.recurrence)', () => {
  it('refuses at publication keys that are no pointer into the facts, data keys the intake does not declare, and unknown counts', async () => {
    // A schema error in the policy also fails the other branch of `investigation` (oneOf: the type without stage 2);
    // the problems under /investigation/recurrence are exactly the one made.
    const under = async (recurrence: Json) => (await problemsWith(recurrence)).filter((p) => p.path.startsWith('/investigation/recurrence/'));
    expect(await under({ ...RECURRENCE, keys: ['/order/sku'] })).toEqual([{ path: '/investigation/recurrence/keys/0', code: 'PATTERN' }]);
    expect(await under({ ...RECURRENCE, counts: ['complaints', 'audits'] })).toEqual([{ path: '/investigation/recurrence/counts/1', code: 'ENUM' }]);
    expect(await under({ ...RECURRENCE, effect: 'escalate' })).toEqual([{ path: '/investigation/recurrence/effect', code: 'ENUM' }]);
    expect(await under({ ...RECURRENCE, window: { value: 90, unit: 'working-days' } })).toEqual([{ path: '/investigation/recurrence/window/unit', code: 'CONST' }]);
    // Well-formed, but the intake declares no order.colour: only that problem.
    expect(await problemsWith({ ...RECURRENCE, keys: ['/category', '/data/order/colour'] })).toEqual([{ path: '/investigation/recurrence/keys/1', code: 'UNKNOWN_INTAKE_FIELD' }]);
    expect(await problemsWith(RECURRENCE)).toEqual([]);
  });

  it('requires an investigation when an earlier complaint (no 8D) on the SKU and category was received 30 days before', async () => {
    // Earlier: received 2026-10-31T08:00Z, no investigation. New: 2026-11-30T08:00Z. 2026-11-30 - 2026-10-31 = 30 days <= 90: a recurrence.
    const earlier = await accepted('TILE-600-A', '2026-10-31T08:00:00Z');
    expect(earlier.record.investigation).toMatchObject({ requirement: 'optional' });
    expect(earlier.record.investigation.recurrence).toBeUndefined();
    const before = await server.stored().count(Investigation, {});
    const recurring = await accepted('TILE-600-A', '2026-11-30T08:00:00Z');
    expect(recurring.record.investigation).toMatchObject({ requirement: 'required', decision: 'required', byRule: true, recurrence: { matched: [earlier.number], effect: 'require' } });
    expect(recurring.record.investigation.reason).toBe(`the rules of ${TYPE} require an investigation (minor, cracked, recurrence after ${earlier.number})`);
    expect(await server.stored().count(Investigation, {})).toBe(before + 1);
    // Another category on the same SKU is not the same problem.
    const otherCategory = await accepted('TILE-600-A', '2026-11-30T09:00:00Z', 'wrong-shade');
    expect(otherCategory.record.investigation).toMatchObject({ requirement: 'optional' });
    expect(otherCategory.record.investigation.recurrence).toBeUndefined();
  });

  it('does not count an earlier complaint received 120 days before (outside the 90-day window)', async () => {
    // Earlier: 2026-08-02T08:00Z; new: 2026-11-30T08:00Z: 29 (Aug 2..31) + 30 + 31 + 30 = 120 days > 90.
    await accepted('TILE-600-B', '2026-08-02T08:00:00Z');
    const before = await server.stored().count(Investigation, {});
    const later = await accepted('TILE-600-B', '2026-11-30T08:00:00Z');
    expect(later.record.investigation).toMatchObject({ requirement: 'optional' });
    expect(later.record.investigation.recurrence).toBeUndefined();
    expect(await server.stored().count(Investigation, {})).toBe(before);
  });

  it('with effect suggest, records the match and leaves the requirement to the rules', async () => {
    // Version 2 suggests; a rule that reads the recurrence fact does not see it (it stays false).
    const draftVersion = await draftEdit(server, 'COMPLAINT_TYPE', TYPE, (type) => {
      type.investigation.recurrence.effect = 'suggest';
      type.investigation.rules = [{ when: { type: 'object', properties: { recurrence: { const: true } }, required: ['recurrence'] }, requirement: 'required' }];
    });
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE, draftVersion, confirmBreaking: true, reason: 'recurrences are suggested, not required' } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 2 });
    // Earlier: 2026-11-01T08:00Z; new: 2026-11-30T08:00Z: 29 days <= 90, a match; the rules (no rule, default optional) decide.
    const earlier = await accepted('TILE-600-C', '2026-11-01T08:00:00Z');
    const before = await server.stored().count(Investigation, {});
    const recurring = await accepted('TILE-600-C', '2026-11-30T08:00:00Z');
    expect(recurring.record.investigation).toMatchObject({ requirement: 'optional', recurrence: { matched: [earlier.number], effect: 'suggest' } });
    expect(recurring.record.investigation.decision).toBeUndefined();
    expect(await server.stored().count(Investigation, {})).toBe(before);
  });
});
