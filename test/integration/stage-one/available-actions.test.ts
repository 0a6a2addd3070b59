import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_ACTIONS } from '../../../src/complaints/stage-one.actions';
import {
  AcceptComplaintDocument,
  AddContainmentActionDocument,
  CloseComplaintDocument,
  ComplaintActionsDocument,
  CreateComplaintDocument,
  DecideApprovalDocument,
  MutationNamesDocument,
  MyApprovalsDocument,
  NotifyCustomerDocument,
  ProposeRemedyDocument,
  RecordCustomerFeedbackDocument,
  RequestFeedbackDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  type ComplaintActionsQuery,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { withoutSignatures } from '../../fixtures/signatures';

let server: TestServer;
const keys: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  // Keys act here; signing is tested in test/integration/signatures.
  await withoutSignatures(server);
  for (const role of ['logistics-manager', 'plant-manager']) keys[role] = (await server.app.services.apiKeys.create(server.tenantId, role, [role])).key;
});
afterAll(() => server?.stop());

type Complaintish = Extract<TransitionFieldsFragment, { __typename: 'Complaint' }>;
type Actions = ComplaintActionsQuery['complaint'];
const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Complaintish> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}

/** The complaint's actions as the caller (default: the admin) sees them, in English or Chinese. */
async function actionsAs(id: string, key?: string, locale: 'en' | 'zh-CN' = 'en'): Promise<Actions> {
  const result = await server.request(ComplaintActionsDocument, { id }, { key, headers: { 'accept-language': locale } });
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.complaint;
}

/** A packaging complaint (routed to logistics, whose head approves first) with a compensation submitted for approval. */
async function awaitingApproval(amount: number): Promise<Complaintish> {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ defectType: 'packaging' }) }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
  c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'packaging' } }));
  c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'compensation', amount, currency: 'CNY' } }));
  return step(server.query(SubmitRemedyDocument, { input: ref(c) }));
}

const mine = async (key: string) => (await server.query(MyApprovalsDocument, { first: 100 }, key)).myApprovals.map((x) => x.id);

describe('the current approver in AWAITING_APPROVAL', () => {
  it('is offered decideApproval (the approvers of the pending step only, as myApprovals and decideApproval agree)', async () => {
    let c = await awaitingApproval(15_000);
    expect(c.status).toBe('AWAITING_APPROVAL');

    const head = await actionsAs(c.id, keys['logistics-manager']);
    expect(head.allowedActions).toEqual(['assign', 'decideApproval']);
    expect(head.availableActions.filter((a) => a.action === 'decideApproval')).toEqual([{ action: 'decideApproval', mutation: 'decideApproval', title: 'Decide the approval: Responsible department head', titles: { zhCN: '审批：责任部门负责人审批', en: 'Decide the approval: Responsible department head' } }]);
    expect(await mine(keys['logistics-manager'])).toContain(c.id);

    // The plant manager's step comes later: nothing to do yet, and decideApproval says so.
    expect((await actionsAs(c.id, keys['plant-manager'])).allowedActions).toEqual([]);
    expect(await mine(keys['plant-manager'])).not.toContain(c.id);
    const early = await server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, keys['plant-manager']);
    expect(early.decideApproval).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'decideApproval', allowedRoles: ['logistics-manager'] });

    c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, keys['logistics-manager']));
    expect(c.status).toBe('AWAITING_APPROVAL');
    expect((await actionsAs(c.id, keys['logistics-manager'])).allowedActions).toEqual(['assign']);
    expect(await mine(keys['logistics-manager'])).not.toContain(c.id);
    const plant = await actionsAs(c.id, keys['plant-manager'], 'zh-CN');
    expect(plant.availableActions).toMatchObject([{ action: 'decideApproval', mutation: 'decideApproval', title: '审批：厂长审批（金额超过 1 万元）' }]);
    expect(await mine(keys['plant-manager'])).toContain(c.id);
    c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, keys['plant-manager']));
    expect(c.status).toBe('REMEDY_APPROVED');
    expect((await actionsAs(c.id, keys['plant-manager'])).allowedActions).toEqual([]);
  });
});

describe('each available action names its mutation', () => {
  it('through every state of the shipped workflow, with the workflow title in both languages; every mutation named exists', async () => {
    const { __type } = await server.query(MutationNamesDocument);
    const mutations = new Set(__type!.fields!.map((f) => f.name));
    // The table names only real mutations (the resolver takes its names from it).
    for (const { mutation } of Object.values(COMPLAINT_ACTIONS)) expect(mutations).toContain(mutation);

    const seen = new Map<string, string>();
    const check = async (c: { id: string }, status: string) => {
      const [en, zh] = [await actionsAs(c.id), await actionsAs(c.id, undefined, 'zh-CN')];
      expect(en.status).toBe(status);
      expect(en.availableActions.map((a) => a.action)).toEqual(en.allowedActions);
      expect(zh.availableActions.map((a) => ({ ...a, title: undefined }))).toEqual(en.availableActions.map((a) => ({ ...a, title: undefined })));
      for (const [i, a] of en.availableActions.entries()) {
        expect(mutations).toContain(a.mutation);
        expect(a.title).toBe(a.titles.en);
        expect(zh.availableActions[i].title).toBe(a.titles.zhCN);
        expect(a.titles.zhCN).toMatch(/\p{Script=Han}/u);
        seen.set(a.action, a.mutation);
      }
      return en.availableActions;
    };
    const title = (actions: Actions['availableActions'], action: string) => actions.find((a) => a.action === action)?.titles;

    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ defectType: 'packaging' }) }) });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    await check(createComplaint, 'RECEIVED');
    let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
    await check(c, 'UNDER_REVIEW');
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'packaging' } }));
    // From ACCEPTED startContainment is the workflow's transition, afterwards its edit: each with the template's title.
    expect(title(await check(c, 'ACCEPTED'), 'startContainment')).toEqual({ zhCN: '开始遏制', en: 'Start containment' });
    c = await step(server.query(AddContainmentActionDocument, { input: { ...ref(c), description: '隔离库存 quarantine stock' } }));
    expect(title(await check(c, 'CONTAINMENT'), 'startContainment')).toEqual({ zhCN: '追加遏制措施', en: 'Add a containment action' });
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'compensation', amount: 500, currency: 'CNY' } }));
    // Two transitions with their own titles (approval or not, by the remedy): the action's own title.
    expect(title(await check(c, 'REMEDY_PROPOSED'), 'submitRemedy')).toEqual({ zhCN: '提交补救方案', en: 'Submit the remedy' });
    c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
    await check(c, 'AWAITING_APPROVAL');
    c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }));
    await check(c, 'REMEDY_APPROVED');
    c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'email', text: '赔偿已批准 compensation approved' } }));
    await check(c, 'CUSTOMER_NOTIFIED');
    c = await step(server.query(RequestFeedbackDocument, { input: ref(c) }));
    await check(c, 'AWAITING_FEEDBACK');
    c = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(c), satisfaction: 2, acceptsResolution: false } }));
    await check(c, 'DISPUTED');
    c = await step(server.query(CloseComplaintDocument, { input: { ...ref(c), reason: '决定维持 decision stands' } }));
    await check(c, 'CLOSED');

    expect(Object.fromEntries(seen)).toEqual({
      startReview: 'startReview',
      assign: 'assignComplaint',
      accept: 'acceptComplaint',
      reject: 'rejectComplaint',
      startContainment: 'addContainmentAction',
      classify: 'classifyComplaint',
      proposeRemedy: 'proposeRemedy',
      decideInvestigation: 'decideInvestigation',
      submitRemedy: 'submitRemedy',
      decideApproval: 'decideApproval',
      notifyCustomer: 'notifyCustomer',
      requestFeedback: 'requestFeedback',
      recordFeedback: 'recordCustomerFeedback',
      close: 'closeComplaint',
      reopen: 'reopenComplaint',
    });
  });
});

describe('a step not possible from the status', () => {
  it('names the actions possible from there and the mutations that take them', async () => {
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    const reviewing = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
    const { recordCustomerFeedback: refused } = await server.query(RecordCustomerFeedbackDocument, { input: { ...ref(reviewing), satisfaction: 5, acceptsResolution: true } });
    if (refused.__typename !== 'IllegalTransitionError') throw new Error(refused.__typename);
    expect(refused).toMatchObject({ code: 'ILLEGAL_TRANSITION', action: 'recordFeedback', status: reviewing.status });
    expect(refused.allowedActions).toEqual(expect.arrayContaining(['accept', 'reject']));
    expect(refused.allowedMutations).toEqual(refused.allowedActions.flatMap((a) => (a in COMPLAINT_ACTIONS ? [COMPLAINT_ACTIONS[a as keyof typeof COMPLAINT_ACTIONS].mutation] : [])));
    expect(refused.allowedMutations).toEqual(expect.arrayContaining(['acceptComplaint', 'rejectComplaint']));
  });
});
