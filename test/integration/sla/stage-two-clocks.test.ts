import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { fromGlobalId } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  CreateComplaintDocument,
  ComplaintInvestigationsDocument,
  InvestigationClocksDocument,
  InvestigationsDocument,
  MyNotificationsDocument,
  StartReviewDocument,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';
import { completeEightD } from '../../fixtures/investigations';

/** Shanghai wall-clock times on the shipped calendar; the shipped stage-2 ladder over two months. */
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const iso = (shanghai: string) => at(shanghai).toISOString();

let server: TestServer;
const clock = new ManualClock(at('2026-11-23T09:00:00'));
const keys: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  for (const role of ['quality-manager', 'plant-manager', 'general-manager']) keys[role] = (await server.app.services.apiKeys.create(server.tenantId, role, [role])).key;
});
afterAll(() => server?.stop());

const tickAt = (shanghai: string | Date) => {
  clock.set(typeof shanghai === 'string' ? at(shanghai) : shanghai);
  return server.app.services.scheduler.tick();
};
const clocksOf = async (id: string) => {
  const { investigation } = await server.query(InvestigationClocksDocument, { id });
  return { ...investigation, byName: Object.fromEntries(investigation.clocks.map((c) => [c.name, c])) };
};
/** The stage-2 escalations a principal was notified of (the complaint's stage-1 ones go to some of the same people). */
const steps = async (key: string) => (await server.query(MyNotificationsDocument, {}, key)).myNotifications.filter((n) => n.subjectType === 'Investigation').map((n) => n.data.step);

describe('stage-2 SLA clocks and the investigation ladder over two months', () => {
  it('meets containment on time, then warns, escalates with a raised leader level, and reports the closure overdue, each once', async () => {
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ receivedAt: iso('2026-11-23T08:45:00') }) }) });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    const reviewed = (await server.query(StartReviewDocument, { input: { id: createComplaint.id, version: createComplaint.version } })).startReview;
    if (reviewed.__typename !== 'Complaint') throw new Error(reviewed.__typename);
    // Major: the rules open an 8D (leader level manager), with the major stage-2 targets: containment 2, root cause 10, closure 40 working days.
    const accepted = (await server.query(AcceptComplaintDocument, { input: { id: reviewed.id, version: reviewed.version, category: 'material', severity: 'major', severityReason: 'line stop' } })).acceptComplaint;
    if (accepted.__typename !== 'Complaint') throw new Error(JSON.stringify(accepted));
    const [opened] = (await server.query(ComplaintInvestigationsDocument, { id: createComplaint.id })).complaint.investigations;
    const subjectId = fromGlobalId(opened.id)!.localId;
    // The investigation's ladder so far (the complaint's own stage-1 ladder runs alongside and is not counted).
    const ladder = async () =>
      (await server.stored().find(DomainEvent, { subjectId, type: { $in: ['investigation.escalated', 'investigation.sla_breached'] } }, { orderBy: { sequence: 'asc' } })).map(
        (e) => `${e.type}:${(e.data as { step?: string; clock: string }).step ?? (e.data as { clock: string }).clock}`,
      );
    let inv = await clocksOf(opened.id);
    expect(inv.leaderLevel).toBe('manager');
    expect(inv.byName.containment).toMatchObject({ severity: 'major', state: 'RUNNING', dueAt: iso('2026-11-25T09:00:00') });
    expect(inv.byName.rootCause).toMatchObject({ state: 'RUNNING', dueAt: iso('2026-12-07T09:00:00') });
    expect(inv.byName.closure.state).toBe('RUNNING');

    // Tuesday: D0-D3 signed off; D3 meets containment, on time.
    clock.set(at('2026-11-24T15:00:00'));
    await completeEightD(server, opened.id, { key: ADMIN_KEY, id: 'admin' }, 4);
    inv = await clocksOf(opened.id);
    // Met in time: its deadline stays on the clock (and, past it, nothing breaches).
    expect(inv.byName.containment).toMatchObject({ state: 'MET', metAt: iso('2026-11-24T15:00:00'), breachedAt: null, dueAt: iso('2026-11-25T09:00:00') });
    await tickAt('2026-11-26T09:00:00');
    expect(await ladder()).toEqual([]);

    // Wednesday 2 December 14:00 = 75 % of 10 working days: the quality manager is warned.
    await tickAt('2026-12-02T13:59:00');
    expect(await ladder()).toEqual([]);
    await tickAt('2026-12-02T14:00:00');
    expect(await ladder()).toEqual(['investigation.escalated:root-cause-warning']);
    expect(await steps(keys['quality-manager'])).toEqual(['root-cause-warning']);
    const found = async (filter: Record<string, unknown>) => (await server.query(InvestigationsDocument, { first: 100, filter })).investigations.edges.map((e) => e.node.id);
    expect(await found({ overdue: true })).not.toContain(opened.id);
    expect(await found({ overdue: false })).toContain(opened.id);
    expect(await found({ dueBefore: iso('2026-12-08T00:00:00') })).toContain(opened.id);
    expect(await found({ dueBefore: iso('2026-12-07T00:00:00') })).not.toContain(opened.id);

    // Root cause missed on 7 December; 5 working days later the director level is told and the leader level raised.
    await tickAt('2026-12-14T09:00:00');
    expect(await ladder()).toHaveLength(3);
    inv = await clocksOf(opened.id);
    expect(inv.leaderLevel).toBe('director');
    expect(await found({ overdue: true })).toContain(opened.id);
    expect(inv.byName.rootCause).toMatchObject({ breachedAt: iso('2026-12-07T09:00:00'), escalations: [{ step: 'root-cause-warning' }, { step: 'root-cause-overdue' }] });
    expect(await steps(keys['plant-manager'])).toEqual(['root-cause-overdue']);
    const raised = await server.stored().findOneOrFail(DomainEvent, { subjectId, type: 'investigation.escalated', data: { step: 'root-cause-overdue' } as never });
    expect(raised).toMatchObject({ actorId: 'system', data: { raisedTo: 'director', before: { leaderLevel: 'manager' }, after: { leaderLevel: 'director' } } });

    // Two months on, the closure target (40 working days) is overdue by 10 working days: the general manager is told.
    const closureDue = new Date(inv.byName.closure.dueAt!);
    await tickAt(new Date(closureDue.getTime() + 20 * 86_400_000));
    expect(await steps(keys['general-manager'])).toEqual(['closure-overdue']);
    expect(await ladder()).toEqual([
      'investigation.escalated:root-cause-warning',
      'investigation.sla_breached:rootCause',
      'investigation.escalated:root-cause-overdue',
      'investigation.sla_breached:closure',
      'investigation.escalated:closure-overdue',
    ]);
    await tickAt('2027-06-01T09:00:00');
    expect(await ladder()).toHaveLength(5);
  });
});
