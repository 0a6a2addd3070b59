import { DateTime } from 'luxon';
import { cycleBucketSql, ROLLUP_KEYS, ROLLUP_MEASURES } from './complaint-rollup';
import type { StatsFilter } from './stats.inputs';

/** Filter lists and the complaint_fact column each filters; those the rollup has are marked. */
export const FILTER_LISTS: Array<{ name: keyof StatsFilter; column: string; inRollup: boolean }> = [
  { name: 'types', column: 'type_key', inRollup: true },
  { name: 'categories', column: 'category', inRollup: true },
  { name: 'departments', column: 'department', inRollup: true },
  { name: 'severities', column: 'severity', inRollup: true },
  { name: 'products', column: 'product_key', inRollup: false },
  { name: 'customers', column: 'customer_key', inRollup: false },
];

const NULLABLE = new Set(['category', 'severity', 'department']);
const FACT_VALUE = new Map(ROLLUP_MEASURES.map(([column, value]) => [column, value('')]));

const listValues = (filter: StatsFilter | null | undefined, name: keyof StatsFilter) => (filter?.[name] as string[] | null | undefined) ?? [];

/** The WHERE clause of a filter over complaint_fact (alias-free), with its parameters. */
export function factWhere(tenantId: string, filter: StatsFilter | null | undefined, dayColumn = 'received_day'): { sql: string; params: unknown[] } {
  const parts = ['tenant_id = ?'];
  const params: unknown[] = [tenantId];
  if (filter?.dateRange) {
    parts.push(`${dayColumn} >= ? and ${dayColumn} <= ?`);
    params.push(filter.dateRange.from, filter.dateRange.to);
  }
  for (const { name, column } of FILTER_LISTS) {
    const values = listValues(filter, name);
    if (!values.length) continue;
    parts.push(`${column} in (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  return { sql: parts.join(' and '), params };
}

/** A measure of the source: its column in complaint_rollup, or null when only complaint_fact has it (then `fact` says how). */
export interface SourceMeasure {
  as: string;
  rollup: string | null;
  /** The value of one fact row; defaults to the rollup column's ROLLUP_MEASURES expression. */
  fact?: string;
}

/**
 * Whole local months of a date range (first and last, YYYY-MM) and the days outside them (at most two
 * intervals at the edges); null months when the range holds no whole month.
 */
export function splitRange(from: string, to: string): { months: [string, string] | null; days: Array<[string, string]> } {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  const firstWhole = start.day === 1 ? start : start.plus({ months: 1 }).startOf('month');
  const lastWhole = end.hasSame(end.endOf('month'), 'day') ? end.startOf('month') : end.startOf('month').minus({ months: 1 });
  if (firstWhole > lastWhole) return { months: null, days: [[from, to]] };
  const day = (d: DateTime) => d.toFormat('yyyy-MM-dd');
  const days: Array<[string, string]> = [];
  if (firstWhole > start) days.push([from, day(firstWhole.minus({ days: 1 }))]);
  const afterWhole = lastWhole.plus({ months: 1 });
  if (afterWhole <= end) days.push([day(afterWhole), to]);
  return { months: [firstWhole.toFormat('yyyy-MM'), lastWhole.toFormat('yyyy-MM')], days };
}

/** A table summing complaint_fact per month and some keys: its key columns (as complaint_fact names them) and the filter lists it can apply. */
export interface SummaryTable {
  table: string;
  keys: ReadonlySet<string>;
  lists: ReadonlySet<keyof StatsFilter>;
  /** complaint_fact's expression for a key the fact table has no column of (the histogram's bucket). */
  factKeys?: Record<string, string>;
  /** The fact rows the table counts (the histogram: closed ones). */
  factCondition?: string;
}

export const ROLLUP: SummaryTable = {
  table: 'complaint_rollup',
  keys: new Set(ROLLUP_KEYS),
  lists: new Set(FILTER_LISTS.filter((l) => l.inRollup).map((l) => l.name)),
};

export const CYCLE_HISTOGRAM: SummaryTable = {
  table: 'complaint_cycle_histogram',
  keys: new Set(['received_month', 'category', 'bucket']),
  lists: new Set(['categories']),
  factKeys: { bucket: cycleBucketSql('cycle_seconds') },
  factCondition: 'cycle_seconds is not null',
};

/** Whether `summary` can stand in for complaint_fact: grouped and filtered only by what it keeps. */
export function summaryFits(summary: SummaryTable, filter: StatsFilter | null | undefined, groupColumns: string[], measures: SourceMeasure[]): boolean {
  return (
    groupColumns.every((c) => summary.keys.has(c)) &&
    measures.every((m) => m.rollup !== null) &&
    FILTER_LISTS.every(({ name }) => summary.lists.has(name) || !listValues(filter, name).length)
  );
}

/**
 * A derived table of complaints with columns g0.. (the group columns' values) and the measures; sum its
 * columns per group to aggregate. When the summary table (the rollup by default) fits, whole months of the
 * range come from it (one row per month and key) and only the days of partial months at the range's edges
 * from complaint_fact (one row per complaint); otherwise everything comes from complaint_fact.
 */
export function complaintSource(
  tenantId: string,
  filter: StatsFilter | null | undefined,
  groupColumns: string[],
  measures: SourceMeasure[],
  summary: SummaryTable = ROLLUP,
): { sql: string; params: unknown[]; summary: boolean } {
  const factPart = (range: [string, string] | null) => {
    const where = factWhere(tenantId, { ...filter, dateRange: range ? { from: range[0], to: range[1] } : null });
    const cols = [...groupColumns.map((c, i) => `${summary.factKeys?.[c] ?? c} as g${i}`), ...measures.map((m) => `${m.fact ?? FACT_VALUE.get(m.rollup!)} as ${m.as}`)];
    return { sql: `select ${cols.join(', ')} from complaint_fact where ${[where.sql, ...(summary.factCondition ? [summary.factCondition] : [])].join(' and ')}`, params: where.params };
  };
  if (!summaryFits(summary, filter, groupColumns, measures)) return { ...factPart(filter?.dateRange ? [filter.dateRange.from, filter.dateRange.to] : null), summary: false };
  const split = filter?.dateRange ? splitRange(filter.dateRange.from, filter.dateRange.to) : { months: null, days: [] as Array<[string, string]> };
  const parts: Array<{ sql: string; params: unknown[] }> = [];
  if (!filter?.dateRange || split.months) {
    const where = ['tenant_id = ?'];
    const params: unknown[] = [tenantId];
    if (split.months) {
      where.push('received_month >= ? and received_month <= ?');
      params.push(...split.months);
    }
    for (const { name, column } of FILTER_LISTS) {
      const values = listValues(filter, name);
      if (!values.length) continue;
      where.push(`${column} in (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
    const cols = [...groupColumns.map((c, i) => `${NULLABLE.has(c) ? `nullif(${c}, '')` : c} as g${i}`), ...measures.map((m) => `${m.rollup} as ${m.as}`)];
    parts.push({ sql: `select ${cols.join(', ')} from ${summary.table} where ${where.join(' and ')}`, params });
  }
  for (const days of split.days) parts.push(factPart(days));
  return { sql: parts.map((p) => p.sql).join('\nunion all\n'), params: parts.flatMap((p) => p.params), summary: true };
}
