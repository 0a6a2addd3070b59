import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './local-date';

interface Transition {
  /** First instant (UTC ms) with the new offset. */
  at: number;
  /** Minutes east of UTC. */
  offset: number;
}

interface ZoneYear {
  start: number;
  end: number;
  startOffset: number;
  /** Changes in (start of the UTC year, start of the next], in order. */
  transitions: Transition[];
}

const MAX_CACHED_YEARS = 400;

/**
 * UTC offsets of one IANA zone, read from luxon once per UTC year (daily samples, then a binary search for
 * each change) and kept, so that converting an instant is arithmetic: luxon's own conversion costs
 * microseconds per call, far too much for walking days. Assumes a zone changes its offset at most once a day.
 */
export class ZoneClock {
  private static readonly byZone = new Map<string, ZoneClock>();
  private readonly years = new Map<number, ZoneYear>();
  private lastYear: ZoneYear | undefined;

  private constructor(private readonly zone: IANAZone) {}

  /** The shared clock of a zone; throws RangeError for an unknown zone name. */
  static of(zoneName: string): ZoneClock {
    let clock = ZoneClock.byZone.get(zoneName);
    if (!clock) {
      if (!IANAZone.isValidZone(zoneName)) throw new RangeError(`unknown time zone ${JSON.stringify(zoneName)}`);
      clock = new ZoneClock(IANAZone.create(zoneName));
      ZoneClock.byZone.set(zoneName, clock);
    }
    return clock;
  }

  get name(): string {
    return this.zone.name;
  }

  /** Minutes east of UTC at an instant. */
  offsetAt(ms: number): number {
    const year = this.yearAt(ms);
    let offset = year.startOffset;
    for (const t of year.transitions) {
      if (t.at > ms) break;
      offset = t.offset;
    }
    return offset;
  }

  /** The wall-clock time at an instant, as milliseconds since 1970-01-01T00:00 local. */
  localMs(ms: number): number {
    return ms + this.offsetAt(ms) * MINUTE_MS;
  }

  /** The local day number of an instant. */
  localDay(ms: number): number {
    return Math.floor(this.localMs(ms) / DAY_MS);
  }

  /**
   * The instant a wall-clock time stands for. A time that occurs twice (clocks set back) or never (clocks set
   * forward) is read with the offset in force before the change: the first occurrence, or shifted forward by
   * the gap (what luxon gives for a gap; luxon's choice for a repeated time depends on the current date).
   */
  utcOf(localMs: number): number {
    const from = localMs - 2 * DAY_MS;
    const changes = this.transitionsWithin(from, localMs + 2 * DAY_MS);
    if (!changes.length) return localMs - this.offsetAt(localMs) * MINUTE_MS;
    let offset = this.offsetAt(from);
    for (const t of changes) {
      // Still on the wall-clock range of the old offset, or inside the gap that follows it.
      if (localMs < t.at + Math.max(offset, t.offset) * MINUTE_MS) break;
      offset = t.offset;
    }
    return localMs - offset * MINUTE_MS;
  }

  /** Whether the offset changes within (from, to]. */
  changesWithin(from: number, to: number): boolean {
    const year = this.yearAt(from);
    if (to < year.end) {
      for (const t of year.transitions) if (t.at > from && t.at <= to) return true;
      return false;
    }
    return this.transitionsWithin(from, to).length > 0;
  }

  private transitionsWithin(from: number, to: number): Transition[] {
    const found: Transition[] = [];
    for (let y = utcYear(from), last = utcYear(to); y <= last; y++) {
      for (const t of this.year(y).transitions) if (t.at > from && t.at <= to) found.push(t);
    }
    return found;
  }

  private yearAt(ms: number): ZoneYear {
    const last = this.lastYear;
    if (last && ms >= last.start && ms < last.end) return last;
    return (this.lastYear = this.year(utcYear(ms)));
  }

  private year(y: number): ZoneYear {
    let year = this.years.get(y);
    if (!year) {
      if (this.years.size >= MAX_CACHED_YEARS) this.years.clear();
      year = this.sample(y);
      this.years.set(y, year);
    }
    return year;
  }

  private sample(y: number): ZoneYear {
    const start = utcYearStart(y);
    const end = utcYearStart(y + 1);
    const startOffset = this.zone.offset(start);
    const transitions: Transition[] = [];
    let before = start;
    let offset = startOffset;
    while (before < end) {
      const after = Math.min(before + DAY_MS, end);
      const next = this.zone.offset(after);
      if (next !== offset) {
        let lo = before;
        let hi = after;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.zone.offset(mid) === offset) lo = mid;
          else hi = mid;
        }
        transitions.push({ at: hi, offset: next });
        offset = next;
      }
      before = after;
    }
    if (Number.isNaN(startOffset)) throw new RangeError(`no offsets for ${this.zone.name} in ${y}`);
    return { start, end, startOffset, transitions };
  }
}

function utcYear(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

function utcYearStart(y: number): number {
  const d = new Date(0);
  d.setUTCFullYear(y, 0, 1);
  return d.getTime();
}
