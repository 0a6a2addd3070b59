import type { BusinessDuration, BusinessCalendar as CalendarTemplate } from '../__generated__';
import { checkBusinessCalendar, FATAL_CALENDAR_PROBLEMS, InvalidBusinessCalendarError } from './calendar-problems';
import { type DayHours, elapsedBefore, hoursOf, mergeRanges, NO_HOURS } from './day-hours';
import { type HolidayCoverage, holidayCoverage, missingYears } from './holiday-coverage';
import { DAY_MS, formatIsoDate, isoWeekday, MINUTE_MS, parseIsoDate } from './local-date';
import { publicHolidays } from './public-holidays';
import { ZoneClock } from './zone-clock';

/** How far ahead working time is looked for before giving up. */
const SEARCH_DAYS = 20 * 366;

/** The calendar has no working time, or not enough of it within 20 years. */
export class NoWorkingTimeError extends Error {}

/**
 * An organization's business calendar (the organization template's `calendar`): when it works, in its time
 * zone. With `publicHolidays`, that source's holidays and make-up days come first, then the years the template
 * declares (`publicHolidayYears`), then its own `holidays` and `makeUpWorkingDays`. Immutable and pure; build
 * one per template version and reuse it.
 *
 * A local date is a working day when it has working time: a make-up day has the hours of its `asWeekday`
 * (a make-up day wins over a holiday), a holiday has none, any other date has the union of the hours of the
 * workingHours entries listing its weekday, each entry less its own breaks. Wall-clock times are turned into
 * instants by {@link ZoneClock.utcOf}: a time skipped when clocks go forward is shifted forward by the gap (as
 * luxon does), a time repeated when clocks go back means its first occurrence.
 *
 * Instants are Dates; durations are kept in whole milliseconds (fractional minutes are rounded to the ms).
 */
export class BusinessCalendar {
  readonly timeZone: string;
  /** The years whose public holidays it knows (see {@link HolidayCoverage}). */
  readonly coverage: HolidayCoverage;
  private readonly clock: ZoneClock;
  /** Indexed by ISO weekday 1..7. */
  private readonly hoursByWeekday: DayHours[] = [NO_HOURS];
  /** Merged holiday ranges of day numbers, [from, to, from, to, ...], both inclusive. */
  private readonly holidays: number[];
  private readonly makeUpHours = new Map<number, DayHours>();
  /** Make-up day numbers, ascending. */
  private readonly makeUpDays: number[];
  private readonly hasHours: boolean;

  /** Throws InvalidBusinessCalendarError when the zone, a time, a date or a weekday is not real. */
  constructor(template: CalendarTemplate) {
    const fatal = checkBusinessCalendar(template).filter((p) => FATAL_CALENDAR_PROBLEMS.has(p.code));
    if (fatal.length) throw new InvalidBusinessCalendarError(fatal);
    this.timeZone = template.timeZone;
    this.clock = ZoneClock.of(template.timeZone);
    for (let weekday = 1; weekday <= 7; weekday++) this.hoursByWeekday.push(hoursOf(template, weekday));
    this.hasHours = this.hoursByWeekday.some((h) => h.ms > 0);
    // A public holiday source first, the declared years and the template's own entries after it (later ones win: make-up days are keyed by date).
    const source = template.publicHolidays ? publicHolidays(template.publicHolidays) : { holidays: [], makeUpWorkingDays: [] };
    const years = template.publicHolidayYears ?? [];
    const holidays = [...source.holidays, ...years.flatMap((y) => y.holidays), ...template.holidays];
    const makeUpWorkingDays = [...source.makeUpWorkingDays, ...years.flatMap((y) => y.makeUpWorkingDays), ...template.makeUpWorkingDays];
    this.coverage = holidayCoverage(template);
    this.holidays = mergeRanges(holidays.map((h) => [parseIsoDate(h.from)!, parseIsoDate(h.to)! + 1])).map((x, i) => (i % 2 ? x - 1 : x));
    for (const m of makeUpWorkingDays) this.makeUpHours.set(parseIsoDate(m.date)!, this.hoursByWeekday[m.asWeekday ?? 1]);
    this.makeUpDays = [...this.makeUpHours.keys()].sort((a, b) => a - b);
  }

  /** Whether a local date (YYYY-MM-DD) has working time. */
  isWorkingDay(localDate: string): boolean {
    return this.spansOn(dayOf(localDate)).length > 0;
  }

  /** The working time of a local date (YYYY-MM-DD) as instants, breaks removed, in order. */
  workingIntervals(localDate: string): Array<{ start: Date; end: Date }> {
    const spans = this.spansOn(dayOf(localDate));
    const intervals: Array<{ start: Date; end: Date }> = [];
    for (let i = 0; i < spans.length; i += 2) intervals.push({ start: new Date(spans[i]), end: new Date(spans[i + 1]) });
    return intervals;
  }

  /**
   * The instant at which `minutes` of working time have elapsed after `start`; counting begins at the next
   * working instant when `start` is outside working time. With 0 minutes: `start` itself inside working time,
   * else the next working instant. Work that ends exactly at a break or at the end of the day ends there.
   */
  addWorkingMinutes(start: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`working minutes must be a finite number >= 0, not ${minutes}`);
    return new Date(this.seek(instantOf(start), Math.round(minutes * MINUTE_MS)).at);
  }

  /** Working minutes in [a, b), possibly fractional; negative when b is before a. */
  workingMinutesBetween(a: Date, b: Date): number {
    const from = instantOf(a);
    const to = instantOf(b);
    if (to === from) return 0;
    return to > from ? this.workingMs(from, to) / MINUTE_MS : -this.workingMs(to, from) / MINUTE_MS;
  }

  /**
   * `start` plus a business duration.
   * - working-hours: {@link addWorkingMinutes} of value × 60.
   * - working-days: the same working position N working days later. The position is the working time
   *   already elapsed on start's working day: start is first moved to the next working instant (so before the
   *   day's work, in a non-working day or at/after the day's end of work it becomes the start of work of that or
   *   the next working day, position 0; in a break it keeps the time worked before the break). The deadline is
   *   the instant on the Nth following working day at which that much of its working time has elapsed, or its
   *   end of work when that day is shorter. Tue 10:00 + 2 → Thu 10:00; Fri 18:00 (after work) + 2 → Wed start of
   *   work (Fri 18:00 counts from Mon start of work); Tue 12:30 (lunch 12:00-13:00) + 1 → Wed 12:00. A fraction
   *   then adds that share of the target day's working time as working time: Tue 10:00 + 1.5 (8 h days) →
   *   Wed 10:00 + 4 working hours; for 0 < value < 1 the target day is the (moved) start's day.
   * - calendar-days: the same local wall-clock time N dates later, then a fraction as fraction × 24 real hours;
   *   no working-time adjustment.
   */
  add(start: Date, duration: BusinessDuration): Date {
    const t = instantOf(start);
    const { value, unit } = duration;
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`a business duration must be a finite number > 0, not ${value}`);
    switch (unit) {
      case 'working-hours':
        return new Date(this.seek(t, Math.round(value * 60 * MINUTE_MS)).at);
      case 'working-days':
        return new Date(this.addWorkingDays(t, value));
      case 'calendar-days':
        return new Date(this.addCalendarDays(t, value));
      default:
        throw new RangeError(`unknown business duration unit ${JSON.stringify(unit)}`);
    }
  }

  /** The local date (YYYY-MM-DD) of an instant. */
  localDate(instant: Date): string {
    return formatIsoDate(this.clock.localDay(instantOf(instant)));
  }

  /** The local year of an instant (complaint numbers are per local year). */
  year(instant: Date): number {
    return new Date(this.clock.localMs(instantOf(instant))).getUTCFullYear();
  }

  /**
   * The local years from `from`'s to `to`'s whose public holidays the calendar does not know: working time
   * counted over them ignores their holidays and make-up working days. None when it is not tracked.
   */
  missingYears(from: Date, to: Date): number[] {
    return missingYears(this.coverage, this.year(from), this.year(to));
  }

  /** Walks forward from t until `ms` of working time have elapsed; also says on which local day it ended. */
  private seek(t: number, ms: number): { at: number; day: number } {
    if (!this.hasHours) throw new NoWorkingTimeError(`the ${this.timeZone} business calendar has no working hours`);
    // The day before t too: a wall time shifted over a gap may land after the next local midnight.
    const first = this.clock.localDay(t) - 1;
    let remaining = ms;
    for (let day = first; day <= first + SEARCH_DAYS; ) {
      const hours = this.hoursOnDay(day);
      if (!hours.ms) {
        day = this.nextCandidate(day);
        continue;
      }
      // Days from first + 3 on lie wholly after t; without an offset change nearby their length is nominal.
      if (day > first + 2 && remaining > hours.ms && !this.changesNear(day)) {
        remaining -= hours.ms;
        day++;
        continue;
      }
      const spans = this.spansOn(day, hours);
      for (let i = 0; i < spans.length; i += 2) {
        const end = spans[i + 1];
        if (end <= t) continue;
        const from = Math.max(spans[i], t);
        if (remaining <= end - from) return { at: from + remaining, day };
        remaining -= end - from;
      }
      day++;
    }
    throw new NoWorkingTimeError(`not enough working time within 20 years after ${new Date(t).toISOString()}`);
  }

  /** Working ms in [from, to), from < to. */
  private workingMs(from: number, to: number): number {
    const first = this.clock.localDay(from) - 1;
    const last = this.clock.localDay(to) + 1;
    let total = 0;
    for (let day = first; day <= last; ) {
      const hours = this.hoursOnDay(day);
      if (!hours.ms) {
        day = this.nextCandidate(day);
        continue;
      }
      if (day > first + 2 && day < last - 2 && !this.changesNear(day)) {
        total += hours.ms;
      } else {
        const spans = this.spansOn(day, hours);
        for (let i = 0; i < spans.length; i += 2) total += Math.max(0, Math.min(spans[i + 1], to) - Math.max(spans[i], from));
      }
      day++;
    }
    return total;
  }

  private addWorkingDays(t: number, value: number): number {
    const whole = Math.floor(value);
    const begin = this.seek(t, 0);
    let day = begin.day;
    let spans = this.spansOn(day);
    let at = begin.at;
    if (whole > 0) {
      const position = elapsedBefore(spans, at);
      for (let n = 0; n < whole; n++) {
        if (day - begin.day > SEARCH_DAYS) throw new NoWorkingTimeError(`${value} working days after ${new Date(t).toISOString()} do not end within 20 years`);
        ({ day, spans } = this.nextWorkingDay(day));
      }
      at = instantAtElapsed(spans, position);
    }
    const fraction = value - whole;
    if (fraction > 0) at = this.seek(at, Math.round(fraction * elapsedBefore(spans, Infinity))).at;
    return at;
  }

  private addCalendarDays(t: number, value: number): number {
    const whole = Math.floor(value);
    // Not via the wall clock when no date changes: t may be the second occurrence of a repeated time.
    const at = (whole > 0 ? this.clock.utcOf(this.clock.localMs(t) + whole * DAY_MS) : t) + Math.round((value - whole) * DAY_MS);
    if (!Number.isFinite(at) || Math.abs(at) > 8.64e15) throw new RangeError(`${value} calendar days after ${new Date(t).toISOString()} is out of range`);
    return at;
  }

  private nextWorkingDay(after: number): { day: number; spans: number[] } {
    for (let day = after + 1; day <= after + SEARCH_DAYS; ) {
      const hours = this.hoursOnDay(day);
      if (!hours.ms) {
        day = this.nextCandidate(day);
        continue;
      }
      const spans = this.spansOn(day, hours);
      if (spans.length) return { day, spans };
      day++;
    }
    throw new NoWorkingTimeError(`no working day within 20 years after ${formatIsoDate(after)}`);
  }

  /** The day's working time as instants: [start, end, ...], sorted, disjoint, non-empty. */
  private spansOn(day: number, hours = this.hoursOnDay(day)): number[] {
    if (!hours.ms) return [];
    const midnight = day * DAY_MS;
    if (!this.changesNear(day)) {
      const shift = midnight - this.clock.offsetAt(midnight) * MINUTE_MS;
      return hours.spans.map((x) => x + shift);
    }
    const pieces: Array<[number, number]> = [];
    for (let i = 0; i < hours.spans.length; i += 2) {
      pieces.push([this.clock.utcOf(midnight + hours.spans[i]), this.clock.utcOf(midnight + hours.spans[i + 1])]);
    }
    return mergeRanges(pieces);
  }

  private hoursOnDay(day: number): DayHours {
    return this.makeUpHours.get(day) ?? (this.holidayEnd(day) === undefined ? this.hoursByWeekday[isoWeekday(day)] : NO_HOURS);
  }

  /** Whether the zone's offset changes within two days of the local day (local ms read as UTC is within 18 h). */
  private changesNear(day: number): boolean {
    return this.clock.changesWithin((day - 2) * DAY_MS, (day + 3) * DAY_MS);
  }

  /** The next day that may have working time after a day without: past a holiday in one step, stopping at make-up days. */
  private nextCandidate(day: number): number {
    const end = this.holidayEnd(day);
    if (end === undefined) return day + 1;
    const makeUp = this.makeUpDays[upperBound(this.makeUpDays, day)];
    return makeUp !== undefined && makeUp <= end ? makeUp : end + 1;
  }

  /** The last day of the holiday containing `day`, if any. */
  private holidayEnd(day: number): number | undefined {
    let lo = 0;
    let hi = this.holidays.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.holidays[2 * mid + 1] < day) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.holidays.length / 2 && this.holidays[2 * lo] <= day ? this.holidays[2 * lo + 1] : undefined;
  }
}

/** The first instant at which `elapsed` ms of the spans have passed; their end when they are shorter. */
function instantAtElapsed(spans: number[], elapsed: number): number {
  let remaining = elapsed;
  for (let i = 0; i < spans.length; i += 2) {
    if (remaining <= spans[i + 1] - spans[i]) return spans[i] + remaining;
    remaining -= spans[i + 1] - spans[i];
  }
  return spans[spans.length - 1];
}

/** Index of the first element greater than x in an ascending array. */
function upperBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dayOf(localDate: string): number {
  const day = parseIsoDate(localDate);
  if (day === undefined) throw new RangeError(`${JSON.stringify(localDate)} is not a date YYYY-MM-DD`);
  return day;
}

function instantOf(date: Date): number {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  return t;
}
