import { describe, expect, it } from 'vitest';
import type { BusinessCalendar as CalendarTemplate } from '../../../src/__generated__';
import { BusinessCalendar } from '../../../src/calendar/business-calendar';
import { checkBusinessCalendar, checkHolidayCoverage, rangesOf } from '../../../src/calendar/calendar-problems';
import { coverageReport, holidayCoverage, nextTwelveMonths } from '../../../src/calendar/holiday-coverage';
import { publicHolidays } from '../../../src/calendar/public-holidays';

const title = { 'zh-CN': '假', en: 'Off' };
const base: CalendarTemplate = {
  timeZone: 'Asia/Shanghai',
  workingHours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }],
  holidays: [],
  makeUpWorkingDays: [],
};
const year = (y: number, more: Partial<NonNullable<CalendarTemplate['publicHolidayYears']>[number]> = {}) => ({ year: y, holidays: [], makeUpWorkingDays: [], ...more });

describe('public-holiday coverage', () => {
  it("takes the CN source's years as those with a schedule (2004 to 2026 in chinese-days 1.5.7)", () => {
    expect(publicHolidays('CN').years).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it.each([
    { title: 'no source and no declared year: not tracked, nothing missing', calendar: base, years: [], missing: [], tracked: false },
    { title: 'declared years only', calendar: { ...base, publicHolidayYears: [year(2027), year(2026)] }, years: [2026, 2027], missing: [2028], tracked: true },
    { title: 'the CN source', calendar: { ...base, publicHolidays: 'CN' as const }, years: Array.from({ length: 23 }, (_, i) => 2004 + i), missing: [2027, 2028], tracked: true },
  ])('$title', ({ calendar, years, missing, tracked }) => {
    expect(holidayCoverage(calendar)).toMatchObject({ years, tracked });
    expect(coverageReport(calendar, new Date('2027-06-01T00:00:00+08:00')).missingYears).toEqual(missing);
    expect(new BusinessCalendar(calendar).missingYears(new Date('2027-06-01T00:00:00+08:00'), new Date('2028-01-05T00:00:00+08:00'))).toEqual(missing);
  });

  it.each([
    { now: '2026-12-07T12:00:00+08:00', years: { from: 2026, to: 2027 } },
    { now: '2027-01-01T00:00:00+08:00', years: { from: 2027, to: 2027 } },
    // 31 December 17:00 UTC is already 1 January in Shanghai.
    { now: '2026-12-31T17:00:00Z', years: { from: 2027, to: 2027 } },
  ])('the next 12 months from $now are the local years $years.from to $years.to', ({ now, years }) => {
    expect(nextTwelveMonths('Asia/Shanghai', new Date(now))).toEqual(years);
  });

  it('warns HOLIDAY_DATA_MISSING at the source, or at the declared years without one; never without either', () => {
    const now = new Date('2026-12-07T12:00:00+08:00');
    expect(checkHolidayCoverage({ ...base, publicHolidays: 'CN' }, now)).toEqual([
      {
        path: '/publicHolidays',
        code: 'HOLIDAY_DATA_MISSING',
        message:
          "no public holidays for 2027 (within 12 months of 2026-12-07; public holiday data covers 2004-2026): SLA deadlines then ignore that year's holidays and make-up working days until its official dates are added to calendar.publicHolidayYears",
      },
    ]);
    expect(checkHolidayCoverage({ ...base, publicHolidays: 'CN', publicHolidayYears: [year(2027)] }, now)).toEqual([]);
    expect(checkHolidayCoverage({ ...base, publicHolidayYears: [year(2026)] }, now)).toMatchObject([{ path: '/publicHolidayYears', code: 'HOLIDAY_DATA_MISSING' }]);
    expect(checkHolidayCoverage(base, now)).toEqual([]);
    expect(rangesOf([2004, 2005, 2006, 2008, 2010, 2011])).toBe('2004-2006, 2008, 2010-2011');
  });

  it("uses a declared year's holidays and make-up days; its dates may run a month into the years around it", () => {
    const calendar = {
      ...base,
      publicHolidayYears: [year(2027, { holidays: [{ from: '2026-12-31', to: '2027-01-01', title }], makeUpWorkingDays: [{ date: '2027-01-02', title, asWeekday: 5 }] })],
    };
    expect(checkBusinessCalendar(calendar)).toEqual([]);
    const cal = new BusinessCalendar(calendar);
    expect(cal.isWorkingDay('2026-12-31')).toBe(false);
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.isWorkingDay('2027-01-02')).toBe(true);
    expect(
      checkBusinessCalendar({ ...base, publicHolidayYears: [year(2027, { holidays: [{ from: '2026-11-30', to: '2026-11-30', title }], makeUpWorkingDays: [{ date: '2028-02-01', title }] }), year(2027)] }),
    ).toEqual([
      { path: '/publicHolidayYears/0/holidays/0', code: 'OUTSIDE_YEAR', message: '2026-11-30..2026-11-30 is not in 2027 nor within a month of it' },
      { path: '/publicHolidayYears/0/makeUpWorkingDays/0/date', code: 'OUTSIDE_YEAR', message: '2028-02-01 is not in 2027 nor within a month of it' },
      { path: '/publicHolidayYears/1/year', code: 'DUPLICATE_YEAR', message: '2027 is declared twice' },
    ]);
  });
});
