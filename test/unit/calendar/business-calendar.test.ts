import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import type { BusinessDuration, BusinessCalendar as CalendarTemplate, OrganizationTemplate, WorkingHours } from '../../../src/__generated__';
import { BusinessCalendar, NoWorkingTimeError } from '../../../src/calendar/business-calendar';
import { calendarOf } from '../../../src/calendar/calendar-cache';
import { checkBusinessCalendar, InvalidBusinessCalendarError } from '../../../src/calendar/calendar-problems';

const shipped = (JSON.parse(readFileSync(join(__dirname, '../../../templates/organization.json'), 'utf8')) as OrganizationTemplate).calendar;
const title = { 'zh-CN': '假', en: 'Off' };
const calendar = (timeZone: string, workingHours: WorkingHours[], more: Partial<CalendarTemplate> = {}): CalendarTemplate => ({
  timeZone,
  workingHours: workingHours as CalendarTemplate['workingHours'],
  holidays: [],
  makeUpWorkingDays: [],
  ...more,
});
const weekdays: WorkingHours['days'] = [1, 2, 3, 4, 5];

/** An instant from a local time with its offset, e.g. '2026-03-13T16:00+08:00'. */
const at = (iso: string) => new Date(iso);
/** The same instant written in the calendar's zone, to compare with readable expectations. */
const local = (zone: string) => (d: Date) => DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: true });
/**
 * The work a calculation does, counted instead of timed: how many local days the calendar looked at (each day's
 * hours are looked up once per visit). A walk that skipped nothing would visit every day of the span.
 */
function daysVisited<T>(run: () => T): { result: T; days: number } {
  const spy = vi.spyOn(BusinessCalendar.prototype as unknown as { hoursOnDay(day: number): unknown }, 'hoursOnDay');
  try {
    const result = run();
    return { result, days: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}
const intervals = (cal: BusinessCalendar, date: string) => cal.workingIntervals(date).map((i) => `${i.start.toISOString()}/${i.end.toISOString()}`);

describe('the shipped calendar (Asia/Shanghai, Mon-Fri 08:30-17:30, lunch 12:00-13:00, 2026 holidays)', () => {
  const cal = new BusinessCalendar(shipped);
  const sh = local('Asia/Shanghai');

  it.each([
    { date: '2026-03-16', working: true, why: 'a Monday' },
    { date: '2026-03-14', working: false, why: 'a Saturday' },
    { date: '2026-02-14', working: true, why: 'make-up Saturday for Spring Festival' },
    { date: '2026-02-16', working: false, why: 'Spring Festival Monday' },
    { date: '2026-02-21', working: false, why: 'Saturday inside Spring Festival' },
    { date: '2026-01-04', working: true, why: 'make-up Sunday for New Year' },
    { date: '2026-10-07', working: false, why: 'last day of National Day' },
    { date: '2026-10-10', working: true, why: 'make-up Saturday for National Day' },
    { date: '2027-01-01', working: true, why: 'New Year 2027: the template lists no 2027 holidays yet' },
  ])('$date is a working day: $working ($why)', ({ date, working }) => {
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('gives the working intervals of a date as instants, lunch removed', () => {
    expect(intervals(cal, '2026-03-16')).toEqual(['2026-03-16T00:30:00.000Z/2026-03-16T04:00:00.000Z', '2026-03-16T05:00:00.000Z/2026-03-16T09:30:00.000Z']);
    expect(intervals(cal, '2026-02-14')).toHaveLength(2);
    expect(cal.workingIntervals('2026-02-16')).toEqual([]);
  });

  it.each([
    { title: '4 h from Friday 16:00 is Monday 11:00', start: '2026-03-13T16:00+08:00', minutes: 240, end: '2026-03-16T11:00+08:00' },
    { title: 'across the lunch break', start: '2026-03-17T11:00+08:00', minutes: 120, end: '2026-03-17T14:00+08:00' },
    { title: 'work ending at lunch ends at 12:00', start: '2026-03-17T11:00+08:00', minutes: 60, end: '2026-03-17T12:00+08:00' },
    { title: 'work ending at the end of the day ends at 17:30', start: '2026-03-17T16:30+08:00', minutes: 60, end: '2026-03-17T17:30+08:00' },
    { title: 'counting starts at 08:30 before work', start: '2026-03-17T07:00+08:00', minutes: 30, end: '2026-03-17T09:00+08:00' },
    { title: 'counting starts at 13:00 in the lunch break', start: '2026-03-17T12:20+08:00', minutes: 30, end: '2026-03-17T13:30+08:00' },
    { title: '0 minutes inside working time is the start', start: '2026-03-17T10:15+08:00', minutes: 0, end: '2026-03-17T10:15+08:00' },
    { title: '0 minutes in the lunch break is 13:00', start: '2026-03-17T12:00+08:00', minutes: 0, end: '2026-03-17T13:00+08:00' },
    { title: '0 minutes at the end of work is the next working morning', start: '2026-03-13T17:30+08:00', minutes: 0, end: '2026-03-16T08:30+08:00' },
    { title: 'half a minute', start: '2026-03-17T10:00+08:00', minutes: 0.5, end: '2026-03-17T10:00:30+08:00' },
    { title: 'New Year: Wed 2025-12-31 17:00 + 1 h is make-up Sunday 2026-01-04 09:00', start: '2025-12-31T17:00+08:00', minutes: 60, end: '2026-01-04T09:00+08:00' },
    { title: 'Spring Festival: Fri 02-13 16:00 + 4 h is make-up Saturday 02-14 11:00', start: '2026-02-13T16:00+08:00', minutes: 240, end: '2026-02-14T11:00+08:00' },
    { title: 'Spring Festival: Sat 02-14 17:00 + 1 h is Tue 02-24 09:00', start: '2026-02-14T17:00+08:00', minutes: 60, end: '2026-02-24T09:00+08:00' },
    { title: 'Spring Festival: Fri 02-27 17:00 + 1 h is make-up Saturday 02-28 09:00', start: '2026-02-27T17:00+08:00', minutes: 60, end: '2026-02-28T09:00+08:00' },
    { title: 'National Day: Fri 09-18 16:00 + 4 h is make-up Sunday 09-20 11:00', start: '2026-09-18T16:00+08:00', minutes: 240, end: '2026-09-20T11:00+08:00' },
    { title: 'National Day: Wed 09-30 17:00 + 1 h is Thu 10-08 09:00', start: '2026-09-30T17:00+08:00', minutes: 60, end: '2026-10-08T09:00+08:00' },
    { title: 'National Day: Fri 10-09 17:00 + 1 h is make-up Saturday 10-10 09:00', start: '2026-10-09T17:00+08:00', minutes: 60, end: '2026-10-10T09:00+08:00' },
    { title: 'year end: Thu 2026-12-31 16:00 + 8 h is Fri 2027-01-01 16:00', start: '2026-12-31T16:00+08:00', minutes: 480, end: '2027-01-01T16:00+08:00' },
  ])('addWorkingMinutes: $title', ({ start, minutes, end }) => {
    expect(sh(cal.addWorkingMinutes(at(start), minutes))).toBe(sh(at(end)));
  });

  it('keeps the milliseconds of a start inside working time', () => {
    expect(cal.addWorkingMinutes(at('2026-03-17T10:00:00.250+08:00'), 1).toISOString()).toBe('2026-03-17T02:01:00.250Z');
  });

  it.each([
    { title: 'a full week', from: '2026-03-16T00:00+08:00', to: '2026-03-23T00:00+08:00', minutes: 5 * 8 * 60 },
    { title: 'the Qingming week (Monday 04-06 off)', from: '2026-04-06T00:00+08:00', to: '2026-04-13T00:00+08:00', minutes: 4 * 8 * 60 },
    { title: 'three Spring Festival weeks with two make-up Saturdays', from: '2026-02-09T00:00+08:00', to: '2026-03-02T00:00+08:00', minutes: 11 * 8 * 60 },
    { title: 'two National Day weeks with make-up Saturday 10-10', from: '2026-09-28T00:00+08:00', to: '2026-10-12T00:00+08:00', minutes: 6 * 8 * 60 },
    { title: 'the lunch break', from: '2026-03-17T12:00+08:00', to: '2026-03-17T13:00+08:00', minutes: 0 },
    { title: 'half a minute', from: '2026-03-17T10:00:00+08:00', to: '2026-03-17T10:00:30+08:00', minutes: 0.5 },
    { title: 'backwards over a week', from: '2026-03-23T00:00+08:00', to: '2026-03-16T00:00+08:00', minutes: -5 * 8 * 60 },
    { title: 'the year 2026: 248 working days', from: '2026-01-01T00:00+08:00', to: '2027-01-01T00:00+08:00', minutes: 248 * 8 * 60 },
  ])('workingMinutesBetween: $title', ({ from, to, minutes }) => {
    expect(cal.workingMinutesBetween(at(from), at(to))).toBe(minutes);
  });

  it('counts 248 working days in 2026, day by day too', () => {
    let days = 0;
    for (let d = DateTime.fromISO('2026-01-01'); d.year === 2026; d = d.plus({ days: 1 })) if (cal.isWorkingDay(d.toISODate()!)) days++;
    expect(days).toBe(248);
  });

  it.each([
    { title: 'Tue 10:00 + 2 is Thu 10:00', start: '2026-03-17T10:00+08:00', value: 2, end: '2026-03-19T10:00+08:00' },
    { title: 'Fri 18:00 (after work) + 2 is Wed 08:30: counted from Mon 08:30', start: '2026-03-13T18:00+08:00', value: 2, end: '2026-03-18T08:30+08:00' },
    { title: 'Fri 17:30 (end of work) + 1 is Tue 08:30', start: '2026-03-13T17:30+08:00', value: 1, end: '2026-03-17T08:30+08:00' },
    { title: 'Fri 17:29 + 1 is Mon 17:29', start: '2026-03-13T17:29+08:00', value: 1, end: '2026-03-16T17:29+08:00' },
    { title: 'Tue 07:00 (before work) + 1 is Wed 08:30', start: '2026-03-17T07:00+08:00', value: 1, end: '2026-03-18T08:30+08:00' },
    { title: 'Sat + 1 is Tue 08:30: counted from Mon 08:30', start: '2026-03-14T10:00+08:00', value: 1, end: '2026-03-17T08:30+08:00' },
    { title: 'Tue 12:30 (lunch) + 1 is Wed 12:00: the morning was worked', start: '2026-03-17T12:30+08:00', value: 1, end: '2026-03-18T12:00+08:00' },
    { title: 'Tue 10:00 + 1.5 is Wed 10:00 + 4 working hours', start: '2026-03-17T10:00+08:00', value: 1.5, end: '2026-03-18T15:00+08:00' },
    { title: 'Tue 10:00 + 0.5 is 4 working hours later', start: '2026-03-17T10:00+08:00', value: 0.5, end: '2026-03-17T15:00+08:00' },
    { title: 'Tue 10:00 + 0.25 ends at lunch', start: '2026-03-17T10:00+08:00', value: 0.25, end: '2026-03-17T12:00+08:00' },
    { title: 'Fri 02-13 10:00 + 1 is make-up Saturday 02-14 10:00', start: '2026-02-13T10:00+08:00', value: 1, end: '2026-02-14T10:00+08:00' },
    { title: 'Fri 02-13 10:00 + 2 is Tue 02-24 10:00, after Spring Festival', start: '2026-02-13T10:00+08:00', value: 2, end: '2026-02-24T10:00+08:00' },
    { title: 'Wed 09-30 10:00 + 2 is Fri 10-09 10:00, after National Day', start: '2026-09-30T10:00+08:00', value: 2, end: '2026-10-09T10:00+08:00' },
    { title: 'Wed 09-30 10:00 + 3 is make-up Saturday 10-10 10:00', start: '2026-09-30T10:00+08:00', value: 3, end: '2026-10-10T10:00+08:00' },
    { title: 'Thu 2026-12-31 10:00 + 1 is Fri 2027-01-01 10:00', start: '2026-12-31T10:00+08:00', value: 1, end: '2027-01-01T10:00+08:00' },
  ])('add working-days: $title', ({ start, value, end }) => {
    expect(sh(cal.add(at(start), { value, unit: 'working-days' }))).toBe(sh(at(end)));
  });

  it.each([
    { title: '4 working hours from Friday 16:00', start: '2026-03-13T16:00+08:00', duration: { value: 4, unit: 'working-hours' }, end: '2026-03-16T11:00+08:00' },
    { title: '1.5 working hours across lunch', start: '2026-03-17T11:30+08:00', duration: { value: 1.5, unit: 'working-hours' }, end: '2026-03-17T14:00+08:00' },
    { title: '2 calendar days from Friday 18:00 end on Sunday 18:00', start: '2026-03-13T18:00+08:00', duration: { value: 2, unit: 'calendar-days' }, end: '2026-03-15T18:00+08:00' },
    { title: '1.5 calendar days', start: '2026-03-13T18:00+08:00', duration: { value: 1.5, unit: 'calendar-days' }, end: '2026-03-15T06:00+08:00' },
    { title: '0.5 calendar days', start: '2026-03-13T18:00+08:00', duration: { value: 0.5, unit: 'calendar-days' }, end: '2026-03-14T06:00+08:00' },
    { title: '7 calendar days over Spring Festival', start: '2026-02-13T10:00+08:00', duration: { value: 7, unit: 'calendar-days' }, end: '2026-02-20T10:00+08:00' },
  ] satisfies Array<{ title: string; start: string; duration: BusinessDuration; end: string }>)('add: $title', ({ start, duration, end }) => {
    expect(sh(cal.add(at(start), duration))).toBe(sh(at(end)));
  });

  it('gives the local date and year, which change at Shanghai midnight', () => {
    expect(cal.localDate(at('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(cal.year(at('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(cal.localDate(at('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(cal.year(at('2026-12-31T16:00:00Z'))).toBe(2027);
  });

  it('adds 10,000 working hours looking at each day at most once per direction, and inverts them exactly', () => {
    const start = at('2026-03-13T16:00+08:00');
    const { result: end, days: forward } = daysVisited(() => cal.addWorkingMinutes(start, 600_000));
    const { result: between, days: back } = daysVisited(() => cal.workingMinutesBetween(start, end));
    // 2026-03-13 to 2031-01-08 is 1,762 days; the Spring Festival and National Day weeks are skipped in one step.
    expect(forward).toBeLessThanOrEqual(1_762 + 3);
    expect(back).toBeLessThanOrEqual(1_762 + 3);
    expect(between).toBe(600_000);
    // Holidays are listed for 2026 only, so from 2027 every weekday counts: 1250 working days in all.
    expect(sh(end)).toBe('2031-01-08T16:00+08:00');
  });

  it('adds a few working hours looking at a few days only', () => {
    // Friday 16:00 + 4 to 14 working hours: Friday, the weekend (Saturday and Sunday each looked at), Monday, Tuesday, and the day before the start.
    const start = at('2026-03-13T16:00+08:00');
    const { days } = daysVisited(() => {
      for (let i = 0; i < 10_000; i++) cal.addWorkingMinutes(start, 240 + (i % 600));
    });
    expect(days).toBeLessThanOrEqual(10_000 * 6);
  });

  it.each([
    { title: 'negative minutes', run: () => cal.addWorkingMinutes(at('2026-03-17T10:00Z'), -1) },
    { title: 'NaN minutes', run: () => cal.addWorkingMinutes(at('2026-03-17T10:00Z'), NaN) },
    { title: 'an invalid Date', run: () => cal.addWorkingMinutes(new Date('nope'), 1) },
    { title: 'a zero duration', run: () => cal.add(at('2026-03-17T10:00Z'), { value: 0, unit: 'working-days' }) },
    { title: 'an unknown unit', run: () => cal.add(at('2026-03-17T10:00Z'), { value: 1, unit: 'fortnights' as BusinessDuration['unit'] }) },
    { title: 'a malformed date', run: () => cal.isWorkingDay('2026-3-17') },
    { title: 'an impossible date', run: () => cal.workingIntervals('2026-02-30') },
  ])('rejects $title with a RangeError', ({ run }) => {
    expect(run).toThrow(RangeError);
  });
});

/** Every date of 2026 (no holidays) gets the intervals luxon gives for its weekday's wall-clock boundaries, indexed 1..7. */
function expectLuxonIntervals(template: CalendarTemplate, boundaries: string[][]) {
  const cal = new BusinessCalendar(template);
  for (let d = DateTime.fromISO('2026-01-01'); d.year === 2026; d = d.plus({ days: 1 })) {
    const date = d.toISODate()!;
    const expected = boundaries[d.weekday];
    const wall = (time: string) => DateTime.fromISO(`${date}T${time}`, { zone: template.timeZone }).toJSDate().toISOString();
    expect(intervals(cal, date)).toEqual(expected.map((b) => b.split('-').map(wall).join('/')));
  }
}

describe('a DST calendar (Europe/Berlin, Mon-Fri 09:00-17:00 with a 12:00-12:30 break, Sat 09:00-12:00)', () => {
  const berlin = calendar('Europe/Berlin', [
    { days: weekdays, from: '09:00', to: '17:00', breaks: [{ from: '12:00', to: '12:30' }] },
    { days: [6], from: '09:00', to: '12:00' },
  ]);
  const cal = new BusinessCalendar(berlin);
  const be = local('Europe/Berlin');

  it('gives the intervals luxon gives, every date of 2026', () => {
    const weekday = ['09:00-12:00', '12:30-17:00'];
    expectLuxonIntervals(berlin, [[], weekday, weekday, weekday, weekday, weekday, ['09:00-12:00'], []]);
  });

  it('moves the working intervals with the clocks on 2026-03-29 and 2026-10-25', () => {
    expect(intervals(cal, '2026-03-27')).toEqual(['2026-03-27T08:00:00.000Z/2026-03-27T11:00:00.000Z', '2026-03-27T11:30:00.000Z/2026-03-27T16:00:00.000Z']);
    expect(intervals(cal, '2026-03-28')).toEqual(['2026-03-28T08:00:00.000Z/2026-03-28T11:00:00.000Z']);
    expect(intervals(cal, '2026-03-30')).toEqual(['2026-03-30T07:00:00.000Z/2026-03-30T10:00:00.000Z', '2026-03-30T10:30:00.000Z/2026-03-30T15:00:00.000Z']);
    expect(intervals(cal, '2026-10-24')).toEqual(['2026-10-24T07:00:00.000Z/2026-10-24T10:00:00.000Z']);
    expect(intervals(cal, '2026-10-26')).toEqual(['2026-10-26T08:00:00.000Z/2026-10-26T11:00:00.000Z', '2026-10-26T11:30:00.000Z/2026-10-26T16:00:00.000Z']);
  });

  it.each([
    { title: 'Sat 03-28 11:00 CET + 2 h is Mon 03-30 10:00 CEST', start: '2026-03-28T11:00+01:00', minutes: 120, end: '2026-03-30T10:00+02:00' },
    { title: 'Sat 10-24 11:00 CEST + 2 h is Mon 10-26 10:00 CET', start: '2026-10-24T11:00+02:00', minutes: 120, end: '2026-10-26T10:00+01:00' },
    { title: 'Fri 03-27 16:00 + 3 weeks of work', start: '2026-03-27T16:00+01:00', minutes: 3 * (5 * 450 + 180), end: '2026-04-17T16:00+02:00' },
  ])('addWorkingMinutes: $title', ({ start, minutes, end }) => {
    expect(be(cal.addWorkingMinutes(at(start), minutes))).toBe(be(at(end)));
  });

  it('counts Fri 450 + Sat 180 + Mon 450 minutes over the spring change', () => {
    expect(cal.workingMinutesBetween(at('2026-03-27T00:00+01:00'), at('2026-03-31T00:00+02:00'))).toBe(1080);
    expect(cal.workingMinutesBetween(at('2026-10-23T00:00+02:00'), at('2026-10-27T00:00+01:00'))).toBe(1080);
  });

  it.each([
    { title: 'Fri 14:00 + 1 working day is Sat 12:00, the end of the shorter day', start: '2026-03-27T14:00+01:00', duration: { value: 1, unit: 'working-days' }, end: '2026-03-28T12:00+01:00' },
    { title: 'Fri 14:00 + 2 working days is Mon 14:00 CEST', start: '2026-03-27T14:00+01:00', duration: { value: 2, unit: 'working-days' }, end: '2026-03-30T14:00+02:00' },
    { title: 'Sat 10:00 CET + 1 calendar day is Sun 10:00 CEST (23 h later)', start: '2026-03-28T10:00+01:00', duration: { value: 1, unit: 'calendar-days' }, end: '2026-03-29T10:00+02:00' },
    { title: 'Fri 10:00 CEST + 3 calendar days is Mon 10:00 CET (73 h later)', start: '2026-10-23T10:00+02:00', duration: { value: 3, unit: 'calendar-days' }, end: '2026-10-26T10:00+01:00' },
    { title: 'Sat 10:00 CET + 1.5 calendar days adds 12 real hours to Sun 10:00 CEST', start: '2026-03-28T10:00+01:00', duration: { value: 1.5, unit: 'calendar-days' }, end: '2026-03-29T22:00+02:00' },
  ] satisfies Array<{ title: string; start: string; duration: BusinessDuration; end: string }>)('add: $title', ({ start, duration, end }) => {
    expect(be(cal.add(at(start), duration))).toBe(be(at(end)));
  });

  it('makes a make-up Sunday work Saturday hours (asWeekday 6) on the day the clocks go forward', () => {
    const withMakeUp = new BusinessCalendar({ ...berlin, makeUpWorkingDays: [{ date: '2026-03-29', title, asWeekday: 6 }] });
    expect(intervals(withMakeUp, '2026-03-29')).toEqual(['2026-03-29T07:00:00.000Z/2026-03-29T10:00:00.000Z']);
    expect(be(withMakeUp.addWorkingMinutes(at('2026-03-28T11:00+01:00'), 120))).toBe('2026-03-29T10:00+02:00');
  });

  it('counts the real length of a working day that spans the change: 23 h and 25 h days', () => {
    const allDay = new BusinessCalendar(calendar('Europe/Berlin', [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' }]));
    expect(intervals(allDay, '2026-03-29')).toEqual(['2026-03-28T23:00:00.000Z/2026-03-29T21:59:00.000Z']);
    expect(allDay.workingMinutesBetween(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(23 * 60 - 1);
    expect(allDay.workingMinutesBetween(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(25 * 60 - 1);
    expect(allDay.addWorkingMinutes(at('2026-03-29T00:00+01:00'), 23 * 60 - 1).toISOString()).toBe('2026-03-29T21:59:00.000Z');
  });

  it('reads a boundary the clocks skip or repeat with the offset before the change', () => {
    const night = new BusinessCalendar(calendar('Europe/Berlin', [{ days: [7], from: '02:30', to: '04:00' }]));
    // 02:30 does not exist on 03-29: read as 02:30 CET = 03:30 CEST, as luxon does.
    expect(intervals(night, '2026-03-29')).toEqual(['2026-03-29T01:30:00.000Z/2026-03-29T02:00:00.000Z']);
    expect(night.workingIntervals('2026-03-29')[0].start.getTime()).toBe(DateTime.fromISO('2026-03-29T02:30', { zone: 'Europe/Berlin' }).toMillis());
    // 02:30 happens twice on 10-25: the first time, 02:30 CEST.
    expect(intervals(night, '2026-10-25')).toEqual(['2026-10-25T00:30:00.000Z/2026-10-25T03:00:00.000Z']);
    expect(intervals(night, '2026-03-22')).toEqual(['2026-03-22T01:30:00.000Z/2026-03-22T03:00:00.000Z']);
  });
});

describe('a DST calendar (America/New_York, Mon-Fri 09:00-17:00)', () => {
  const newYork = calendar('America/New_York', [{ days: weekdays, from: '09:00', to: '17:00' }]);
  const cal = new BusinessCalendar(newYork);
  const ny = local('America/New_York');

  it('gives the intervals luxon gives, every date of 2026', () => {
    expectLuxonIntervals(newYork, [[], ['09:00-17:00'], ['09:00-17:00'], ['09:00-17:00'], ['09:00-17:00'], ['09:00-17:00'], [], []]);
  });

  it.each([
    { title: 'Fri 03-06 16:00 EST + 2 working hours is Mon 03-09 10:00 EDT', start: '2026-03-06T16:00-05:00', duration: { value: 2, unit: 'working-hours' }, end: '2026-03-09T10:00-04:00' },
    { title: 'Fri 10-30 16:00 EDT + 2 working hours is Mon 11-02 10:00 EST', start: '2026-10-30T16:00-04:00', duration: { value: 2, unit: 'working-hours' }, end: '2026-11-02T10:00-05:00' },
    { title: 'Fri 03-06 10:00 EST + 1 working day is Mon 03-09 10:00 EDT', start: '2026-03-06T10:00-05:00', duration: { value: 1, unit: 'working-days' }, end: '2026-03-09T10:00-04:00' },
    { title: 'Sat 03-07 20:00 EST + 1 calendar day is Sun 03-08 20:00 EDT', start: '2026-03-07T20:00-05:00', duration: { value: 1, unit: 'calendar-days' }, end: '2026-03-08T20:00-04:00' },
  ] satisfies Array<{ title: string; start: string; duration: BusinessDuration; end: string }>)('add: $title', ({ start, duration, end }) => {
    expect(ny(cal.add(at(start), duration))).toBe(ny(at(end)));
  });

  it('counts two 8 h days over each change', () => {
    expect(cal.workingMinutesBetween(at('2026-03-06T00:00-05:00'), at('2026-03-10T00:00-04:00'))).toBe(960);
    expect(cal.workingMinutesBetween(at('2026-10-30T00:00-04:00'), at('2026-11-03T00:00-05:00'))).toBe(960);
  });

  it('gives the local date and year of an instant that is already next year in UTC', () => {
    expect(cal.localDate(at('2027-01-01T03:00Z'))).toBe('2026-12-31');
    expect(cal.year(at('2027-01-01T03:00Z'))).toBe(2026);
  });
});

describe('several entries listing the same weekday', () => {
  const cal = new BusinessCalendar(
    calendar(
      'Asia/Shanghai',
      [
        { days: weekdays, from: '08:00', to: '17:00', breaks: [{ from: '12:00', to: '13:00' }] },
        { days: [1], from: '12:00', to: '13:00' },
        { days: [3], from: '16:00', to: '20:00' },
      ],
      { makeUpWorkingDays: [{ date: '2026-03-21', title, asWeekday: 3 }] },
    ),
  );

  it('joins their hours: one entry does not remove another entry’s time by its breaks', () => {
    expect(intervals(cal, '2026-03-16')).toEqual(['2026-03-16T00:00:00.000Z/2026-03-16T09:00:00.000Z']);
    expect(intervals(cal, '2026-03-18')).toEqual(['2026-03-18T00:00:00.000Z/2026-03-18T04:00:00.000Z', '2026-03-18T05:00:00.000Z/2026-03-18T12:00:00.000Z']);
    expect(cal.workingMinutesBetween(at('2026-03-16T00:00+08:00'), at('2026-03-23T00:00+08:00'))).toBe(9 * 60 + 8 * 60 + 11 * 60 + 8 * 60 + 8 * 60 + 11 * 60);
  });

  it('gives a make-up day the joined hours of its asWeekday', () => {
    expect(cal.addWorkingMinutes(at('2026-03-20T17:00+08:00'), 11 * 60).toISOString()).toBe(at('2026-03-21T20:00+08:00').toISOString());
  });
});

describe('calendars with too little working time', () => {
  it('throws NoWorkingTimeError when no weekday has working hours', () => {
    const cal = new BusinessCalendar(calendar('UTC', [{ days: [1], from: '09:00', to: '09:00' }]));
    expect(() => cal.addWorkingMinutes(at('2026-03-17T10:00Z'), 0)).toThrow(NoWorkingTimeError);
    expect(() => cal.add(at('2026-03-17T10:00Z'), { value: 1, unit: 'working-days' })).toThrow(/no working hours/);
    expect(cal.workingMinutesBetween(at('2026-03-01T00:00Z'), at('2026-04-01T00:00Z'))).toBe(0);
    expect(cal.isWorkingDay('2026-03-16')).toBe(false);
    expect(cal.add(at('2026-03-17T10:00Z'), { value: 1, unit: 'calendar-days' }).toISOString()).toBe('2026-03-18T10:00:00.000Z');
  });

  it('gives up after 20 years of holidays, skipping the holiday in one step', () => {
    const cal = new BusinessCalendar(calendar('UTC', [{ days: weekdays, from: '09:00', to: '17:00' }], { holidays: [{ from: '2026-01-01', to: '2099-12-31', title }] }));
    const { days } = daysVisited(() => {
      expect(() => cal.addWorkingMinutes(at('2026-03-17T10:00Z'), 1)).toThrow(/within 20 years/);
      expect(() => cal.add(at('2026-03-17T10:00Z'), { value: 1, unit: 'working-days' })).toThrow(NoWorkingTimeError);
      expect(cal.workingMinutesBetween(at('2026-01-01T00:00Z'), at('2090-01-01T00:00Z'))).toBe(0);
    });
    // Day by day this would be 3 x 7,300 days and more; each walk looks at the holiday's first day and jumps past the search.
    expect(days).toBeLessThanOrEqual(10);
  });

  it('throws when the working time asked for does not end within 20 years', () => {
    const cal = new BusinessCalendar(calendar('UTC', [{ days: [1], from: '09:00', to: '09:01' }]));
    expect(() => cal.addWorkingMinutes(at('2026-03-17T10:00Z'), 2000)).toThrow(NoWorkingTimeError);
    expect(cal.addWorkingMinutes(at('2026-03-17T10:00Z'), 52).toISOString()).toBe('2027-03-15T09:01:00.000Z');
  });
});

describe('checkBusinessCalendar', () => {
  it('finds nothing wrong with the shipped calendar', () => {
    expect(checkBusinessCalendar(shipped)).toEqual([]);
  });

  it.each([
    { title: 'an unknown zone', change: { timeZone: 'Mars/Olympus_Mons' }, path: '/timeZone', code: 'UNKNOWN_TIME_ZONE', fatal: true },
    { title: 'a 24:00 end', change: { workingHours: [{ days: weekdays, from: '09:00', to: '24:00' }, { days: weekdays, from: '09:00', to: '12:00' }] }, path: '/workingHours/0/to', code: 'BAD_TIME', fatal: true },
    { title: 'a weekday 0', change: { workingHours: [{ days: [0, 1], from: '09:00', to: '17:00' }] }, path: '/workingHours/0/days/0', code: 'BAD_WEEKDAY', fatal: true },
    { title: 'an impossible holiday date', change: { holidays: [{ from: '2026-02-29', to: '2026-03-01', title }] }, path: '/holidays/0/from', code: 'BAD_DATE', fatal: true },
    {
      title: 'working hours ending before they start',
      change: { workingHours: [{ days: weekdays, from: '17:00', to: '09:00' }, { days: weekdays, from: '09:00', to: '12:00' }] },
      path: '/workingHours/0',
      code: 'EMPTY_RANGE',
      fatal: false,
    },
    { title: 'no working hours at all', change: { workingHours: [{ days: weekdays, from: '09:00', to: '12:00', breaks: [{ from: '09:00', to: '12:00' }] }] }, path: '/workingHours', code: 'NO_WORKING_HOURS', fatal: false },
    {
      title: 'a break outside the hours',
      change: { workingHours: [{ days: weekdays, from: '09:00', to: '17:00', breaks: [{ from: '08:00', to: '09:30' }] }] },
      path: '/workingHours/0/breaks/0',
      code: 'BREAK_OUTSIDE_HOURS',
      fatal: false,
    },
    { title: 'a holiday ending before it starts', change: { holidays: [{ from: '2026-05-05', to: '2026-05-01', title }] }, path: '/holidays/0', code: 'EMPTY_RANGE', fatal: false },
    { title: 'a make-up day as a weekday without hours', change: { makeUpWorkingDays: [{ date: '2026-05-09', title, asWeekday: 7 }] }, path: '/makeUpWorkingDays/0/asWeekday', code: 'MAKE_UP_WITHOUT_HOURS', fatal: false },
  ] as Array<{ title: string; change: Partial<CalendarTemplate>; path: string; code: string; fatal: boolean }>)('reports $title as $code', ({ change, path, code, fatal }) => {
    const template = { ...shipped, ...change };
    expect(checkBusinessCalendar(template)).toEqual([expect.objectContaining({ path, code })]);
    if (fatal) expect(() => new BusinessCalendar(template)).toThrow(InvalidBusinessCalendarError);
    else expect(() => new BusinessCalendar(template)).not.toThrow();
  });
});

describe('calendarOf', () => {
  it('builds one calendar per template object', () => {
    expect(calendarOf(shipped)).toBe(calendarOf(shipped));
    expect(calendarOf(structuredClone(shipped))).not.toBe(calendarOf(shipped));
  });
});

describe('public holidays from a maintained source (publicHolidays: CN)', () => {
  const calendar = new BusinessCalendar({
    timeZone: 'Asia/Shanghai',
    publicHolidays: 'CN',
    workingHours: [{ days: [1, 2, 3, 4, 5], from: '08:30', to: '17:30', breaks: [{ from: '12:00', to: '13:00' }] }],
    holidays: [{ from: '2025-12-29', to: '2025-12-31', title: { 'zh-CN': '年底停产检修', en: 'Year-end plant shutdown' } }],
    makeUpWorkingDays: [{ date: '2025-10-08', title: { 'zh-CN': '本厂国庆最后一天上班', en: 'Plant works the last National Day holiday' } }],
  });

  it("takes years the template does not list from the State Council's schedule", () => {
    // National Day 2025: 1-8 October off, Sunday 28 September and Saturday 11 October worked.
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-07')).toBe(false);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    // Spring Festival 2024 make-up Sunday 4 February.
    expect(calendar.isWorkingDay('2024-02-04')).toBe(true);
    expect(calendar.isWorkingDay('2024-02-12')).toBe(false);
  });

  it("adds the template's own shutdowns and lets its make-up days override a public holiday", () => {
    expect(calendar.isWorkingDay('2025-12-30')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-08')).toBe(true);
    // Tuesday 30 September 16:30 + 2 working hours: 17:30, then 1 October..7 off, Wednesday 8 October 09:30.
    expect(calendar.add(new Date('2025-09-30T08:30:00Z'), { value: 2, unit: 'working-hours' }).toISOString()).toBe('2025-10-08T01:30:00.000Z');
  });
});
