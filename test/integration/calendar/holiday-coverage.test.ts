import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { fromGlobalId } from '../../../src/shared/graphql/global-id';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import { SlaClock } from '../../../src/sla/sla-clock.entity';
import {
  AcceptComplaintDocument,
  CalendarCoverageDocument,
  ComplaintHolidayClocksDocument,
  ComplaintInvestigationsDocument,
  CreateComplaintDocument,
  CreateTemplateDraftDocument,
  EventFeedDocument,
  InvestigationHolidayClocksDocument,
  MyNotificationsDocument,
  PublishTemplateDocument,
  StartReviewDocument,
  TemplateDocument,
  TemplateDraftDocument,
  UpdateTemplateDraftDocument,
  ValidateTemplateDocument,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

/** Shanghai wall-clock times on the shipped calendar (08:30-17:30, lunch 12:00-13:00, Monday to Friday). */
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const iso = (shanghai: string) => at(shanghai).toISOString();

const SOURCE_YEARS = Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i);
const EVENT = 'calendar.holiday_data_missing';

/**
 * Test data in the shape an admin enters from the State Council's notice for 2027; NOT the official dates
 * (not published when this was written): a Spring Festival break Saturday 6 to Sunday 14 February with a
 * make-up working Saturday on 20 February, and New Year's Day.
 */
const year2027 = {
  year: 2027,
  source: 'test data in the shape of the State Council notice, not the official dates',
  holidays: [
    { from: '2027-01-01', to: '2027-01-01', title: { 'zh-CN': '元旦（测试数据）', en: "New Year's Day (test data)" } },
    { from: '2027-02-06', to: '2027-02-14', title: { 'zh-CN': '春节（测试数据）', en: 'Spring Festival (test data)' } },
  ],
  makeUpWorkingDays: [{ date: '2027-02-20', title: { 'zh-CN': '春节调休上班（测试数据）', en: 'Spring Festival make-up working day (test data)' } }],
};

let server: TestServer;
const clock = new ManualClock(at('2026-11-23T09:00:00'));
let agentKey: string;

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  agentKey = (await server.app.services.apiKeys.create(server.tenantId, 'agent', ['customer-service-agent'])).key;
});
afterAll(() => server?.stop());

/** A complaint of the shipped product-quality type (minor: acknowledge 8 working hours, respond 3 and close 10 working days) received now. */
async function complaintReceivedNow(): Promise<{ id: string; version: number }> {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ receivedAt: clock.now().toISOString() }) }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
  return createComplaint;
}
const clocksOf = async (id: string) => Object.fromEntries((await server.query(ComplaintHolidayClocksDocument, { id })).complaint.clocks.map((c) => [c.name, { dueAt: c.dueAt, holidayDataMissing: c.holidayDataMissing }]));
const warnings = () => server.stored().find(DomainEvent, { type: EVENT }, { orderBy: { sequence: 'asc' } });
const readyz = async () => {
  const response = await fetch(new URL('/readyz', server.url));
  return { status: response.status, body: await response.json() };
};
/** The organization's draft (from the latest version, or the one left by a refused publication), edited; its version and problems. */
async function organizationDraft(edit: (content: Json) => void) {
  const { createTemplateDraft: created } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'ORGANIZATION', key: 'default' } });
  const draft = created.__typename === 'TemplateDraftInfo' ? created : (await server.query(TemplateDraftDocument, { kind: 'ORGANIZATION', key: 'default' })).templateDraft;
  if (!draft) throw new Error(JSON.stringify(created));
  const content: Json = draft.content;
  edit(content);
  const { updateTemplateDraft: saved } = await server.query(UpdateTemplateDraftDocument, { input: { kind: 'ORGANIZATION', key: 'default', version: draft.version, content } });
  if (saved.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(saved));
  return { ...saved, content };
}

describe('public-holiday coverage of the business calendar (chinese-days has data up to 2026)', () => {
  it('lists the covered years to admins (template.read) and in /readyz, with 2027 missing from the next 12 months', async () => {
    const coverage = { source: 'CN', sourceYears: SOURCE_YEARS, declaredYears: [], years: SOURCE_YEARS, missingYears: [2027], tracked: true, timeZone: 'Asia/Shanghai' };
    expect((await server.query(CalendarCoverageDocument)).calendarCoverage).toEqual(coverage);
    const refused = await server.request(CalendarCoverageDocument, {}, { key: agentKey });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', calendar: { tenant: 'default', source: 'CN', years: SOURCE_YEARS, missingYears: [2027] } } });
  });

  it('flags the stage-1 and stage-2 clocks due in 2027 and warns the admins once for the year', async () => {
    clock.set(at('2026-12-28T09:00:00')); // a Monday
    const a = await complaintReceivedNow();
    // 10 working days from Monday 28 December end on Monday 11 January, 1 January counted as a working day: 2027 has no data.
    expect(await clocksOf(a.id)).toEqual({
      acknowledge: { dueAt: iso('2026-12-29T09:00:00'), holidayDataMissing: false },
      respond: { dueAt: iso('2026-12-31T09:00:00'), holidayDataMissing: false },
      close: { dueAt: iso('2027-01-11T09:00:00'), holidayDataMissing: true },
    });
    const number = (await server.query(ComplaintHolidayClocksDocument, { id: a.id })).complaint.number;
    const orgVersion = await server.stored().findOneOrFail(TemplateVersion, { kind: 'organization', key: 'default', version: 1 });
    const [warning, ...more] = await warnings();
    expect(more).toEqual([]);
    expect(warning).toMatchObject({
      subjectType: 'TemplateVersion',
      subjectId: orgVersion.id,
      subjectNumber: 'organization/default@1',
      actorId: 'system',
      occurredAt: at('2026-12-28T09:00:00'),
      data: { year: 2027, source: 'CN', coveredYears: SOURCE_YEARS, clock: { subjectType: 'Complaint', subjectId: fromGlobalId(a.id)!.localId, subjectNumber: number, name: 'close', dueAt: iso('2027-01-11T09:00:00') } },
    });
    expect((warning.data as Json).title.en).toMatch(/^No public holiday data for 2027: /);
    expect((warning.data as Json).title['zh-CN']).toMatch(/^缺少 2027 年法定节假日数据/);
    // Through the event feed too, and as a notification to the admin.
    const feed = (await server.query(EventFeedDocument, { first: 10, filter: { types: [EVENT] } })).events.edges.map((e) => e.node);
    expect(feed).toEqual([expect.objectContaining({ type: EVENT, subjectNumber: 'organization/default@1', reason: (warning.data as Json).title.en })]);
    const notes = (await server.query(MyNotificationsDocument, {}, ADMIN_KEY)).myNotifications.filter((n) => n.kind === 'holiday_data_missing');
    expect(notes).toEqual([expect.objectContaining({ subjectType: 'TemplateVersion', subjectNumber: 'organization/default@1', title: (warning.data as Json).title.en, data: expect.objectContaining({ year: 2027 }) })]);

    // A second complaint, major, with an 8D: its close (5 working days) and the 8D's root cause (10) fall in 2027 too; still one warning.
    const b = await complaintReceivedNow();
    const reviewed = (await server.query(StartReviewDocument, { input: { id: b.id, version: b.version } })).startReview;
    if (reviewed.__typename !== 'Complaint') throw new Error(reviewed.__typename);
    const accepted = (await server.query(AcceptComplaintDocument, { input: { id: b.id, version: reviewed.version, category: 'material', severity: 'major', severityReason: 'line stop' } })).acceptComplaint;
    if (accepted.__typename !== 'Complaint') throw new Error(JSON.stringify(accepted));
    expect((await clocksOf(b.id)).close).toEqual({ dueAt: iso('2027-01-04T09:00:00'), holidayDataMissing: true });
    const [inv] = (await server.query(ComplaintInvestigationsDocument, { id: b.id })).complaint.investigations;
    const stageTwo = Object.fromEntries((await server.query(InvestigationHolidayClocksDocument, { id: inv.id })).investigation.clocks.map((c) => [c.name, c]));
    expect(stageTwo.containment).toMatchObject({ dueAt: iso('2026-12-30T09:00:00'), holidayDataMissing: false });
    expect(stageTwo.rootCause).toMatchObject({ dueAt: iso('2027-01-11T09:00:00'), holidayDataMissing: true });
    expect(stageTwo.closure).toMatchObject({ holidayDataMissing: true });
    expect(await server.stored().count(SlaClock, { holidayDataMissing: true })).toBe(4);
    expect(await warnings()).toHaveLength(1);
    expect((await server.query(MyNotificationsDocument, {}, ADMIN_KEY)).myNotifications.filter((n) => n.kind === 'holiday_data_missing')).toHaveLength(1);

    // The deadline passes (the scheduler ticked by hand): breached, still flagged, no second warning.
    clock.set(at('2027-01-11T09:00:00'));
    await server.app.services.scheduler.tick();
    expect((await server.query(ComplaintHolidayClocksDocument, { id: a.id })).complaint.clocks.find((c) => c.name === 'close')).toMatchObject({
      breachedAt: iso('2027-01-11T09:00:00'),
      holidayDataMissing: true,
    });
    expect(await warnings()).toHaveLength(1);
  });

  it("warns each tenant once for its own year: another tenant's first 2027 deadline warns its admins, not the default tenant's again", async () => {
    const other = await server.createTenant('east-plant');
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ receivedAt: clock.now().toISOString() }) }) }, other.key);
    if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
    const theirs = await server.app.services.db.forTenant(other.tenantId).find(DomainEvent, { type: EVENT });
    expect(theirs.map((e) => (e.data as Json).year)).toEqual([2027]);
    expect((await server.query(MyNotificationsDocument, {}, other.key)).myNotifications.filter((n) => n.kind === 'holiday_data_missing')).toHaveLength(1);
    expect(await warnings()).toHaveLength(1);
    expect((await server.query(MyNotificationsDocument, {}, ADMIN_KEY)).myNotifications.filter((n) => n.kind === 'holiday_data_missing')).toHaveLength(1);
  });

  it('publishing an organization without holiday data for the next 12 months warns (HOLIDAY_DATA_MISSING) and still publishes', async () => {
    const draft = await organizationDraft((o) => (o.description = { 'zh-CN': '华东工厂', en: 'East China plant' }));
    const warning = { path: '/calendar/publicHolidays', code: 'HOLIDAY_DATA_MISSING', severity: 'WARNING', message: expect.stringMatching(/^no public holidays for 2027[ ,]/) };
    expect(draft.problems.filter((p) => p.code === 'HOLIDAY_DATA_MISSING')).toEqual([warning]);
    expect(draft.problems.filter((p) => p.severity === 'ERROR')).toEqual([]);
    const { validateTemplate } = await server.query(ValidateTemplateDocument, { input: { kind: 'ORGANIZATION', content: draft.content } });
    expect(validateTemplate.valid).toBe(true);
    expect(validateTemplate.problems.filter((p) => p.code === 'HOLIDAY_DATA_MISSING')).toEqual([warning]);
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'ORGANIZATION', key: 'default', draftVersion: draft.version } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', kind: 'ORGANIZATION', key: 'default', version: 2 });
    expect(await server.stored().count(TemplateVersion, { kind: 'organization' })).toBe(2);
  });

  it('looks 12 months ahead from the app clock, not the real time: in mid-2025 the next 12 months are covered', async () => {
    const was = clock.now();
    clock.set(at('2025-06-02T09:00:00'));
    try {
      const { content } = (await server.query(TemplateDocument, { kind: 'ORGANIZATION', key: 'default' })).template;
      const { validateTemplate } = await server.query(ValidateTemplateDocument, { input: { kind: 'ORGANIZATION', content } });
      expect(validateTemplate.problems.filter((p) => p.code === 'HOLIDAY_DATA_MISSING')).toEqual([]);
    } finally {
      clock.set(was);
    }
    const { content } = (await server.query(TemplateDocument, { kind: 'ORGANIZATION', key: 'default' })).template;
    const { validateTemplate } = await server.query(ValidateTemplateDocument, { input: { kind: 'ORGANIZATION', content } });
    expect(validateTemplate.problems.filter((p) => p.code === 'HOLIDAY_DATA_MISSING').map((p) => p.path)).toEqual(['/calendar/publicHolidays']);
  });

  it('refuses a declared year that is duplicated or holds dates of another year, naming the path; nothing is published', async () => {
    const draft = await organizationDraft((o) => {
      o.calendar.publicHolidayYears = [
        { ...year2027, holidays: [{ from: '2072-02-06', to: '2072-02-14', title: year2027.holidays[1].title }] },
        { year: 2027, holidays: [], makeUpWorkingDays: [] },
      ];
    });
    const errors = draft.problems.filter((p) => p.severity === 'ERROR').map(({ path, code }) => ({ path, code }));
    expect(errors).toEqual([
      { path: '/calendar/publicHolidayYears/0/holidays/0', code: 'OUTSIDE_YEAR' },
      { path: '/calendar/publicHolidayYears/1/year', code: 'DUPLICATE_YEAR' },
    ]);
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'ORGANIZATION', key: 'default', draftVersion: draft.version } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED' });
    expect(await server.stored().count(TemplateVersion, { kind: 'organization' })).toBe(2);
  });

  it('a year added through the API is covered: new clocks take its holidays and make-up days, unflagged; earlier ones keep their deadline', async () => {
    clock.set(at('2027-02-01T09:00:00')); // a Monday
    const before = await complaintReceivedNow();
    // Without 2027's holidays: 10 working days from Monday 1 February end on Monday 15 February.
    expect((await clocksOf(before.id)).close).toEqual({ dueAt: iso('2027-02-15T09:00:00'), holidayDataMissing: true });

    const draft = await organizationDraft((o) => (o.calendar.publicHolidayYears = [year2027]));
    expect(draft.problems.filter((p) => p.severity === 'ERROR')).toEqual([]);
    expect(draft.problems.filter((p) => p.code === 'HOLIDAY_DATA_MISSING' && p.message.startsWith('no public holidays for 2027'))).toEqual([]);
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'ORGANIZATION', key: 'default', draftVersion: draft.version } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 3 });

    // Feb 2, 3, 4, 5; 6-14 off; 15, 16, 17, 18, 19 and the make-up Saturday 20: the tenth working day.
    const after = await complaintReceivedNow();
    expect(await clocksOf(after.id)).toEqual({
      acknowledge: { dueAt: iso('2027-02-02T09:00:00'), holidayDataMissing: false },
      respond: { dueAt: iso('2027-02-04T09:00:00'), holidayDataMissing: false },
      close: { dueAt: iso('2027-02-20T09:00:00'), holidayDataMissing: false },
    });
    expect((await clocksOf(before.id)).close).toEqual({ dueAt: iso('2027-02-15T09:00:00'), holidayDataMissing: true });
    expect(await warnings()).toHaveLength(1);

    // From February 2027 the next 12 months reach into 2028, which nobody has declared yet.
    expect((await server.query(CalendarCoverageDocument)).calendarCoverage).toEqual({
      source: 'CN',
      sourceYears: SOURCE_YEARS,
      declaredYears: [2027],
      years: [...SOURCE_YEARS, 2027],
      missingYears: [2028],
      tracked: true,
      timeZone: 'Asia/Shanghai',
    });
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', calendar: { tenant: 'default', source: 'CN', years: [...SOURCE_YEARS, 2027], missingYears: [2028] } } });
  });
});
