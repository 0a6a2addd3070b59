import type { BusinessCalendar as CalendarTemplate } from '../__generated__';
import { MINUTE_MS, parseTimeOfDay } from './local-date';

/** Working time of one kind of day: [start, end, start, end, ...] in ms after local midnight, sorted, disjoint. */
export interface DayHours {
  spans: number[];
  ms: number;
}

export const NO_HOURS: DayHours = { spans: [], ms: 0 };

/** The working time of a weekday: the union over the entries listing it, each less its own breaks. */
export function hoursOf(template: CalendarTemplate, weekday: number): DayHours {
  const pieces: Array<[number, number]> = [];
  for (const entry of template.workingHours) {
    if (!entry.days.includes(weekday)) continue;
    let parts: Array<[number, number]> = [[parseTimeOfDay(entry.from)!, parseTimeOfDay(entry.to)!]];
    for (const b of entry.breaks ?? []) {
      const from = parseTimeOfDay(b.from)!;
      const to = parseTimeOfDay(b.to)!;
      if (to > from) parts = parts.flatMap(([s, e]): Array<[number, number]> => [[s, Math.min(e, from)], [Math.max(s, to), e]]);
    }
    pieces.push(...parts.map(([s, e]): [number, number] => [s * MINUTE_MS, e * MINUTE_MS]));
  }
  const spans = mergeRanges(pieces);
  return { spans, ms: elapsedBefore(spans, Infinity) };
}

/** Half-open ranges sorted, empty ones dropped, overlapping or touching ones joined, flattened. */
export function mergeRanges(ranges: Array<[number, number]>): number[] {
  const merged: number[] = [];
  for (const [s, e] of ranges.filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0])) {
    if (merged.length && s <= merged[merged.length - 1]) merged[merged.length - 1] = Math.max(merged[merged.length - 1], e);
    else merged.push(s, e);
  }
  return merged;
}

/** Working ms of the spans before an instant. */
export function elapsedBefore(spans: number[], at: number): number {
  let total = 0;
  for (let i = 0; i < spans.length && spans[i] < at; i += 2) total += Math.min(spans[i + 1], at) - spans[i];
  return total;
}
