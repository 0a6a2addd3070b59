import { readFileSync } from 'node:fs';

/** Latency summaries computed from every recorded sample (sub-millisecond precision). */
export interface Summary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentiles over the samples (milliseconds). */
export function summarize(samples: ArrayLike<number>): Summary {
  const n = samples.length;
  if (n === 0) return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  return { count: n, meanMs: round(sum / n), p50Ms: round(at(50)), p90Ms: round(at(90)), p99Ms: round(at(99)), maxMs: round(sorted[n - 1]) };
}

/** Growable list of doubles without boxing. */
export class Samples {
  private data = new Float64Array(1 << 14);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A field of /proc/<pid>/status in kB (e.g. VmHWM, VmRSS); null where /proc is unavailable. */
export function procStatusKb(pid: number | 'self', field: string): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ; 100 on every mainstream Linux build

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat; null where unavailable. */
export function procCpuSeconds(pid: number): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Database.connect of a build: since #19 it takes the entities registered at the composition root (dist/entities.js); earlier builds listed them in db/. */
export function connector(dist: (file: string) => any): { connect(database: unknown): Promise<any> } {
  const { Database } = dist('db/database.js');
  let entities: unknown;
  try {
    entities = dist('entities.js').appEntities;
  } catch {
    entities = undefined;
  }
  return { connect: (database) => (entities ? Database.connect(database, entities) : Database.connect(database)) };
}
