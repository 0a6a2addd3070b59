import { IANAZone } from 'luxon';
import type { BusinessCalendar as CalendarTemplate } from '../__generated__';
import { hoursOf } from './day-hours';
import { parseIsoDate, parseTimeOfDay } from './local-date';

export type CalendarProblemCode =
  | 'UNKNOWN_TIME_ZONE'
  | 'BAD_TIME'
  | 'BAD_DATE'
  | 'BAD_WEEKDAY'
  | 'EMPTY_RANGE'
  | 'BREAK_OUTSIDE_HOURS'
  | 'NO_WORKING_HOURS'
  | 'MAKE_UP_WITHOUT_HOURS';

export interface CalendarProblem {
  /** JSON pointer into the calendar. */
  path: string;
  code: CalendarProblemCode;
  message: string;
}

/** Problems that make the calendar uncomputable; the others are tolerated (an empty range contributes no time). */
export const FATAL_CALENDAR_PROBLEMS: ReadonlySet<CalendarProblemCode> = new Set(['UNKNOWN_TIME_ZONE', 'BAD_TIME', 'BAD_DATE', 'BAD_WEEKDAY']);

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
  calendar.holidays.forEach((h, i) => {
    const from = date(`/holidays/${i}/from`, h.from);
    const to = date(`/holidays/${i}/to`, h.to);
    if (from !== undefined && to !== undefined && to < from) problem(`/holidays/${i}`, 'EMPTY_RANGE', `holiday ends on ${h.to}, before it starts on ${h.from}`);
  });
  calendar.makeUpWorkingDays.forEach((m, i) => {
    date(`/makeUpWorkingDays/${i}/date`, m.date);
    const as = m.asWeekday ?? 1;
    if (weekday(`/makeUpWorkingDays/${i}/asWeekday`, as) && withHours.size && !withHours.has(as)) {
      problem(`/makeUpWorkingDays/${i}/asWeekday`, 'MAKE_UP_WITHOUT_HOURS', `weekday ${as} has no working time, so neither has ${m.date}`);
    }
  });
  return problems;
}

export class InvalidBusinessCalendarError extends Error {
  constructor(readonly problems: CalendarProblem[]) {
    super(`invalid business calendar: ${problems.map((p) => `${p.path} ${p.code}: ${p.message}`).join('; ')}`);
  }
}
