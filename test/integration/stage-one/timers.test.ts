import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../../src/app';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { Timer } from '../../../src/scheduler/timer.entity';
import { Notification } from '../../../src/notifications/notification.entity';
import { fromGlobalId } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  CloseComplaintDocument,
  CreateComplaintDocument,
  DecideApprovalDocument,
  DecideInvestigationDocument,
  NotifyCustomerDocument,
  ProposeRemedyDocument,
  RecordCustomerFeedbackDocument,
  RequestFeedbackDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import { createInput, productQualityData, shippedTypeSamples } from '../../fixtures/complaints';
import { testDialect } from '../../fixtures/test-database';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { withoutSignatures } from '../../fixtures/signatures';
import pino from 'pino';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stage-1 record is free-form JSON
type Json = any;
type Complaintish = Extract<TransitionFieldsFragment, { __typename: 'Complaint' }>;

/** Monday 2026-11-23 10:00 in Suzhou (Asia/Shanghai, the shipped calendar). */
const MONDAY_10 = '2026-11-23T02:00:00.000Z';
/** Ten working days later (no holiday between): Monday 2026-12-07 10:00 Shanghai. */
const TEN_WORKING_DAYS_LATER = '2026-12-07T02:00:00.000Z';

let server: TestServer;
const clock = new ManualClock(MONDAY_10);
beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  // Keys act here; signing is tested in test/integration/signatures.
  await withoutSignatures(server);
});
afterAll(() => server?.stop());

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Complaintish> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}
const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });
const uuid = (c: { id: string }) => fromGlobalId(c.id)!.localId;

/** A complaint (product quality unless told) walked to AWAITING_FEEDBACK at the clock's current time. */
async function awaitingFeedback(data: Record<string, unknown> = {}, category = 'material', typeKey = 'product-quality'): Promise<Complaintish> {
  const input = typeKey === 'product-quality' ? createInput({ data: productQualityData(data) }) : { typeKey, data };
  const { createComplaint } = await server.query(CreateComplaintDocument, { input });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
  c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category } }));
  c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'repair', quantity: 10 } }));
  c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
  c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'email', text: '免费返修 free repair' } }));
  return step(server.query(RequestFeedbackDocument, { input: ref(c) }));
}

describe('auto-close without customer feedback (the workflow timer closeWithoutFeedback: 10 working days)', () => {
  it('arms the timer on entering AWAITING_FEEDBACK, fires once when due by the business calendar, as the system, with the reason', async () => {
    clock.set(MONDAY_10);
    const c = await awaitingFeedback();
    expect(c.scheduledActions).toEqual([{ action: 'closeWithoutFeedback', armedIn: 'AWAITING_FEEDBACK', dueAt: TEN_WORKING_DAYS_LATER }]);

    clock.set(new Date(Date.parse(TEN_WORKING_DAYS_LATER) - 60_000));
    expect(await server.app.services.scheduler.tick()).toMatchObject({ due: 0, fired: 0 });
    expect((await server.stored().findOneOrFail(Complaint, { id: uuid(c) })).status).toBe('AWAITING_FEEDBACK');

    clock.set(TEN_WORKING_DAYS_LATER);
    expect(await server.app.services.scheduler.tick()).toMatchObject({ due: 1, fired: 1, failed: 0 });
    const closed = await server.stored().findOneOrFail(Complaint, { id: uuid(c) });
    expect(closed).toMatchObject({ status: 'CLOSED', version: c.version + 1, updatedAt: new Date(TEN_WORKING_DAYS_LATER) });
    expect((closed.record as Json).closure).toMatchObject({ action: 'closeWithoutFeedback', from: 'AWAITING_FEEDBACK', by: 'system', reason: 'closeWithoutFeedback: 10 working-days in AWAITING_FEEDBACK' });
    // 820.198(b): not investigated, why, and who decided (the rule, as the closing actor).
    expect((closed.record as Json).investigation).toMatchObject({ requirement: 'optional', decision: 'not-required', byRule: true, decidedBy: 'system' });
    const last = await server.stored().findOneOrFail(DomainEvent, { subjectId: uuid(c) }, { orderBy: { sequence: 'desc' } });
    expect(last).toMatchObject({ type: 'complaint.status_changed', actorId: 'system', reason: 'closeWithoutFeedback: 10 working-days in AWAITING_FEEDBACK', occurredAt: new Date(TEN_WORKING_DAYS_LATER) });
    expect(last.data).toMatchObject({ action: 'closeWithoutFeedback', from: 'AWAITING_FEEDBACK', to: 'CLOSED' });
    expect(await server.stored().count(Timer, { subjectId: uuid(c) })).toBe(0);

    expect(await server.app.services.scheduler.tick()).toMatchObject({ due: 0, fired: 0 });
    expect(await server.stored().count(DomainEvent, { subjectId: uuid(c), actorId: 'system' })).toBe(1);
  });

  it.each(shippedTypeSamples)('closes a $typeKey complaint left without feedback', async ({ typeKey, data, category }) => {
    clock.set(MONDAY_10);
    const c = await awaitingFeedback(data, category, typeKey);
    expect(c.scheduledActions).toEqual([{ action: 'closeWithoutFeedback', armedIn: 'AWAITING_FEEDBACK', dueAt: TEN_WORKING_DAYS_LATER }]);
    clock.set(TEN_WORKING_DAYS_LATER);
    await server.app.services.scheduler.tick();
    const closed = await server.stored().findOneOrFail(Complaint, { id: uuid(c) });
    expect(closed).toMatchObject({ status: 'CLOSED', record: { closure: { action: 'closeWithoutFeedback', by: 'system' } } });
  });

  it('skips the Spring Festival holidays and counts the make-up Saturday', async () => {
    // Wednesday 2026-02-11 10:00 Shanghai: Thu 12, Fri 13, Sat 14 (make-up), then holidays 15..23, Tue 24 ... .
    clock.set('2026-02-11T02:00:00.000Z');
    const c = await awaitingFeedback();
    // Working days after Wed 11: 12, 13, 14 (make-up Sat), 24, 25, 26, 27, 28 (make-up Sat), Mar 2, Mar 3.
    expect(c.scheduledActions[0].dueAt).toBe('2026-03-03T02:00:00.000Z');
  });

  it('cancels the timer when the complaint moves on first (feedback accepted: closed by the customer)', async () => {
    clock.set(MONDAY_10);
    const c = await awaitingFeedback();
    const closed = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(c), satisfaction: 5, acceptsResolution: true } }));
    expect(closed).toMatchObject({ status: 'CLOSED', scheduledActions: [], record: { closure: { action: 'recordFeedback' } } });
    expect(await server.stored().count(Timer, { subjectId: uuid(c) })).toBe(0);
    clock.set('2027-01-01T00:00:00.000Z');
    await server.app.services.scheduler.tick();
    expect(await server.stored().count(DomainEvent, { subjectId: uuid(c), actorId: 'system' })).toBe(0);
  });

  it('fires timers that came due while the server was down once, at start-up', async () => {
    clock.set(MONDAY_10);
    const c = await awaitingFeedback();
    await server.app.stop();
    clock.set('2026-12-10T00:00:00.000Z');
    await server.restart();
    const closed = await server.stored().findOneOrFail(Complaint, { id: uuid(c) });
    expect(closed.status).toBe('CLOSED');
    expect(await server.stored().count(DomainEvent, { subjectId: uuid(c), actorId: 'system' })).toBe(1);
    expect(await server.app.services.scheduler.tick()).toMatchObject({ fired: 0 });
    // A start loads the shipped templates again, signatures included.
    await withoutSignatures(server);
  });

  it('drops a timer whose step no longer applies, and retries a failing one later', async () => {
    clock.set(MONDAY_10);
    const c = await awaitingFeedback();
    const em = server.stored();
    // Armed for a state the complaint is not in (as if a cancel had been missed): refused, dropped, nothing changes.
    em.create(Timer, { tenantId: server.tenantId, kind: 'workflow', subjectType: 'Complaint', subjectId: uuid(c), action: 'closeWithoutFeedback', armedIn: 'DISPUTED', dueAt: new Date(MONDAY_10) });
    // A kind nobody handles: fails, kept, retried with back-off.
    const orphan = em.create(Timer, { tenantId: server.tenantId, kind: 'no-such-kind', subjectType: 'Complaint', subjectId: uuid(c), action: 'x', armedIn: 'x', dueAt: new Date(MONDAY_10) });
    await em.flush();
    expect(await server.app.services.scheduler.tick()).toMatchObject({ due: 2, dropped: 1, failed: 1, fired: 0 });
    const after = await server.stored().findOneOrFail(Complaint, { id: uuid(c) });
    expect(after).toMatchObject({ status: 'AWAITING_FEEDBACK', version: c.version });
    const retried = await server.stored().findOneOrFail(Timer, { id: orphan.id });
    expect(retried).toMatchObject({ attempts: 1, lastError: 'no handler for timer kind no-such-kind', dueAt: new Date(Date.parse(MONDAY_10) + 30_000) });
    expect(await server.stored().count(Timer, { subjectId: uuid(c), kind: 'workflow' })).toBe(1);
    await server.stored().nativeDelete(Timer, { id: orphan.id });
  });
});

describe('approval step timeouts', () => {
  it('reports a step pending past its timeout to its approvers and their manager, once, and re-arms for the next step', async () => {
    clock.set(MONDAY_10);
    const keys: Record<string, { key: string; id: string }> = {};
    for (const role of ['purchasing-manager', 'plant-manager']) {
      const { key, apiKey } = await server.app.services.apiKeys.create(server.tenantId, role, [role]);
      keys[role] = { key, id: `api-key:${apiKey.id}` };
    }
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'material' } }));
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'compensation', amount: 15000 } }));
    c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
    // SQE's head (purchasing manager) approves first, within 1 working day: Tuesday 10:00.
    expect(c).toMatchObject({ status: 'AWAITING_APPROVAL', record: { approval: { current: 0, steps: [{ key: 'department-head', since: MONDAY_10, dueAt: '2026-11-24T02:00:00.000Z' }, { key: 'plant-manager' }] } } });
    expect(c.scheduledActions).toEqual([{ action: 'approvalOverdue', armedIn: 'AWAITING_APPROVAL', dueAt: '2026-11-24T02:00:00.000Z' }]);

    clock.set('2026-11-24T02:00:00.000Z');
    await server.app.services.scheduler.tick();
    const event = await server.stored().findOneOrFail(DomainEvent, { subjectId: uuid(c), type: 'complaint.approval_overdue' });
    expect(event).toMatchObject({ actorId: 'system', reason: 'approval step department-head pending past 1 working-days', data: { step: 'department-head', approverRoles: ['purchasing-manager'], managerRoles: ['plant-manager'], reminded: [keys['purchasing-manager'].id], escalatedTo: [keys['plant-manager'].id] } });
    const reminded = await server.stored().find(Notification, { subjectId: uuid(c) }, { orderBy: { kind: 'asc' } });
    expect(reminded.map((n) => [n.kind, n.recipientId])).toEqual([
      ['approval-escalated', keys['plant-manager'].id],
      ['approval-overdue', keys['purchasing-manager'].id],
    ]);
    // The complaint did not change: the approver's version still holds.
    const after = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, keys['purchasing-manager'].key));
    expect(after.record.approval).toMatchObject({ current: 1, steps: [{ decisions: [{ decision: 'approve' }] }, { key: 'plant-manager', since: '2026-11-24T02:00:00.000Z', dueAt: '2026-11-26T02:00:00.000Z' }] });
    expect(after.scheduledActions).toEqual([{ action: 'approvalOverdue', armedIn: 'AWAITING_APPROVAL', dueAt: '2026-11-26T02:00:00.000Z' }]);
    const granted = await step(server.query(DecideApprovalDocument, { input: { ...ref(after), decision: 'APPROVE' } }, keys['plant-manager'].key));
    expect(granted).toMatchObject({ status: 'REMEDY_APPROVED', scheduledActions: [] });
    expect(await server.stored().count(DomainEvent, { subjectId: uuid(c), type: 'complaint.approval_overdue' })).toBe(1);
  });
});

describe('customer disputes the resolution (ISO 10002 8.9: the complaint stays open)', () => {
  it('keeps a disputed complaint open; a new proposal or a manager close with a reason follows', async () => {
    clock.set(MONDAY_10);
    const c = await awaitingFeedback();
    const disputed = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(c), satisfaction: 1, acceptsResolution: false, comment: '要求换货 wants an exchange' } }));
    expect(disputed).toMatchObject({ status: 'DISPUTED', scheduledActions: [], record: { feedback: { acceptsResolution: false, satisfaction: 1 } } });
    expect(disputed.allowedActions.sort()).toEqual(['assign', 'close', 'decideInvestigation', 'proposeRemedy']);

    const noReason = await server.query(CloseComplaintDocument, { input: { ...ref(disputed), reason: ' ' } });
    expect(noReason.closeComplaint).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/reason', code: 'REQUIRED' }] });
    const again = await step(server.query(ProposeRemedyDocument, { input: { ...ref(disputed), type: 'exchange', quantity: 10 } }));
    expect(again.status).toBe('REMEDY_PROPOSED');
  });

  it('closes a disputed complaint by a manager with the reason recorded', async () => {
    clock.set(MONDAY_10);
    const c = await awaitingFeedback();
    const disputed = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(c), satisfaction: 2, acceptsResolution: false } }));
    const agent = (await server.app.services.apiKeys.create(server.tenantId, 'agent', ['customer-service-agent'])).key;
    const refused = await server.query(CloseComplaintDocument, { input: { ...ref(disputed), reason: 'x' } }, agent);
    expect(refused.closeComplaint).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'close', allowedRoles: ['customer-service-manager', 'quality-manager'] });
    const closed = await step(server.query(CloseComplaintDocument, { input: { ...ref(disputed), reason: '决定维持，已告知客户可向主机厂 SQE 申诉 decision stands; customer told of OEM SQE escalation', comment: 'call 2026-11-23' } }));
    expect(closed).toMatchObject({ status: 'CLOSED', record: { closure: { action: 'close', from: 'DISPUTED', reason: expect.stringContaining('decision stands') }, closingComment: 'call 2026-11-23' } });
  });
});

describe('stage-2 decision (21 CFR 820.198(b))', () => {
  it('refuses "not needed" where the rule requires an investigation, and records a person\'s decision that one is needed', async () => {
    clock.set(MONDAY_10);
    const major = await awaitingFeedback({}, 'material');
    // material is minor by the rules -> optional: a person may decide one is needed anyway.
    const decided = await step(server.query(DecideInvestigationDocument, { input: { ...ref(major), required: true, reason: '第三次同类问题 third similar case this year' } }));
    expect(decided).toMatchObject({ status: 'AWAITING_FEEDBACK', record: { investigation: { requirement: 'optional', decision: 'required', byRule: false, reason: expect.stringContaining('third') } } });
    const closed = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(decided), satisfaction: 5, acceptsResolution: true } }));
    // The person's decision stands at close.
    expect((closed.record as Json).investigation).toMatchObject({ decision: 'required', byRule: false });

    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    let critical = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
    critical = await step(server.query(AcceptComplaintDocument, { input: { ...ref(critical), category: 'material', severity: 'critical', severityReason: 'safety part' } }));
    // The rule opened an 8D on acceptance: with it under way there is nothing to decide (RULE_REQUIRES_INVESTIGATION
    // once it is cancelled: test/integration/investigations/second-investigation.test.ts).
    const refused = await server.query(DecideInvestigationDocument, { input: { ...ref(critical), required: false, reason: 'busy' } });
    expect(refused.decideInvestigation).toMatchObject({ __typename: 'InvestigationAlreadyOpenError', code: 'INVESTIGATION_ALREADY_OPEN' });
    const unchanged = await server.stored().findOneOrFail(Complaint, { id: uuid(critical) });
    expect(unchanged.version).toBe(critical.version);
  });
});

describe.runIf(testDialect() === 'postgresql')('two scheduler instances on one PostgreSQL database', () => {
  it('fires each due timer exactly once', async () => {
    clock.set(MONDAY_10);
    const complaints = [];
    for (let i = 0; i < 12; i++) complaints.push(await awaitingFeedback());
    const second = await startApp({ ...server.config, port: 0 }, pino({ level: 'silent' }), { clock });
    try {
      clock.set(TEN_WORKING_DAYS_LATER);
      const due = await server.stored().count(Timer, { dueAt: { $lte: clock.now() } });
      expect(due).toBeGreaterThanOrEqual(12);
      const [a, b] = await Promise.all([server.app.services.scheduler.tick(), second.services.scheduler.tick()]);
      // Some due SLA timers of these complaints are cancelled by the close itself (skipped, not fired); none fails, none is left.
      expect(a.fired + b.fired).toBeGreaterThanOrEqual(complaints.length);
      expect(a.fired + b.fired).toBeLessThanOrEqual(due);
      expect(a.failed + b.failed).toBe(0);
      expect(await server.stored().find(Timer, { dueAt: { $lte: clock.now() } })).toEqual([]);
      for (const c of complaints) {
        expect(await server.stored().count(DomainEvent, { subjectId: uuid(c), actorId: 'system' })).toBe(1);
        expect((await server.stored().findOneOrFail(Complaint, { id: uuid(c) })).status).toBe('CLOSED');
      }
    } finally {
      await second.stop();
    }
  });
});
