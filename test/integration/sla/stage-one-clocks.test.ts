import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { Notification } from '../../../src/notifications/notification.entity';
import { SlaClock } from '../../../src/sla/sla-clock.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { fromGlobalId } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  ClassifyComplaintDocument,
  ComplaintClocksDocument,
  CreateComplaintDocument,
  MarkNotificationsReadDocument,
  MyNotificationsDocument,
  NotifyCustomerDocument,
  OverdueComplaintsDocument,
  ProposeRemedyDocument,
  RecordCustomerFeedbackDocument,
  RequestFeedbackDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/**
 * A week and more of simulated business time on the shipped calendar (Asia/Shanghai, Mon-Fri 08:30-17:30,
 * lunch 12:00-13:00) and the shipped stage-1 escalation policy. Times below are Shanghai wall-clock.
 */
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const iso = (shanghai: string) => at(shanghai).toISOString();

let server: TestServer;
const clock = new ManualClock(at('2026-11-23T09:00:00'));
let csm: { key: string; id: string };
let purchasing: { key: string; id: string };
let plantManager: { key: string; id: string };

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  const principal = async (name: string, role: string) => {
    const { key, apiKey } = await server.app.services.apiKeys.create(server.tenantId, name, [role]);
    return { key, id: `api-key:${apiKey.id}` };
  };
  csm = await principal('客服经理 CS manager', 'customer-service-manager');
  purchasing = await principal('采购经理 purchasing manager (head of SQE)', 'purchasing-manager');
  plantManager = await principal('厂长 plant manager', 'plant-manager');
});
afterAll(() => server?.stop());

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<{ id: string; version: number }> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}
const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });
const clocksOf = async (id: string) => (await server.query(ComplaintClocksDocument, { id })).complaint;
const byName = async (id: string) => Object.fromEntries((await clocksOf(id)).clocks.map((c) => [c.name, c]));
const tickAt = (shanghai: string) => {
  clock.set(at(shanghai));
  return server.app.services.scheduler.tick();
};

describe('stage-1 SLA clocks and the escalation ladder over simulated weeks', () => {
  it('runs, breaches, escalates once per step, pauses while waiting on the customer, and re-targets with the pause kept', async () => {
    clock.set(at('2026-11-23T09:00:00'));
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ receivedAt: iso('2026-11-23T09:00:00') }) }) });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    const id = createComplaint.id;
    const subjectId = fromGlobalId(id)!.localId;

    // Minor until classified: acknowledge 8 working hours, respond 3 working days, close 10 working days.
    let clocks = await byName(id);
    expect(clocks.acknowledge).toMatchObject({ stage: 'response', severity: 'minor', state: 'RUNNING', startedAt: iso('2026-11-23T09:00:00'), dueAt: iso('2026-11-24T09:00:00'), remainingMinutes: 480, overdue: false });
    expect(clocks.respond).toMatchObject({ target: { value: 3, unit: 'working-days' }, dueAt: iso('2026-11-26T09:00:00') });
    expect(clocks.close).toMatchObject({ target: { value: 10, unit: 'working-days' }, dueAt: iso('2026-12-07T09:00:00') });

    // Tuesday 09:30: acknowledgement 30 working minutes overdue; the breach is recorded, the +1 h step not yet due.
    expect(await tickAt('2026-11-24T09:30:00')).toMatchObject({ fired: 1, failed: 0 });
    clocks = await byName(id);
    expect(clocks.acknowledge).toMatchObject({ state: 'RUNNING', overdue: true, remainingMinutes: -30, breachedAt: iso('2026-11-24T09:00:00'), escalations: [] });
    expect((await server.query(OverdueComplaintsDocument, { filter: { overdue: true } })).complaints.edges.map((e) => e.node.id)).toContain(id);

    // 10:00: acknowledge-overdue notifies the customer service manager.
    expect(await tickAt('2026-11-24T10:00:00')).toMatchObject({ fired: 1 });
    const zh = await server.request(MyNotificationsDocument, { unreadOnly: true }, { key: csm.key, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.data?.myNotifications).toEqual([
      expect.objectContaining({ kind: 'escalation', title: '确认受理超时', subjectType: 'Complaint', subjectId: id, subjectNumber: createComplaint.number, readAt: null, data: expect.objectContaining({ step: 'acknowledge-overdue', clock: 'acknowledge' }) }),
    ]);
    expect(await server.query(MyNotificationsDocument, {}, purchasing.key)).toMatchObject({ myNotifications: [], unreadNotificationCount: 0 });

    // Acknowledged late at 10:30, accepted: material -> minor, routed to SQE (head: purchasing manager).
    clock.set(at('2026-11-24T10:30:00'));
    let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'material' } }));
    clocks = await byName(id);
    // Met late: the deadline it missed stays on the clock.
    expect(clocks.acknowledge).toMatchObject({ state: 'MET', metAt: iso('2026-11-24T10:30:00'), breachedAt: iso('2026-11-24T09:00:00'), dueAt: iso('2026-11-24T09:00:00'), remainingMinutes: null, overdue: false });

    // Wednesday 11:00 = 75 % of the 3 working days: the department head is warned.
    expect(await tickAt('2026-11-25T11:00:00')).toMatchObject({ fired: 1 });
    expect((await server.query(MyNotificationsDocument, {}, purchasing.key)).myNotifications.map((n) => n.data.step)).toEqual(['respond-warning']);

    // Thursday 14:00 = 4 working hours past the response deadline: breach, then escalation to a manager with reassignment.
    // One wake-up of the complaint handles both, in order (the events below show each).
    expect(await tickAt('2026-11-26T14:00:00')).toMatchObject({ fired: 1 });
    let complaint = await clocksOf(id);
    expect(complaint.ownerId).toBe(purchasing.id);
    expect(complaint.clocks.flatMap((k) => k.escalations.map((e) => e.step))).toEqual(['acknowledge-overdue', 'respond-warning', 'respond-overdue']);
    expect(complaint.clocks.find((k) => k.name === 'respond')).toMatchObject({ breachedAt: iso('2026-11-26T09:00:00'), escalations: [{ step: 'respond-warning', at: iso('2026-11-25T11:00:00') }, { step: 'respond-overdue', at: iso('2026-11-26T14:00:00') }] });
    const escalated = await server.stored().find(DomainEvent, { subjectId, type: 'complaint.escalated' }, { orderBy: { sequence: 'asc' } });
    expect(escalated.map((e) => [e.actorId, (e.data as { step: string }).step, e.occurredAt.toISOString()])).toEqual([
      ['system', 'acknowledge-overdue', iso('2026-11-24T10:00:00')],
      ['system', 'respond-warning', iso('2026-11-25T11:00:00')],
      ['system', 'respond-overdue', iso('2026-11-26T14:00:00')],
    ]);
    expect(escalated[2]).toMatchObject({ reason: 'Response overdue: escalated to a manager (respond, overdue by 4 working-hours)', data: { before: { ownerId: null }, after: { ownerId: purchasing.id } } });
    expect(await server.stored().count(DomainEvent, { subjectId, type: 'complaint.sla_breached' })).toBe(2);
    const csmNotes = await server.query(MyNotificationsDocument, {}, csm.key);
    expect(csmNotes.myNotifications.map((n) => n.data.step)).toEqual(['respond-overdue', 'acknowledge-overdue']);
    expect(csmNotes.unreadNotificationCount).toBe(2);

    // Nothing fires twice.
    expect(await tickAt('2026-11-26T16:00:00')).toMatchObject({ fired: 0 });

    // Thursday 15:00: remedy, customer notified (response met, late), feedback requested: the close clock pauses.
    clock.set(at('2026-11-26T15:00:00'));
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(await clocksOf(id)), type: 'repair', quantity: 120 } }));
    c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
    c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'email', text: '免费返修 free repair' } }));
    c = await step(server.query(RequestFeedbackDocument, { input: ref(c) }));
    clocks = await byName(id);
    expect(clocks.respond).toMatchObject({ state: 'MET', metAt: iso('2026-11-26T15:00:00'), breachedAt: iso('2026-11-26T09:00:00'), dueAt: iso('2026-11-26T09:00:00') });
    expect(clocks.close).toMatchObject({ state: 'PAUSED', dueAt: null, pausedMinutes: 0 });

    // Tuesday 09:30 the customer disputes: the close clock runs again, 19.5 working hours later than planned.
    clock.set(at('2026-12-01T09:30:00'));
    c = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(c), satisfaction: 2, acceptsResolution: false } }));
    clocks = await byName(id);
    expect(clocks.close).toMatchObject({ state: 'RUNNING', pausedMinutes: 1170, dueAt: iso('2026-12-09T13:30:00') });

    // Reclassified as major (close within 5 working days): re-targeted from the start, the pause kept.
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'exchange', quantity: 120 } }));
    c = await step(server.query(ClassifyComplaintDocument, { input: { ...ref(c), category: 'material', severity: 'major', reason: '客户产线停线 line stop at the customer' } }));
    clocks = await byName(id);
    expect(clocks.close).toMatchObject({ severity: 'major', target: { value: 5, unit: 'working-days' }, pausedMinutes: 1170, dueAt: iso('2026-12-02T13:30:00') });

    // Lists: due before Thursday yes, overdue not yet; on Wednesday afternoon it is.
    const ids = async (filter: Record<string, unknown>) => (await server.query(OverdueComplaintsDocument, { filter })).complaints.edges.map((e) => e.node.id);
    expect(await ids({ dueBefore: iso('2026-12-03T00:00:00') })).toContain(id);
    expect(await ids({ dueBefore: iso('2026-12-02T00:00:00') })).not.toContain(id);
    expect(await ids({ overdue: true })).not.toContain(id);
    expect(await ids({ overdue: false })).toContain(id);
    clock.set(at('2026-12-02T14:00:00'));
    expect(await ids({ overdue: true })).toContain(id);
    expect(await ids({ overdue: false })).not.toContain(id);

    // Closure 2 working days overdue (Friday 13:30): the plant manager is informed; every step of the ladder has fired once.
    // (Reclassified as major, it also got an 8D by the rules, whose own stage-2 ladder runs alongside: counted elsewhere.)
    const ladder = async () =>
      (await server.stored().find(DomainEvent, { subjectId, type: { $in: ['complaint.escalated', 'complaint.sla_breached'] } }, { orderBy: { sequence: 'asc' } })).map(
        (e) => `${e.type}:${(e.data as { step?: string; clock: string }).step ?? (e.data as { clock: string }).clock}`,
      );
    const closeOverdue = async () => (await server.query(MyNotificationsDocument, {}, plantManager.key)).myNotifications.filter((n) => n.subjectType === 'Complaint').map((n) => [n.data.step, n.title]);
    await tickAt('2026-12-04T13:29:00');
    expect(await closeOverdue()).toEqual([]);
    await tickAt('2026-12-04T13:30:00');
    expect(await closeOverdue()).toEqual([['close-overdue', 'Closure overdue: plant manager informed']]);
    expect(await ladder()).toEqual([
      'complaint.sla_breached:acknowledge',
      'complaint.escalated:acknowledge-overdue',
      'complaint.escalated:respond-warning',
      'complaint.sla_breached:respond',
      'complaint.escalated:respond-overdue',
      'complaint.sla_breached:close',
      'complaint.escalated:close-overdue',
    ]);
    await tickAt('2026-12-31T17:00:00');
    expect(await ladder()).toHaveLength(7);

    // Marking read: only your own.
    const mine = csmNotes.myNotifications.map((n) => n.id);
    expect((await server.query(MarkNotificationsReadDocument, { ids: [...mine, 'bm90LWFuLWlk'] }, purchasing.key)).markNotificationsRead).toBe(0);
    expect((await server.query(MarkNotificationsReadDocument, { ids: mine }, csm.key)).markNotificationsRead).toBe(2);
    expect(await server.query(MyNotificationsDocument, { unreadOnly: true }, csm.key)).toMatchObject({ myNotifications: [], unreadNotificationCount: 0 });
    // acknowledge-overdue: CS manager; respond-warning: SQE head; respond-overdue: CS manager and the owner's manager (SQE head); close-overdue: plant manager.
    expect(await server.stored().count(Notification, { subjectId })).toBe(5);
    complaint = await clocksOf(id);
    expect(complaint.severity).toBe('major');
  });

  it('keeps the deadline of a clock met in time (stored and shown), and neither breaches, escalates nor lists it by it', async () => {
    clock.set(at('2027-01-11T09:00:00'));
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ receivedAt: iso('2027-01-11T09:00:00') }) }) });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    const id = createComplaint.id;
    const subjectId = fromGlobalId(id)!.localId;
    const stored = async (name: string) => (await server.stored().findOneOrFail(SlaClock, { subjectId, name }, { refresh: true })).dueAt?.toISOString() ?? null;

    // Acknowledged at 10:00, due Tuesday 09:00.
    clock.set(at('2027-01-11T10:00:00'));
    let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
    let clocks = await byName(id);
    expect(clocks.acknowledge).toMatchObject({ state: 'MET', metAt: iso('2027-01-11T10:00:00'), dueAt: iso('2027-01-12T09:00:00'), breachedAt: null, remainingMinutes: null, overdue: false });
    expect(await stored('acknowledge')).toBe(iso('2027-01-12T09:00:00'));

    // Past that deadline and its +1 h step: the met clock neither breaches nor escalates, and lists go by the running clocks only.
    expect(await tickAt('2027-01-12T10:30:00')).toMatchObject({ failed: 0 });
    expect(await server.stored().count(DomainEvent, { subjectId, type: { $in: ['complaint.sla_breached', 'complaint.escalated'] } })).toBe(0);
    const ids = async (filter: Record<string, unknown>) => (await server.query(OverdueComplaintsDocument, { filter })).complaints.edges.map((e) => e.node.id);
    expect(await ids({ overdue: true })).not.toContain(id);
    expect(await ids({ dueBefore: iso('2027-01-13T00:00:00') })).not.toContain(id);
    expect(await ids({ dueBefore: iso('2027-01-15T00:00:00') })).toContain(id); // respond: Thursday 09:00

    // Responded in time, then feedback requested: the close clock pauses without a deadline.
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'material' } }));
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'repair', quantity: 10 } }));
    c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
    c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'email', text: '免费返修 free repair' } }));
    c = await step(server.query(RequestFeedbackDocument, { input: ref(c) }));
    clocks = await byName(id);
    expect(clocks.respond).toMatchObject({ state: 'MET', metAt: iso('2027-01-12T10:30:00'), dueAt: iso('2027-01-14T09:00:00'), breachedAt: null, overdue: false });
    expect(clocks.close).toMatchObject({ state: 'PAUSED', dueAt: null, remainingMinutes: null, overdue: false });
    expect(await stored('close')).toBe(null);

    // Accepted a working day later: closed in time; the close deadline (10 working days, plus the 8 working hours paused) stays.
    clock.set(at('2027-01-13T10:30:00'));
    await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(c), satisfaction: 5, acceptsResolution: true } }));
    clocks = await byName(id);
    expect(clocks.close).toMatchObject({ state: 'MET', metAt: iso('2027-01-13T10:30:00'), pausedMinutes: 480, dueAt: iso('2027-01-26T09:00:00'), breachedAt: null, overdue: false });
    expect(await stored('close')).toBe(iso('2027-01-26T09:00:00'));
    clock.set(at('2027-02-26T09:00:00'));
    expect(await ids({ overdue: true })).not.toContain(id);
    expect(await ids({ dueBefore: iso('2027-03-01T00:00:00') })).not.toContain(id);
  });
});
