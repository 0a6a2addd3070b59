/**
 * The SQL of migration ComplaintRollup (both dialects), frozen with it: the rollup's columns and the
 * histogram's buckets as they were
 * then. A later change of the rollup is a new migration with SQL of its own; never edit this file. The
 * statistics code's copy is ROLLUP_MEASURES (src/stats/complaint-rollup.ts); a test checks the two agree.
 */
const KEYS = ['received_month', 'type_key', 'category', 'severity', 'department'];
const NULLABLE_KEYS = new Set(['category', 'severity', 'department']);
const MEASURES: Array<[string, (r: string) => string]> = [
  ['n', () => '1'],
  ['closed', (r) => `case when ${r}closed_at is not null then 1 else 0 end`],
  ['cycle_n', (r) => `case when ${r}cycle_seconds is not null then 1 else 0 end`],
  ['cycle_sum', (r) => `coalesce(${r}cycle_seconds, 0)`],
  ['timed', (r) => `case when ${r}close_on_time is not null then 1 else 0 end`],
  ['on_time', (r) => `case when ${r}close_on_time then 1 else 0 end`],
  ['rejected', (r) => `case when ${r}rejected then 1 else 0 end`],
  ['reopened', (r) => `case when ${r}reopen_count > 0 then 1 else 0 end`],
  ['ever_closed', (r) => `case when ${r}closed_at is not null or ${r}reopen_count > 0 then 1 else 0 end`],
  ...[7, 14, 30, 60, 90, 180, 365].map((d): [string, (r: string) => string] => [`repeats_${d}`, (r) => `case when ${r}repeat_gap_seconds <= ${d * 86_400} then 1 else 0 end`]),
  ['sat_n', (r) => `case when ${r}satisfaction is not null then 1 else 0 end`],
  ['sat_sum', (r) => `coalesce(${r}satisfaction, 0)`],
  ...[1, 2, 3, 4, 5].map((v): [string, (r: string) => string] => [`sat_${v}`, (r) => `case when ${r}satisfaction = ${v} then 1 else 0 end`]),
  ['claimed', (r) => `coalesce(${r}defective_claimed, 0)`],
  ['confirmed', (r) => `coalesce(${r}defective_confirmed, 0)`],
  ['cost', (r) => `coalesce(${r}cost_base_minor, 0)`],
];

const key = (r: string, k: string) => (NULLABLE_KEYS.has(k) ? `coalesce(${r}${k}, '')` : `${r}${k}`);
const columns = ['tenant_id', ...KEYS, ...MEASURES.map(([c]) => c)].join(', ');

/** Adds (sign 1) or takes away (sign -1) the fact row `r` ('new.' or 'old.') from its rollup row. */
function upsert(r: string, sign: 1 | -1): string {
  const values = [`${r}tenant_id`, ...KEYS.map((k) => key(r, k)), ...MEASURES.map(([, v]) => (sign === 1 ? v(r) : `-(${v(r)})`))];
  return `insert into complaint_rollup (${columns}) values (${values.join(', ')})
    on conflict (tenant_id, ${KEYS.join(', ')}) do update set ${MEASURES.map(([c]) => `${c} = complaint_rollup.${c} + excluded.${c}`).join(', ')}`;
}

/** The cycle-time bucket of seconds `c`: hourly below a day, 4-hourly below 14 days, daily below 90, then weekly; -1 below 0. */
const bucket = (c: string) => `case when ${c} < 0 then -1 when ${c} < 86400 then ${c} / 3600 when ${c} < 1209600 then 24 + (${c} - 86400) / 14400
  when ${c} < 7776000 then 102 + (${c} - 1209600) / 86400 else 178 + (${c} - 7776000) / 604800 end`;

/** Adds (1) or takes away (-1) the fact row `r` from its cycle-time histogram bucket, when it has a cycle time. */
function upsertHistogram(r: string, sign: 1 | -1): string {
  return `insert into complaint_cycle_histogram (tenant_id, received_month, category, bucket, n)
    select ${r}tenant_id, ${r}received_month, coalesce(${r}category, ''), ${bucket(`${r}cycle_seconds`)}, ${sign} where ${r}cycle_seconds is not null
    on conflict (tenant_id, received_month, category, bucket) do update set n = complaint_cycle_histogram.n + excluded.n`;
}

/** The rollup and histogram of the facts already stored. */
export const populate = [
  `insert into complaint_rollup (${columns})
  select tenant_id, ${KEYS.map((k) => key('', k)).join(', ')}, ${MEASURES.map(([, v]) => `sum(${v('')})`).join(', ')}
  from complaint_fact group by tenant_id, ${KEYS.map((k) => key('', k)).join(', ')}`,
  `insert into complaint_cycle_histogram (tenant_id, received_month, category, bucket, n)
  select tenant_id, received_month, coalesce(category, ''), ${bucket('cycle_seconds')}, count(*)
  from complaint_fact where cycle_seconds is not null group by tenant_id, received_month, coalesce(category, ''), ${bucket('cycle_seconds')}`,
];

const add = (r: string) => `${upsert(r, 1)}; ${upsertHistogram(r, 1)};`;
const takeAway = (r: string) => `${upsert(r, -1)}; ${upsertHistogram(r, -1)};`;

export const sqliteTriggers = [
  `create trigger complaint_fact_rollup_insert after insert on complaint_fact begin ${add('new.')} end`,
  `create trigger complaint_fact_rollup_update after update on complaint_fact begin ${takeAway('old.')} ${add('new.')} end`,
  `create trigger complaint_fact_rollup_delete after delete on complaint_fact begin ${takeAway('old.')} end`,
];

export const postgresqlTriggers = [
  `create function complaint_rollup_apply() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then ${takeAway('old.')} end if;
  if tg_op <> 'DELETE' then ${add('new.')} end if;
  return null;
end $$`,
  'create trigger complaint_fact_rollup after insert or update or delete on complaint_fact for each row execute function complaint_rollup_apply()',
];
