import type { BusinessCalendar as CalendarTemplate } from '../__generated__';
import { formatIsoDate } from './local-date';
import { publicHolidays, type PublicHolidaySource } from './public-holidays';
import { ZoneClock } from './zone-clock';

/**
 * Which years a calendar knows the public holidays of: the years its `publicHolidays` source has data for,
 * plus the years the template declares (`publicHolidayYears`). A calendar with neither takes no public
 * holidays from data at all (its own `holidays` are all it has): it is not tracked, and no year is missing.
 */
export interface HolidayCoverage {
  source: PublicHolidaySource | null;
  /** The source's years, ascending. */
  sourceYears: number[];
  /** The years the template declares, ascending. */
  declaredYears: number[];
  /** Both, ascending. */
  years: number[];
  /** Whether public holidays come from data (a source or a declared year): only then can a year be missing. */
  tracked: boolean;
}

export function holidayCoverage(calendar: Pick<CalendarTemplate, 'publicHolidays' | 'publicHolidayYears'>): HolidayCoverage {
  const source = calendar.publicHolidays ?? null;
  const sourceYears = source ? publicHolidays(source).years : [];
  const declaredYears = [...new Set((calendar.publicHolidayYears ?? []).map((y) => y.year))].sort((a, b) => a - b);
  const years = [...new Set([...sourceYears, ...declaredYears])].sort((a, b) => a - b);
  return { source, sourceYears, declaredYears, years, tracked: years.length > 0 || source !== null };
}

/** The years from `from` to `to` (inclusive) the coverage lacks; none when it is not tracked. */
export function missingYears(coverage: HolidayCoverage, from: number, to: number): number[] {
  if (!coverage.tracked) return [];
  const covered = new Set(coverage.years);
  const missing: number[] = [];
  for (let year = from; year <= to; year++) if (!covered.has(year)) missing.push(year);
  return missing;
}

/** The local years of the next 12 months from `now` in a time zone: [now's year, the year of the day before the same date a year on]. */
export function nextTwelveMonths(timeZone: string, now: Date): { from: number; to: number } {
  const today = formatIsoDate(ZoneClock.of(timeZone).localDay(now.getTime()));
  const year = Number(today.slice(0, 4));
  return { from: year, to: today.slice(5) === '01-01' ? year : year + 1 };
}

/** The coverage with the years of the next 12 months from `now` (the app clock) it lacks, as the admin query and /readyz show it. */
export function coverageReport(calendar: CalendarTemplate, now: Date): HolidayCoverage & { missingYears: number[] } {
  const coverage = holidayCoverage(calendar);
  const { from, to } = nextTwelveMonths(calendar.timeZone, now);
  return { ...coverage, missingYears: missingYears(coverage, from, to) };
}
