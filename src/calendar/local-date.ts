/** Local dates as day numbers (days since 1970-01-01), so that date arithmetic is integer arithmetic. */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The day number of a YYYY-MM-DD date; undefined when it is not a real date (2026-02-30). */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = d.getTime() / DAY_MS;
  return formatIsoDate(day) === text ? day : undefined;
}

export function formatIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, 1 Monday ... 7 Sunday (day 0 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((day % 7) + 10) % 7 + 1;
}

/** Minutes after midnight of an HH:MM wall-clock time; undefined when malformed. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = TIME_OF_DAY.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}
