import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptComplaintDocument,
  CreateComplaintDocument,
  DecideApprovalDocument,
  MyApprovalsDocument,
  ProposeRemedyDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  TemplateDocument,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import { DomainEvent } from '../../../src/db/event.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { withoutSignatures } from '../../fixtures/signatures';

let server: TestServer;
const keys: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  // Keys act here; signing is tested in test/integration/signatures.
  await withoutSignatures(server);
  for (const role of ['logistics-manager', 'plant-manager', 'general-manager']) keys[role] = (await server.app.services.apiKeys.create(server.tenantId, role, [role])).key;
});
afterAll(() => server?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stage-1 record is free-form JSON
type Json = any;
type Complaintish = Extract<TransitionFieldsFragment, { __typename: 'Complaint' }>;
const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Complaintish> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}

/** A packaging complaint (routed to logistics) with a remedy submitted (for approval, where the workflow asks for one). */
async function awaitingApproval(type: string, amount: number | null): Promise<Complaintish> {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ defectType: 'packaging' }) }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
  c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'packaging' } }));
  expect(c.department).toBe('logistics');
  c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type, ...(amount === null ? { quantity: 10 } : { amount, currency: 'CNY' }) } }));
  return step(server.query(SubmitRemedyDocument, { input: ref(c) }));
}

const stepsOf = (c: Complaintish) => (c.record as Json).approval.steps.map((s: Json) => s.key);

describe('remedy approval', () => {
  it.each([
    { amount: 500, steps: ['department-head'] },
    { amount: 15_000, steps: ['department-head', 'plant-manager'] },
    { amount: 150_000, steps: ['department-head', 'plant-manager', 'general-manager'] },
  ])('a compensation of CNY $amount goes through $steps', async ({ amount, steps }) => {
    const c = await awaitingApproval('compensation', amount);
    expect(c.status).toBe('AWAITING_APPROVAL');
    expect(stepsOf(c)).toEqual(steps);
  });

  it("describes the shipped remedy route as the workflow runs it: an exchange skips approval, a compensation goes to the department head", async () => {
    const exchange = await awaitingApproval('exchange', null);
    expect(exchange.status).toBe('REMEDY_APPROVED');
    expect((exchange.record as Json).approval).toBeUndefined();
    const costlyExchange = await awaitingApproval('exchange', 2000);
    expect([costlyExchange.status, stepsOf(costlyExchange)]).toEqual(['AWAITING_APPROVAL', ['department-head']]);
    const compensation = await awaitingApproval('compensation', 500);
    expect([compensation.status, stepsOf(compensation)]).toEqual(['AWAITING_APPROVAL', ['department-head']]);

    // The route's text states the workflow's own condition for approval (remedy types and amount), and no longer "every remedy".
    const content = async (kind: 'APPROVAL_ROUTE' | 'WORKFLOW' | 'ORGANIZATION', key: string) => (await server.query(TemplateDocument, { kind, key })).template!.content as Json;
    const route = await content('APPROVAL_ROUTE', 'remedy');
    const workflow = await content('WORKFLOW', 'stage-1');
    const org = await content('ORGANIZATION', 'default');
    const gate = workflow.transitions.find((t: Json) => t.action === 'submitRemedy' && t.to === 'AWAITING_APPROVAL').when.properties.remedy.anyOf;
    const [types, minimum]: [string[], number] = [gate[0].properties.type.enum, gate[1].properties.amount.minimum];
    const title = (key: string, locale: 'zh-CN' | 'en') => org.remedyTypes.find((r: Json) => r.key === key).title[locale].toLowerCase();
    for (const locale of ['zh-CN', 'en'] as const) {
      const text = `${route.title[locale]} ${route.description[locale]}`.toLowerCase();
      expect(text).not.toMatch(/every remedy|all remedies|所有补救方案|全部补救方案/);
      for (const type of [...types, 'exchange']) expect(text).toContain(title(type, locale));
    }
    expect(route.description.en).toContain(`CNY ${minimum.toLocaleString('en')}`);
    expect(route.description['zh-CN']).toContain(`${minimum} 元`);
  });

  it('runs the steps in order, each by its own approvers, and grants the remedy after the last', async () => {
    let c = await awaitingApproval('compensation', 15_000);
    const early = await server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, keys['plant-manager']);
    expect(early.decideApproval).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', allowedRoles: ['logistics-manager'] });
    c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE', comment: '同意' } }, keys['logistics-manager']));
    expect(c).toMatchObject({ status: 'AWAITING_APPROVAL', record: { approval: { current: 1, outcome: 'pending' } } });
    c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, keys['plant-manager']));
    expect(c).toMatchObject({ status: 'REMEDY_APPROVED', record: { approval: { outcome: 'approved' } } });
    const decisions = (c.record as Json).approval.steps.map((s: Json) => s.decisions.map((d: Json) => d.decision));
    expect(decisions).toEqual([['approve'], ['approve']]);
    // Each decision is an approval.decided event; the last one also moved the status, which is an event of its own.
    const events = await server.stored().find(DomainEvent, { subjectId: localUuid(c.id, 'Complaint')!, type: { $in: ['approval.decided', 'complaint.status_changed', 'complaint.updated'] } }, { orderBy: { sequence: 'asc' } });
    const tail = events.slice(-3).map((e) => ({ type: e.type, data: e.data }));
    expect(tail).toMatchObject([
      { type: 'approval.decided', data: { route: 'remedy', decision: 'approve', comment: '同意', outcome: 'pending', nextStep: expect.any(String), statusBefore: 'AWAITING_APPROVAL', statusAfter: 'AWAITING_APPROVAL' } },
      { type: 'approval.decided', data: { decision: 'approve', comment: null, outcome: 'approved', nextStep: null, statusAfter: 'REMEDY_APPROVED' } },
      { type: 'complaint.status_changed', data: { from: 'AWAITING_APPROVAL', to: 'REMEDY_APPROVED' } },
    ]);
  });

  it('returns the complaint to a new proposal when an approver rejects', async () => {
    let c = await awaitingApproval('compensation', 15_000);
    c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'REJECT', comment: '金额过高 too much' } }, keys['logistics-manager']));
    expect(c).toMatchObject({ status: 'ACCEPTED', record: { approval: { outcome: 'rejected' } } });
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'exchange' } }));
    expect(c.status).toBe('REMEDY_PROPOSED');
  });

  it('lets one of two concurrent decisions on the same approval win; the other gets CONFLICT', async () => {
    const c = await awaitingApproval('compensation', 500);
    const results = await Promise.all([
      server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, keys['logistics-manager']),
      server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'REJECT' } }),
    ]);
    expect(results.map((r) => r.decideApproval.__typename).sort()).toEqual(['Complaint', 'ConflictError']);
  });

  it('lists pending approvals per approver (myApprovals)', async () => {
    const c = await awaitingApproval('compensation', 15_000);
    const mine = async (key: string) => (await server.query(MyApprovalsDocument, { first: 100 }, key)).myApprovals.map((x) => x.id);
    expect(await mine(keys['logistics-manager'])).toContain(c.id);
    expect(await mine(keys['plant-manager'])).not.toContain(c.id);
    await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, keys['logistics-manager']));
    expect(await mine(keys['logistics-manager'])).not.toContain(c.id);
    expect(await mine(keys['plant-manager'])).toContain(c.id);
    expect(await mine(keys['general-manager'])).not.toContain(c.id);
  });

  it('refuses a decision when nothing awaits approval', async () => {
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    const result = await server.query(DecideApprovalDocument, { input: { ...ref(createComplaint), decision: 'APPROVE' } });
    expect(result.decideApproval).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', status: 'RECEIVED' });
  });
});
