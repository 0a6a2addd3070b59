/**
 * The monthly rollup of complaint_fact (see ComplaintRollup): what each fact row adds to its rollup row.
 * The database keeps the rollup with triggers on complaint_fact (migration ComplaintRollup), so every
 * write of a fact, through the ORM or raw SQL, moves its contribution in the same transaction.
 */

/** Repeat windows (days) the rollup counts; complaintStats with another window reads complaint_fact. */
export const ROLLUP_REPEAT_WINDOWS_DAYS = [7, 14, 30, 60, 90, 180, 365] as const;

/** The rollup's key columns besides the tenant, as complaint_fact names them; nulls are stored as ''. */
export const ROLLUP_KEYS = ['received_month', 'type_key', 'category', 'severity', 'department'] as const;

/**
 * Each rollup column and its value for one fact row, an SQL expression over the row's columns prefixed by
 * `r` ('' in a plain select, 'new.' or 'old.' in a trigger). Sums over both dialects (booleans are 0/1 in
 * SQLite and true/false in PostgreSQL; `case when b` reads both).
 */
export const ROLLUP_MEASURES: ReadonlyArray<readonly [column: string, value: (r: string) => string]> = [
  ['n', () => '1'],
  ['closed', (r) => `case when ${r}closed_at is not null then 1 else 0 end`],
  ['cycle_n', (r) => `case when ${r}cycle_seconds is not null then 1 else 0 end`],
  ['cycle_sum', (r) => `coalesce(${r}cycle_seconds, 0)`],
  ['timed', (r) => `case when ${r}close_on_time is not null then 1 else 0 end`],
  ['on_time', (r) => `case when ${r}close_on_time then 1 else 0 end`],
  ['rejected', (r) => `case when ${r}rejected then 1 else 0 end`],
  ['reopened', (r) => `case when ${r}reopen_count > 0 then 1 else 0 end`],
  ['ever_closed', (r) => `case when ${r}closed_at is not null or ${r}reopen_count > 0 then 1 else 0 end`],
  ...ROLLUP_REPEAT_WINDOWS_DAYS.map((d) => [`repeats_${d}`, (r: string) => `case when ${r}repeat_gap_seconds <= ${d * 86_400} then 1 else 0 end`] as const),
  ['sat_n', (r) => `case when ${r}satisfaction is not null then 1 else 0 end`],
  ['sat_sum', (r) => `coalesce(${r}satisfaction, 0)`],
  ...[1, 2, 3, 4, 5].map((v) => [`sat_${v}`, (r: string) => `case when ${r}satisfaction = ${v} then 1 else 0 end`] as const),
  ['claimed', (r) => `coalesce(${r}defective_claimed, 0)`],
  ['confirmed', (r) => `coalesce(${r}defective_confirmed, 0)`],
  ['cost', (r) => `coalesce(${r}cost_base_minor, 0)`],
];

/** The rollup rebuilt from complaint_fact by a plain GROUP BY (what the triggers keep it equal to). */
export function rollupFromFactsSql(where = ''): string {
  const keys = ROLLUP_KEYS.map((k) => (k === 'received_month' || k === 'type_key' ? k : `coalesce(${k}, '')`));
  return `select tenant_id, ${keys.map((k, i) => `${k} as ${ROLLUP_KEYS[i]}`).join(', ')}, ${ROLLUP_MEASURES.map(([c, v]) => `sum(${v('')}) as ${c}`).join(', ')}
    from complaint_fact ${where} group by tenant_id, ${keys.join(', ')}`;
}

/**
 * The cycle-time histogram's bucket of a cycle time in seconds (complaint_cycle_histogram), as SQL over
 * the expression `c`: hourly below a day, 4-hourly below 14 days, daily below 90 days, weekly beyond; -1
 * below 0. Integer division truncates alike on both dialects for c >= 0.
 */
export const cycleBucketSql = (c: string): string =>
  `case when ${c} < 0 then -1 when ${c} < 86400 then ${c} / 3600 when ${c} < 1209600 then 24 + (${c} - 86400) / 14400
  when ${c} < 7776000 then 102 + (${c} - 1209600) / 86400 else 178 + (${c} - 7776000) / 604800 end`;

/** The cycle times (seconds) bucket `b` of cycleBucketSql holds: [from, to). */
export function cycleBucketBounds(b: number): [number, number] {
  if (b < 0) return [Number.MIN_SAFE_INTEGER, 0];
  if (b < 24) return [b * 3600, (b + 1) * 3600];
  if (b < 102) return [86_400 + (b - 24) * 14_400, 86_400 + (b - 23) * 14_400];
  if (b < 178) return [1_209_600 + (b - 102) * 86_400, 1_209_600 + (b - 101) * 86_400];
  return [7_776_000 + (b - 178) * 604_800, 7_776_000 + (b - 177) * 604_800];
}

/** The histogram rebuilt from complaint_fact (what the triggers keep it equal to). */
export function histogramFromFactsSql(): string {
  return `select tenant_id, received_month, coalesce(category, '') as category, ${cycleBucketSql('cycle_seconds')} as bucket, count(*) as n
    from complaint_fact where cycle_seconds is not null group by tenant_id, received_month, coalesce(category, ''), ${cycleBucketSql('cycle_seconds')}`;
}
