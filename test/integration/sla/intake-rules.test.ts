import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { fromGlobalId } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  ComplaintClocksDocument,
  CreateComplaintDocument,
  PublishTemplateDocument,
  StartReviewDocument,
  TemplateDocument,
  UpdateComplaintDocument,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import { productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { draftEdit, editAndPublish, type Json } from '../../fixtures/templates';

/**
 * An outside process, configured through GraphQL alone: a medical-device maker in Berlin (Mon-Fri
 * 09:00-17:00, no breaks: 8 working hours a day; January, so UTC+1). Its complaint type's severity rules read
 * the intake (an injury is critical, a patient involved is major, else minor) and its routing sends critical
 * complaints to quality. Stage-1 targets in working hours (chosen so that no deadline falls on a day's end):
 *
 *              acknowledge  respond  close
 *   critical        4          6       12
 *   major          10         12       30
 *   minor          20         36       60
 *
 * Times below are Berlin wall-clock.
 */
const at = (berlin: string) => new Date(`${berlin}+01:00`);
const iso = (berlin: string) => at(berlin).toISOString();
const TYPE = 'device-complaint';

let server: TestServer;
const clock = new ManualClock(at('2027-01-11T08:00:00'));

const hours = (value: number) => ({ value, unit: 'working-hours' });
const targets = (acknowledge: number, respond: number, close: number) => ({ acknowledge: hours(acknowledge), respond: hours(respond), close: hours(close) });
const dataWhen = (property: string) => ({ type: 'object', properties: { data: { type: 'object', properties: { [property]: { const: true } }, required: [property] } }, required: ['data'] });

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  await editAndPublish(server, 'ORGANIZATION', 'default', (org) => {
    org.calendar = { timeZone: 'Europe/Berlin', workingHours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }], holidays: [], makeUpWorkingDays: [] };
  });
  const base = (await server.query(TemplateDocument, { kind: 'COMPLAINT_TYPE', key: 'product-quality' })).template.content as Json;
  const type: Json = structuredClone(base);
  Object.assign(type, {
    key: TYPE,
    title: { 'zh-CN': '医疗器械投诉', en: 'Medical device complaint' },
    numberPrefix: 'MD',
    severityRules: [
      { when: dataWhen('injury'), severity: 'critical' },
      { when: dataWhen('patientInvolved'), severity: 'major' },
    ],
    defaultSeverity: 'minor',
    routing: { rules: [{ when: { type: 'object', properties: { severity: { const: 'critical' } }, required: ['severity'] }, department: 'quality' }], defaultDepartment: 'customer-service' },
    investigation: { template: '8d', rules: [], default: 'optional' },
  });
  type.intakeSchema.properties.patientInvolved = { type: 'boolean', 'x-title': { 'zh-CN': '涉及患者', en: 'Patient involved' } };
  type.intakeSchema.properties.injury = { type: 'boolean', 'x-title': { 'zh-CN': '造成伤害', en: 'Injury' } };
  type.sla.response = { critical: targets(4, 6, 12), major: targets(10, 12, 30), minor: targets(20, 36, 60) };
  const draftVersion = await draftEdit(server, 'COMPLAINT_TYPE', TYPE, () => undefined, type);
  const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: TYPE, draftVersion } });
  expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 1 });
}, 120_000);
afterAll(() => server?.stop());

async function receive(berlin: string, intake: Record<string, unknown>) {
  clock.set(at(berlin));
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: { typeKey: TYPE, data: productQualityData({ receivedAt: iso(berlin), ...intake }) } });
  if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
  return createComplaint;
}
async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<{ id: string; version: number }> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}
async function editIntake(c: { id: string; version: number }, berlin: string, intake: Record<string, unknown>, received: string) {
  clock.set(at(berlin));
  const { updateComplaint } = await server.query(UpdateComplaintDocument, { input: { id: c.id, version: c.version, data: productQualityData({ receivedAt: iso(received), ...intake }), reason: '电话补充：患者受伤 call back: the patient was injured' } });
  if (updateComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(updateComplaint));
  return updateComplaint;
}
const complaintOf = async (id: string) => (await server.query(ComplaintClocksDocument, { id })).complaint;
const clocksOf = async (id: string) => Object.fromEntries((await complaintOf(id)).clocks.map((c) => [c.name, c]));
const eventsOf = (id: string, type: string) => server.stored().find(DomainEvent, { subjectId: fromGlobalId(id)!.localId, type }, { orderBy: { sequence: 'asc' } });

describe('rules at intake: severity and routing from the intake data, clocks re-targeted with the elapsed time kept', () => {
  it('runs a critical-at-intake complaint on the critical targets from receipt, decided by the rule that matched', async () => {
    const c = await receive('2027-01-11T09:00:00', { injury: true, patientInvolved: true });
    const complaint = await complaintOf(c.id);
    // The columns stay a person's classification (none yet); the rules' decision is provisional, with its rule.
    expect(complaint.severity).toBeNull();
    const provisional = { severity: 'critical', severityRule: '/severityRules/0', department: 'quality', routingRule: '/routing/rules/0', decidedBy: 'rule' };
    expect(complaint.record.provisional).toMatchObject(provisional);
    const [created] = await eventsOf(c.id, 'complaint.created');
    expect((created.data as Json).provisional).toMatchObject(provisional);
    // Mon 09:00 + 4 wh = Mon 13:00; + 6 wh = Mon 15:00; + 12 wh = Mon 8 h + Tue 4 h = Tue 13:00.
    const clocks = await clocksOf(c.id);
    expect(clocks.acknowledge).toMatchObject({ severity: 'critical', target: hours(4), startedAt: iso('2027-01-11T09:00:00'), dueAt: iso('2027-01-11T13:00:00'), remainingMinutes: 240, state: 'RUNNING' });
    expect(clocks.respond).toMatchObject({ severity: 'critical', target: hours(6), dueAt: iso('2027-01-11T15:00:00') });
    expect(clocks.close).toMatchObject({ severity: 'critical', target: hours(12), dueAt: iso('2027-01-12T13:00:00') });

    // A patient without injury: the second rule, major; no routing rule matches: the default department.
    // Mon 09:00 + 10 wh = Mon 8 h + Tue 2 h = Tue 11:00.
    const major = await receive('2027-01-11T09:00:00', { patientInvolved: true });
    expect((await complaintOf(major.id)).record.provisional).toMatchObject({ severity: 'major', severityRule: '/severityRules/1', department: 'customer-service', routingRule: '/routing/defaultDepartment' });
    expect((await clocksOf(major.id)).acknowledge).toMatchObject({ severity: 'major', target: hours(10), dueAt: iso('2027-01-12T11:00:00') });

    // Nothing matches: the default severity; Mon 09:00 + 20 wh = Mon 8 + Tue 8 + Wed 4 = Wed 13:00.
    const minor = await receive('2027-01-11T09:00:00', {});
    expect((await complaintOf(minor.id)).record.provisional).toMatchObject({ severity: 'minor', severityRule: '/defaultSeverity' });
    expect((await clocksOf(minor.id)).acknowledge).toMatchObject({ severity: 'minor', dueAt: iso('2027-01-13T13:00:00') });
  });

  it('re-targets every running clock when an intake edit makes it critical, keeping the time elapsed', async () => {
    const c = await receive('2027-01-11T09:00:00', {});
    // Minor: acknowledge Wed 13:00 (above); respond 36 wh = 4 days of 8 h + 4 h = Fri 13:00.
    expect((await clocksOf(c.id)).respond).toMatchObject({ severity: 'minor', dueAt: iso('2027-01-15T13:00:00') });
    // Mon 10:00 the customer calls back: an injury. 1 working hour has elapsed; acknowledge 4 wh from 09:00 = 13:00,
    // 3 h (180 min) left; respond 6 wh = 15:00; close 12 wh = Tue 13:00.
    await editIntake(c, '2027-01-11T10:00:00', { injury: true }, '2027-01-11T09:00:00');
    const complaint = await complaintOf(c.id);
    expect(complaint.severity).toBeNull();
    expect(complaint.record.provisional).toMatchObject({ severity: 'critical', severityRule: '/severityRules/0', department: 'quality', at: iso('2027-01-11T10:00:00') });
    const clocks = await clocksOf(c.id);
    expect(clocks.acknowledge).toMatchObject({ severity: 'critical', target: hours(4), startedAt: iso('2027-01-11T09:00:00'), dueAt: iso('2027-01-11T13:00:00'), remainingMinutes: 180, overdue: false });
    expect(clocks.respond).toMatchObject({ severity: 'critical', dueAt: iso('2027-01-11T15:00:00') });
    expect(clocks.close).toMatchObject({ severity: 'critical', dueAt: iso('2027-01-12T13:00:00') });
    const [retargeted] = await eventsOf(c.id, 'complaint.sla_retargeted');
    expect(retargeted).toMatchObject({ actorId: 'system', occurredAt: at('2027-01-11T10:00:00') });
    const data = retargeted.data as Json;
    expect(data).toMatchObject({ from: 'minor', to: 'critical' });
    expect(data.clocks.map((k: Json) => [k.clock, k.from.target.value, new Date(k.from.dueAt).toISOString(), k.to.target.value, new Date(k.to.dueAt).toISOString()])).toEqual([
      ['acknowledge', 20, iso('2027-01-13T13:00:00'), 4, iso('2027-01-11T13:00:00')],
      ['respond', 36, iso('2027-01-15T13:00:00'), 6, iso('2027-01-11T15:00:00')],
      // 60 wh: Mon..Fri 40 h, Mon 18 and Tue 19 16 h, Wed 20 4 h = Wed 13:00.
      ['close', 60, iso('2027-01-20T13:00:00'), 12, iso('2027-01-12T13:00:00')],
    ]);
    const [updated] = await eventsOf(c.id, 'complaint.updated');
    expect((updated.data as Json).provisional).toMatchObject({ before: { severity: 'minor' }, after: { severity: 'critical' } });
  });

  it('re-targets the running clocks when a person classifies it critical; a met clock keeps the target it was measured against', async () => {
    const c = await receive('2027-01-11T09:00:00', {});
    clock.set(at('2027-01-11T09:30:00'));
    let s = await step(server.query(StartReviewDocument, { input: { id: c.id, version: c.version } }));
    clock.set(at('2027-01-11T10:00:00'));
    s = await step(server.query(AcceptComplaintDocument, { input: { id: s.id, version: s.version, category: 'material', severity: 'critical', severityReason: '电话确认患者受伤 injury confirmed by phone' } }));
    const complaint = await complaintOf(c.id);
    expect(complaint.severity).toBe('critical');
    const clocks = await clocksOf(c.id);
    // Acknowledged at 09:30 on the minor target (Wed 13:00): met on time, and it stays so.
    expect(clocks.acknowledge).toMatchObject({ state: 'MET', severity: 'minor', target: hours(20), dueAt: iso('2027-01-13T13:00:00'), breachedAt: null });
    // respond 6 wh from Mon 09:00 = 15:00 (5 h = 300 min left at 10:00); close 12 wh = Tue 13:00.
    expect(clocks.respond).toMatchObject({ state: 'RUNNING', severity: 'critical', dueAt: iso('2027-01-11T15:00:00'), remainingMinutes: 300 });
    expect(clocks.close).toMatchObject({ severity: 'critical', dueAt: iso('2027-01-12T13:00:00') });
    const [retargeted] = await eventsOf(c.id, 'complaint.sla_retargeted');
    expect((retargeted.data as Json).clocks.map((k: Json) => k.clock)).toEqual(['respond', 'close']);
  });

  it("keeps a person's classification when the data changes after it: only a reclassification moves it", async () => {
    const c = await receive('2027-01-11T09:00:00', {});
    clock.set(at('2027-01-11T09:30:00'));
    let s = await step(server.query(StartReviewDocument, { input: { id: c.id, version: c.version } }));
    clock.set(at('2027-01-11T10:00:00'));
    s = await step(server.query(AcceptComplaintDocument, { input: { id: s.id, version: s.version, category: 'material' } }));
    expect((await complaintOf(c.id)).severity).toBe('minor');
    await editIntake(s, '2027-01-11T11:00:00', { injury: true }, '2027-01-11T09:00:00');
    const complaint = await complaintOf(c.id);
    expect(complaint.severity).toBe('minor');
    expect(complaint.record.provisional).toMatchObject({ severity: 'minor', at: iso('2027-01-11T09:00:00') });
    expect((await clocksOf(c.id)).respond).toMatchObject({ severity: 'minor', dueAt: iso('2027-01-15T13:00:00') });
    expect(await eventsOf(c.id, 'complaint.sla_retargeted')).toEqual([]);
  });

  it('makes a clock already past its new target overdue at once; the next tick breaches and escalates it', async () => {
    const c = await receive('2027-01-18T09:00:00', {});
    // Mon 14:00: 5 working hours elapsed, more than the critical 4: due Mon 13:00, 60 min overdue at once.
    await editIntake(c, '2027-01-18T14:00:00', { injury: true }, '2027-01-18T09:00:00');
    let clocks = await clocksOf(c.id);
    expect(clocks.acknowledge).toMatchObject({ severity: 'critical', dueAt: iso('2027-01-18T13:00:00'), overdue: true, remainingMinutes: -60, breachedAt: null });
    await server.app.services.scheduler.tick();
    clocks = await clocksOf(c.id);
    expect(clocks.acknowledge).toMatchObject({ breachedAt: iso('2027-01-18T13:00:00') });
    const breached = await eventsOf(c.id, 'complaint.sla_breached');
    expect(breached.map((e) => (e.data as Json).clock)).toEqual(['acknowledge']);
    // The standard ladder: respond-warning at 75 % of 6 wh = 4.5 wh = 13:30; acknowledge-overdue 1 wh past 13:00 = 14:00.
    const escalated = await eventsOf(c.id, 'complaint.escalated');
    expect(escalated.map((e) => (e.data as Json).step)).toEqual(['respond-warning', 'acknowledge-overdue']);
  });
});
