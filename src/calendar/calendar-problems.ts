import { IANAZone } from 'luxon';
import type { BusinessCalendar as CalendarTemplate } from '../__generated__';
import { hoursOf } from './day-hours';
import { holidayCoverage, missingYears, nextTwelveMonths } from './holiday-coverage';
import { parseIsoDate, parseTimeOfDay } from './local-date';

export type CalendarProblemCode =
  | 'UNKNOWN_TIME_ZONE'
  | 'BAD_TIME'
  | 'BAD_DATE'
  | 'BAD_WEEKDAY'
  | 'EMPTY_RANGE'
  | 'BREAK_OUTSIDE_HOURS'
  | 'NO_WORKING_HOURS'
  | 'MAKE_UP_WITHOUT_HOURS'
  | 'DUPLICATE_YEAR'
  | 'OUTSIDE_YEAR'
  | 'HOLIDAY_DATA_MISSING';

export interface CalendarProblem {
  /** JSON pointer into the calendar. */
  path: string;
  code: CalendarProblemCode;
  message: string;
}

/** Problems that make the calendar uncomputable; the others are tolerated (an empty range contributes no time). */
export const FATAL_CALENDAR_PROBLEMS: ReadonlySet<CalendarProblemCode> = new Set(['UNKNOWN_TIME_ZONE', 'BAD_TIME', 'BAD_DATE', 'BAD_WEEKDAY']);

/** Problems that refuse a template: the fatal ones, and a declared year that is ambiguous or holds another year's dates. */
export const CALENDAR_ERRORS: ReadonlySet<CalendarProblemCode> = new Set([...FATAL_CALENDAR_PROBLEMS, 'DUPLICATE_YEAR', 'OUTSIDE_YEAR']);

/** What the JSON Schema cannot say about a calendar: real zone and dates, ranges that are empty or misplaced. */
export function checkBusinessCalendar(calendar: CalendarTemplate): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const problem = (path: string, code: CalendarProblemCode, message: string) => problems.push({ path, code, message });
  const time = (path: string, text: string) => {
    const minutes = parseTimeOfDay(text);
    if (minutes === undefined) problem(path, 'BAD_TIME', `${JSON.stringify(text)} is not a time HH:MM`);
    return minutes;
  };
  const date = (path: string, text: string) => {
    const day = parseIsoDate(text);
    if (day === undefined) problem(path, 'BAD_DATE', `${JSON.stringify(text)} is not a date YYYY-MM-DD`);
    return day;
  };
  const weekday = (path: string, value: number) => {
    const ok = Number.isInteger(value) && value >= 1 && value <= 7;
    if (!ok) problem(path, 'BAD_WEEKDAY', `${value} is not an ISO weekday 1..7`);
    return ok;
  };

  if (!IANAZone.isValidZone(calendar.timeZone)) problem('/timeZone', 'UNKNOWN_TIME_ZONE', `${JSON.stringify(calendar.timeZone)} is not an IANA time zone`);
  calendar.workingHours.forEach((entry, i) => {
    const at = `/workingHours/${i}`;
    entry.days.forEach((d, j) => weekday(`${at}/days/${j}`, d));
    const from = time(`${at}/from`, entry.from);
    const to = time(`${at}/to`, entry.to);
    if (from === undefined || to === undefined) return;
    if (to <= from) problem(at, 'EMPTY_RANGE', `working hours end at ${entry.to}, not after they start at ${entry.from}`);
    entry.breaks?.forEach((b, j) => {
      const bFrom = time(`${at}/breaks/${j}/from`, b.from);
      const bTo = time(`${at}/breaks/${j}/to`, b.to);
      if (bFrom === undefined || bTo === undefined) return;
      if (bTo <= bFrom) problem(`${at}/breaks/${j}`, 'EMPTY_RANGE', `break ends at ${b.to}, not after it starts at ${b.from}`);
      else if (bFrom < from || bTo > to) problem(`${at}/breaks/${j}`, 'BREAK_OUTSIDE_HOURS', `break ${b.from}-${b.to} is not within ${entry.from}-${entry.to}`);
    });
  });
  // Hours are only computable from well-formed times and weekdays.
  const computable = !problems.some((p) => p.code === 'BAD_TIME' || p.code === 'BAD_WEEKDAY');
  const withHours = new Set([1, 2, 3, 4, 5, 6, 7].filter((d) => computable && hoursOf(calendar, d).ms > 0));
  if (computable && !withHours.size) problem('/workingHours', 'NO_WORKING_HOURS', 'no weekday has working time');
  const outsideYear = (path: string, year: number, what: string) => problem(path, 'OUTSIDE_YEAR', `${what} is not in ${year} nor within a month of it`);
  const holidays = (list: CalendarTemplate['holidays'], at: string, year?: number) =>
    list.forEach((h, i) => {
      const from = date(`${at}/${i}/from`, h.from);
      const to = date(`${at}/${i}/to`, h.to);
      if (from !== undefined && to !== undefined && to < from) problem(`${at}/${i}`, 'EMPTY_RANGE', `holiday ends on ${h.to}, before it starts on ${h.from}`);
      else if (year !== undefined && from !== undefined && to !== undefined && (from < yearStart(year) || to > yearEnd(year))) outsideYear(`${at}/${i}`, year, `${h.from}..${h.to}`);
    });
  const makeUpDays = (list: CalendarTemplate['makeUpWorkingDays'], at: string, year?: number) =>
    list.forEach((m, i) => {
      const day = date(`${at}/${i}/date`, m.date);
      if (year !== undefined && day !== undefined && (day < yearStart(year) || day > yearEnd(year))) outsideYear(`${at}/${i}/date`, year, m.date);
      const as = m.asWeekday ?? 1;
      if (weekday(`${at}/${i}/asWeekday`, as) && withHours.size && !withHours.has(as)) {
        problem(`${at}/${i}/asWeekday`, 'MAKE_UP_WITHOUT_HOURS', `weekday ${as} has no working time, so neither has ${m.date}`);
      }
    });
  holidays(calendar.holidays, '/holidays');
  makeUpDays(calendar.makeUpWorkingDays, '/makeUpWorkingDays');
  const years = new Set<number>();
  calendar.publicHolidayYears?.forEach((y, i) => {
    const at = `/publicHolidayYears/${i}`;
    if (years.has(y.year)) problem(`${at}/year`, 'DUPLICATE_YEAR', `${y.year} is declared twice`);
    years.add(y.year);
    holidays(y.holidays, `${at}/holidays`, y.year);
    makeUpDays(y.makeUpWorkingDays, `${at}/makeUpWorkingDays`, y.year);
  });
  return problems;
}

/**
 * HOLIDAY_DATA_MISSING when the calendar takes public holidays from data and lacks a year of the next 12
 * months from `now` (the app clock): clocks due then would be computed without that year's holidays and
 * make-up working days. A warning: the calendar still computes.
 */
export function checkHolidayCoverage(calendar: CalendarTemplate, now: Date): CalendarProblem[] {
  if (!IANAZone.isValidZone(calendar.timeZone)) return [];
  const coverage = holidayCoverage(calendar);
  const { from, to } = nextTwelveMonths(calendar.timeZone, now);
  const missing = missingYears(coverage, from, to);
  if (!missing.length) return [];
  const known = coverage.years.length ? `public holiday data covers ${rangesOf(coverage.years)}` : 'no year has public holiday data';
  return [
    {
      path: coverage.source ? '/publicHolidays' : '/publicHolidayYears',
      code: 'HOLIDAY_DATA_MISSING',
      message: `no public holidays for ${missing.join(', ')} (within 12 months of ${now.toISOString().slice(0, 10)}; ${known}): SLA deadlines then ignore that year's holidays and make-up working days until its official dates are added to calendar.publicHolidayYears`,
    },
  ];
}

/** Years as ranges: 2004-2026, 2028. */
export function rangesOf(years: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < years.length; i++) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    parts.push(j > i ? `${years[i]}-${years[j]}` : `${years[i]}`);
    i = j;
  }
  return parts.join(', ');
}

/** A declared year's dates may run a month into the years around it (a New Year holiday across 31 December). */
const yearStart = (year: number) => parseIsoDate(`${year - 1}-12-01`)!;
const yearEnd = (year: number) => parseIsoDate(`${year + 1}-01-31`)!;

export class InvalidBusinessCalendarError extends Error {
  constructor(readonly problems: CalendarProblem[]) {
    super(`invalid business calendar: ${problems.map((p) => `${p.path} ${p.code}: ${p.message}`).join('; ')}`);
  }
}
