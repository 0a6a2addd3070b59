/**
 * Experiments on a statistics benchmark database (kept with BENCH_KEEP_TMP=1): what would make the
 * dashboard's queries cheaper, measured on the same data. Not part of `npm run bench`; src/ stays as it is.
 * Each variant runs the five dashboard calls' SQL through sqlite3 directly (1 warm-up, then `runs` runs,
 * taking turns) and prints the median of each and their sum.
 *
 *   node dist-bench/test/bench/stats-experiments.js /tmp/complaint-stats-XXXX/stats.db [runs]
 *   (STATS_EXPERIMENTS=AGI: only those variants)
 *
 * It adds indexes and a rollup table to that database (they are dropped again at the end).
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import sqlite3 = require('sqlite3');
import { round, summarize } from './stats';

const ROOT = resolve(__dirname, '../../..');
const TENANT = '6d1f5a52-0000-4000-8000-00000000000a';
const Y = { from: '2025-12-01', to: '2026-11-30' };
const Q = { from: '2026-09-01', to: '2026-11-30' };

type Row = Record<string, unknown>;
interface Statement {
  sql: string;
  params: unknown[];
}
interface Call {
  name: string;
  statements: Statement[];
  /** Instead of the statements: a sequence whose later statements depend on earlier answers. */
  run?: (db: sqlite3.Database) => Promise<unknown>;
}

const open = (file: string) =>
  new Promise<sqlite3.Database>((res, rej) => {
    const db: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => (err ? rej(err) : res(db)));
  });
const all = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
  new Promise<Row[]>((res, rej) => db.all(sql, params, (err: Error | null, rows: Row[]) => (err ? rej(err) : res(rows))));
const exec = (db: sqlite3.Database, sql: string) => new Promise<void>((res, rej) => db.exec(sql, (err) => (err ? rej(err) : res())));

/** The SQL the compiled StatsService runs for the dashboard (captured from its entity manager). */
async function dashboardSql(file: string): Promise<Call[]> {
  require('reflect-metadata');
  const dist = (f: string) => require(join(ROOT, 'dist', f));
  const db = await dist('db/database.js').Database.connect({ kind: 'sqlite', file, synchronous: 'FULL' }, dist('entities.js').appEntities);
  const service = new (dist('stats/stats.service.js').StatsService)(db, new (dist('scheduler/clock.js').ManualClock)(new Date('2026-11-23T02:00:00Z')));
  const calls: Array<[string, (ctx: unknown) => Promise<unknown>]> = [
    ['stats by month, 12 months', (ctx) => service.complaintStats(ctx, { dateRange: Y }, ['MONTH'])],
    ['stats by category, 3 months', (ctx) => service.complaintStats(ctx, { dateRange: Q }, ['CATEGORY'])],
    ['pareto by category, 12 months', (ctx) => service.pareto(ctx, 'CATEGORY', { dateRange: Y })],
    ['ppm by month, 12 months', (ctx) => service.ppm(ctx, { dateRange: Y }, ['MONTH'], 'CLAIMED')],
    ['stats, whole range', (ctx) => service.complaintStats(ctx, null, [])],
  ];
  const out: Call[] = [];
  for (const [name, call] of calls) {
    const statements: Statement[] = [];
    const em = db.forTenant(TENANT);
    // Only the SQL is wanted: answer with no rows instead of running it.
    em.execute = async (sql: string, params: unknown[] = []) => (statements.push({ sql, params }), []);
    await call({ tenant: { id: TENANT, slug: 'bench' }, principal: { id: 'bench', name: 'bench', roles: ['admin'] }, locale: 'en', em });
    out.push({ name, statements });
  }
  await db.close();
  return out;
}

/** Median per call and their sum, over `runs` runs after one warm-up, calls taking turns. */
async function measure(db: sqlite3.Database, label: string, calls: Call[], runs: number): Promise<number> {
  // STATS_EXPERIMENTS=GI measures only the variants whose letter is listed (the others' tables are still built).
  const only = process.env.STATS_EXPERIMENTS;
  if (only && !only.includes(label[0])) return NaN;
  const times = calls.map(() => [] as number[]);
  for (let r = 0; r <= runs; r++) {
    for (const [i, c] of calls.entries()) {
      const t = performance.now();
      if (c.run) await c.run(db);
      else for (const s of c.statements) await all(db, s.sql, s.params);
      if (r > 0) times[i].push(performance.now() - t);
    }
  }
  const medians = times.map((t) => summarize(t).p50Ms);
  const total = round(medians.reduce((a, b) => a + b, 0), 1);
  process.stdout.write(`${label.padEnd(58)} ${medians.map((m) => m.toFixed(0).padStart(6)).join(' ')}  | total ${total.toFixed(0).padStart(6)} ms\n`);
  return total;
}

const STATS_COLUMNS = 'closed_at, cycle_seconds, close_on_time, rejected, reopen_count, satisfaction';

/**
 * complaintStats rewritten: the plain aggregates in one GROUP BY pass, the percentiles from a window over
 * the closed complaints' (group, cycle_seconds) only, joined by group. Same figures (checked below).
 */
function rewrittenStats(groupColumn: string | null, where: string): string {
  const g = groupColumn ? `${groupColumn} as g0, ` : '';
  const partition = groupColumn ? `partition by ${groupColumn}` : '';
  const join = groupColumn ? 'left join p on p.g0 is a.g0' : 'left join p on 1 = 1';
  return `
    with a as (
      select ${g} count(*) as n,
        sum(case when closed_at is not null then 1 else 0 end) as closed,
        sum(cycle_seconds) as cycle_sum,
        sum(case when close_on_time is not null then 1 else 0 end) as timed,
        sum(case when close_on_time then 1 else 0 end) as on_time,
        sum(case when rejected then 1 else 0 end) as rejected,
        sum(case when reopen_count > 0 then 1 else 0 end) as reopened,
        sum(case when closed_at is not null or reopen_count > 0 then 1 else 0 end) as ever_closed,
        count(satisfaction) as sat_n, sum(satisfaction) as sat_sum,
        ${[1, 2, 3, 4, 5].map((s) => `sum(case when satisfaction = ${s} then 1 else 0 end) as sat_${s}`).join(', ')}
      from complaint_fact where ${where} ${groupColumn ? `group by ${groupColumn}` : ''}
    ), p as (
      select ${groupColumn ? 'g0, ' : ''} min(case when rn = (cn * 50 + 99) / 100 then cycle_seconds end) as p50,
        min(case when rn = (cn * 90 + 99) / 100 then cycle_seconds end) as p90
      from (
        select ${g} cycle_seconds, row_number() over (${partition} order by cycle_seconds) as rn, count(*) over (${partition}) as cn
        from complaint_fact where ${where} and cycle_seconds is not null
      ) ${groupColumn ? 'group by g0' : ''}
    )
    select a.*, p.p50, p.p90 from a ${join}`;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  const runs = Number(process.argv[3] ?? 3);
  if (!file) throw new Error('usage: stats-experiments.js <stats.db> [runs]');
  const calls = await dashboardSql(file);
  const db = await open(file);
  const header = `${'variant'.padEnd(58)} ${calls.map((_, i) => `  q${i + 1}`.padStart(6)).join(' ')}`;
  process.stdout.write(`${header}\n  q1 stats by month 12 mo, q2 stats by category 3 mo, q3 pareto 12 mo, q4 ppm by month 12 mo, q5 stats whole range (ms, medians of ${runs})\n`);
  const results: Record<string, number> = {};
  const appPragmas = 'PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT; PRAGMA mmap_size = 0;';
  const bigPragmas = 'PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 1073741824;';
  await exec(db, appPragmas);
  results.asIs = await measure(db, 'A. as is (app pragmas: 2 MB cache, temp files)', calls, runs);
  await exec(db, bigPragmas);
  results.pragmas = await measure(db, 'B. + cache_size 128 MB, temp_store MEMORY, mmap 1 GB', calls, runs);
  await exec(db, appPragmas);

  // C. Covering index for the date-range queries: every column the dashboard's statements read.
  const t0 = performance.now();
  await exec(db, `create index bench_fact_covering on complaint_fact (tenant_id, received_day, received_month, category, ${STATS_COLUMNS}, defective_claimed)`);
  const coveringSeconds = (performance.now() - t0) / 1000;
  const plan = await all(db, `explain query plan ${calls[0].statements[1].sql}`, calls[0].statements[1].params);
  process.stdout.write(`  (covering index built in ${coveringSeconds.toFixed(1)} s; q1 plan now: ${plan.map((p) => p.detail).join('; ')})\n`);
  results.covering = await measure(db, 'C. + covering index (tenant, day, month, category, stats cols)', calls, runs);
  await exec(db, bigPragmas);
  results.coveringPragmas = await measure(db, 'D. covering index + pragmas of B', calls, runs);
  await exec(db, appPragmas);

  // E. The complaintStats statements rewritten (aggregates by GROUP BY, window only over closed rows' cycle times).
  const rewrite = (c: Call): Call => ({
    name: c.name,
    statements: c.statements.map((s) => {
      if (!/row_number\(\) over/.test(s.sql)) return s;
      const group = /select (\w+) as g0,/.exec(s.sql.replace(/\s+/g, ' '))?.[1] ?? null;
      const where = /from complaint_fact where (.*?)\s*\) t/s.exec(s.sql)![1];
      return { sql: rewrittenStats(group, where), params: [...s.params, ...s.params] };
    }),
  });
  const rewritten = calls.map(rewrite);
  // Same figures as the service's statements?
  for (const [i, c] of calls.entries()) {
    for (const [j, s] of c.statements.entries()) {
      if (rewritten[i].statements[j] === s) continue;
      const key = (r: Row) => JSON.stringify([r.g0 ?? null, r.n, r.closed, r.cycle_sum, r.p50, r.p90, r.on_time, r.sat_sum]);
      const before = (await all(db, s.sql, s.params)).map(key).sort();
      const after = (await all(db, rewritten[i].statements[j].sql, rewritten[i].statements[j].params)).map(key).sort();
      if (JSON.stringify(before) !== JSON.stringify(after)) process.stdout.write(`  REWRITE DIFFERS for ${c.name} #${j}: ${before.slice(0, 2)} vs ${after.slice(0, 2)}\n`);
    }
  }
  results.rewrite = await measure(db, 'E. covering index + rewritten complaintStats', rewritten, runs);
  await exec(db, bigPragmas);
  results.rewritePragmas = await measure(db, 'F. E + pragmas of B', rewritten, runs);
  await exec(db, appPragmas);

  // G. A monthly rollup (what a write would maintain beside the fact) for counts, ratios, Pareto and PPM,
  // exact percentiles still from the facts through a narrow index (tenant, day, cycle_seconds).
  const t1 = performance.now();
  await exec(
    db,
    `create table bench_rollup as select tenant_id, received_month, type_key, category, severity, department,
       count(*) as n, sum(case when closed_at is not null then 1 else 0 end) as closed, sum(cycle_seconds) as cycle_sum,
       sum(case when close_on_time is not null then 1 else 0 end) as timed, sum(case when close_on_time then 1 else 0 end) as on_time,
       sum(case when rejected then 1 else 0 end) as rejected, sum(case when reopen_count > 0 then 1 else 0 end) as reopened,
       sum(case when closed_at is not null or reopen_count > 0 then 1 else 0 end) as ever_closed,
       count(satisfaction) as sat_n, sum(satisfaction) as sat_sum, sum(coalesce(defective_claimed, 0)) as defective
     from complaint_fact group by tenant_id, received_month, type_key, category, severity, department;
     create index bench_rollup_month on bench_rollup (tenant_id, received_month);
     create index bench_fact_cycle on complaint_fact (tenant_id, received_day, cycle_seconds);`,
  );
  const [{ n: rollupRows }] = await all(db, 'select count(*) as n from bench_rollup');
  process.stdout.write(`  (rollup: ${rollupRows} rows, built with its index in ${((performance.now() - t1) / 1000).toFixed(1)} s)\n`);
  const months = (r: { from: string; to: string } | null) => (r ? ['tenant_id = ? and received_month between ? and ?', [TENANT, r.from.slice(0, 7), r.to.slice(0, 7)]] : ['tenant_id = ?', [TENANT]]) as [string, unknown[]];
  const days = (r: { from: string; to: string } | null) => (r ? ['tenant_id = ? and received_day between ? and ?', [TENANT, r.from, r.to]] : ['tenant_id = ?', [TENANT]]) as [string, unknown[]];
  const rollupStats = (range: { from: string; to: string } | null, group: string | null): Statement[] => {
    const [mw, mp] = months(range);
    const [dw, dp] = days(range);
    const gcol = group === 'received_month' ? 'received_month' : group;
    const pcol = group;
    const sums = 'sum(n), sum(closed), sum(cycle_sum), sum(timed), sum(on_time), sum(rejected), sum(reopened), sum(ever_closed), sum(sat_n), sum(sat_sum)';
    const pct = (partition: string, g: string) =>
      `select ${g} min(case when rn = (cn * 50 + 99) / 100 then cycle_seconds end), min(case when rn = (cn * 90 + 99) / 100 then cycle_seconds end)
       from (select ${g} cycle_seconds, row_number() over (${partition} order by cycle_seconds) as rn, count(*) over (${partition}) as cn
             from complaint_fact where ${dw} and cycle_seconds is not null) ${g ? 'group by 1' : ''}`;
    const out: Statement[] = [
      { sql: `select ${sums} from bench_rollup where ${mw}`, params: mp },
      { sql: pct('', ''), params: dp },
    ];
    if (gcol) {
      out.push({ sql: `select ${gcol}, ${sums} from bench_rollup where ${mw} group by ${gcol}`, params: mp });
      out.push({ sql: pct(`partition by ${pcol}`, `${pcol},`), params: dp });
    }
    return out;
  };
  const [ymw, ymp] = months(Y);
  /** PPM as the service builds it, its complaint side read from the rollup (months instead of days). */
  const ppmFromRollup = (st: Statement): Statement => ({
    sql: st.sql
      .replace('coalesce(defective_claimed, 0) as d, 1 as c', 'defective as d, n as c')
      .replace('from complaint_fact where tenant_id = ? and received_day >= ? and received_day <= ?', 'from bench_rollup where tenant_id = ? and received_month >= ? and received_month <= ?'),
    params: [st.params[0], String(st.params[1]).slice(0, 7), String(st.params[2]).slice(0, 7), ...st.params.slice(3)],
  });
  const rollupCalls: Call[] = [
    { name: 'stats by month', statements: rollupStats(Y, 'received_month') },
    { name: 'stats by category', statements: rollupStats(Q, 'category') },
    {
      name: 'pareto',
      statements: [{ sql: `select k, n, sum(n) over (order by n desc, case when k is null then 1 else 0 end, k rows between unbounded preceding and current row), sum(n) over () from (select category as k, sum(n) as n from bench_rollup where ${ymw} group by category) order by n desc`, params: ymp }],
    },
    { name: 'ppm', statements: calls[3].statements.map(ppmFromRollup) },
    { name: 'whole range', statements: rollupStats(null, null) },
  ];
  results.rollup = await measure(db, 'G. monthly rollup + narrow (tenant, day, cycle) index', rollupCalls, runs);
  await exec(db, bigPragmas);
  results.rollupPragmas = await measure(db, 'H. G + pragmas of B', rollupCalls, runs);
  await exec(db, appPragmas);

  // I. G, with exact percentiles read off indexes ordered by cycle time (LIMIT 1 OFFSET rank - 1) instead of
  // sorting the range: per month from (tenant, month, cycle), per category from (tenant, category, cycle, month),
  // over a range of months from (tenant, cycle, month); the ranks come from the rollup's closed counts.
  const t2 = performance.now();
  await exec(
    db,
    `create index bench_cycle_by_month on complaint_fact (tenant_id, received_month, cycle_seconds);
     create index bench_cycle_by_category on complaint_fact (tenant_id, category, cycle_seconds, received_month);
     create index bench_cycle on complaint_fact (tenant_id, cycle_seconds, received_month);`,
  );
  process.stdout.write(`  (three cycle-ordered indexes built in ${((performance.now() - t2) / 1000).toFixed(1)} s)\n`);
  const rank = (n: number, p: number) => Math.floor((n * p + 99) / 100) - 1;
  const at = async (sql: string, params: unknown[], n: number) =>
    n > 0 ? Promise.all([50, 90].map(async (p) => (await all(db, `${sql} order by cycle_seconds limit 1 offset ?`, [...params, rank(n, p)]))[0]?.cycle_seconds)) : [null, null];
  const sums = 'sum(n) as n, sum(closed) as closed, sum(cycle_sum), sum(timed), sum(on_time), sum(rejected), sum(reopened), sum(ever_closed), sum(sat_n), sum(sat_sum)';
  const overMonths = async (range: { from: string; to: string } | null) => {
    const [w, p] = months(range);
    const [total] = await all(db, `select ${sums} from bench_rollup where ${w}`, p);
    const pct = await at(`select cycle_seconds from complaint_fact indexed by bench_cycle where ${w.replace('received_month between', 'cycle_seconds is not null and received_month between')}${range ? '' : ' and cycle_seconds is not null'}`, p, Number(total.closed));
    return { total, pct };
  };
  const walkCalls: Call[] = [
    {
      name: 'stats by month',
      statements: [],
      run: async () => {
        await overMonths(Y);
        const [w, p] = months(Y);
        const groups = await all(db, `select received_month as g, ${sums} from bench_rollup where ${w} group by received_month`, p);
        for (const g of groups) await at('select cycle_seconds from complaint_fact indexed by bench_cycle_by_month where tenant_id = ? and received_month = ? and cycle_seconds is not null', [TENANT, g.g], Number(g.closed));
      },
    },
    {
      name: 'stats by category',
      statements: [],
      run: async () => {
        await overMonths(Q);
        const [w, p] = months(Q);
        const groups = await all(db, `select category as g, ${sums} from bench_rollup where ${w} group by category`, p);
        for (const g of groups)
          await at(
            `select cycle_seconds from complaint_fact indexed by bench_cycle_by_category where tenant_id = ? and category is ? and cycle_seconds is not null and received_month between ? and ?`,
            [TENANT, g.g, p[1], p[2]],
            Number(g.closed),
          );
      },
    },
    rollupCalls[2],
    rollupCalls[3],
    { name: 'whole range', statements: [], run: () => overMonths(null) },
  ];
  // The same percentiles as the service's statements?
  {
    const walked = await overMonths(Y);
    const [service] = await all(db, calls[0].statements[0].sql, calls[0].statements[0].params);
    if (walked.pct[0] !== service.p50 || walked.pct[1] !== service.p90) process.stdout.write(`  WALK DIFFERS: ${walked.pct} vs ${service.p50},${service.p90}\n`);
  }
  results.indexWalk = await measure(db, 'I. G, percentiles by index walk (LIMIT 1 OFFSET rank)', walkCalls, runs);

  const objects = await all(db, "select name, sum(pgsize) as bytes from dbstat where name like 'bench_%' group by name");
  process.stdout.write(`  sizes: ${objects.map((o) => `${o.name} ${(Number(o.bytes) / 1048576).toFixed(1)} MiB`).join(', ')}\n`);
  await exec(db, 'drop index bench_fact_covering; drop index bench_fact_cycle; drop index bench_cycle_by_month; drop index bench_cycle_by_category; drop index bench_cycle; drop table bench_rollup;').catch(() => undefined);
  await new Promise<void>((res) => db.close(() => res()));
  process.stdout.write(`${JSON.stringify({ experiments: results })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
