import type { BusinessCalendar as CalendarTemplate } from '../../../src/__generated__';

/**
 * A deliberately naive business calendar for property tests: it decides minute by minute, straight from the
 * template, whether the clock on the wall shows working time. Offsets come from Intl, not luxon.
 */
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** Minutes east of UTC at an instant, from Intl's wall-clock fields. */
function intlOffset(zone: string, ms: number): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, format);
  }
  const f: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') f[p.type] = Number(p.value);
  return (Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - ms) / MINUTE;
}

function offsetAtCached(zone: string, ms: number): number {
  const key = `${zone} ${ms}`;
  let o = offsets.get(key);
  if (o === undefined) offsets.set(key, (o = intlOffset(zone, ms)));
  return o;
}

/** The offset through the UTC hour starting at `hourStart`, or NaN when it changes within the hour. */
function hourOffset(zone: string, hourStart: number): number {
  const dayStart = Math.floor(hourStart / DAY) * DAY;
  const o = offsetAtCached(zone, dayStart);
  if (offsetAtCached(zone, dayStart + DAY) === o) return o;
  const h = offsetAtCached(zone, hourStart);
  return offsetAtCached(zone, hourStart + HOUR) === h ? h : NaN;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export class ReferenceCalendar {
  private readonly masks = new Map<number, Uint8Array>();

  constructor(private readonly calendar: CalendarTemplate) {}

  /** For each UTC minute of [from, from + count minutes): whether it is working time, and its local day number. */
  minutes(from: number, count: number): { working: Uint8Array; localDay: Int32Array } {
    const zone = this.calendar.timeZone;
    const working = new Uint8Array(count);
    const localDay = new Int32Array(count);
    let hour = NaN;
    let hourly = 0;
    let day = NaN;
    let mask: Uint8Array = new Uint8Array(0);
    for (let i = 0; i < count; i++) {
      const t = from + i * MINUTE;
      const h = Math.floor(t / HOUR) * HOUR;
      if (h !== hour) {
        hour = h;
        hourly = hourOffset(zone, h);
      }
      const local = t + (Number.isNaN(hourly) ? offsetAtCached(zone, t) : hourly) * MINUTE;
      const d = Math.floor(local / DAY);
      if (d !== day) mask = this.mask((day = d));
      working[i] = mask[Math.floor((local - d * DAY) / MINUTE)];
      localDay[i] = d;
    }
    return { working, localDay };
  }

  /** Which minutes of a local date the template makes working time. */
  private mask(day: number): Uint8Array {
    let mask = this.masks.get(day);
    if (mask) return mask;
    mask = new Uint8Array(1440);
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    const makeUp = this.calendar.makeUpWorkingDays.find((m) => m.date === date);
    const holiday = this.calendar.holidays.some((h) => h.from <= date && date <= h.to);
    const weekday = makeUp ? (makeUp.asWeekday ?? 1) : holiday ? 0 : new Date(day * DAY).getUTCDay() || 7;
    for (const entry of this.calendar.workingHours) {
      if (!entry.days.includes(weekday)) continue;
      const breaks = (entry.breaks ?? []).map((b) => [minutesOf(b.from), minutesOf(b.to)]);
      for (let m = minutesOf(entry.from); m < minutesOf(entry.to); m++) {
        if (!breaks.some(([from, to]) => from <= m && m < to)) mask[m] = 1;
      }
    }
    this.masks.set(day, mask);
    return mask;
  }
}

/** Answers about the UTC minutes [from, from + count minutes), found by walking them. */
export class ReferenceWindow {
  private readonly working: Uint8Array;
  private readonly localDay: Int32Array;
  /** before[i]: working minutes among the first i. */
  private readonly before: Int32Array;

  constructor(
    reference: ReferenceCalendar,
    readonly from: number,
    readonly count: number,
  ) {
    ({ working: this.working, localDay: this.localDay } = reference.minutes(from, count));
    this.before = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) this.before[i + 1] = this.before[i] + this.working[i];
  }

  get end(): number {
    return this.from + this.count * MINUTE;
  }

  /** Working minutes from `start` to the end of the window. */
  remainingAfter(start: number): number {
    return this.before[this.count] - this.before[this.index(start)];
  }

  /** When m working minutes have elapsed after `start` (m = 0: the first working minute); undefined beyond the window. */
  add(start: number, m: number): number | undefined {
    for (let i = this.index(start); i < this.count; i++) {
      if (!this.working[i]) continue;
      if (m === 0) return this.at(i);
      if (this.before[i + 1] - this.before[this.index(start)] === m) return this.at(i + 1);
    }
    return undefined;
  }

  /** Working minutes in [a, b), a <= b, both minute instants inside the window. */
  between(a: number, b: number): number {
    return this.before[this.index(b)] - this.before[this.index(a)];
  }

  /**
   * N working days after `start`, by the rule of BusinessCalendar.add: the working minutes of the first working
   * minute's local date that precede it, repeated on the Nth later date that has working minutes (clamped to
   * its last). Undefined when the answer may lie beyond the window.
   */
  addWorkingDays(start: number, n: number): number | undefined {
    let first = this.index(start);
    while (first < this.count && !this.working[first]) first++;
    if (first === this.count) return undefined;
    const startDay = this.localDay[first];
    let position = 0;
    for (let i = 0; i < first; i++) if (this.working[i] && this.localDay[i] === startDay) position++;
    const seen = [startDay];
    for (let i = first; i < this.count && seen.length <= n; i++) {
      if (this.working[i] && !seen.includes(this.localDay[i])) seen.push(this.localDay[i]);
    }
    if (seen.length <= n) return undefined;
    const target: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.working[i] && this.localDay[i] === seen[n]) target.push(i);
    if (target[target.length - 1] > this.count - 2 * 1440) return undefined;
    if (position === 0) return this.at(target[0]);
    return this.at(target[Math.min(position, target.length) - 1] + 1);
  }

  private index(t: number): number {
    const i = (t - this.from) / MINUTE;
    if (!Number.isInteger(i) || i < 0 || i > this.count) throw new RangeError(`${new Date(t).toISOString()} is not a minute of the window`);
    return i;
  }

  private at(i: number): number {
    return this.from + i * MINUTE;
  }
}
