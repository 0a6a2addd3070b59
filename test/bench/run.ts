/**
 * `npm run bench`: throughput and latency of the built server, next to two baselines (see README.md).
 *
 * Order: template engine microbenchmark (child process on the dist/ code, machine to itself) -> scheduler tick and
 * statistics queries (child processes on dist/, each with a database of a million rows) -> raw SQLite
 * insert baseline (child process, machine to itself) -> start server -> for each of { __typename },
 * createComplaint, complaint(id): warm-up, then a measured phase -> stage-1 lifecycle phase (workers in this
 * process, 9 sequential mutations per complaint up to CLOSED; warm-up, then measured) -> stop server -> report.
 * Exits 1 if any request failed or came back with the wrong shape, or the template phase found a problem.
 */
import { SAMPLE_INTAKE } from './sample-data';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sqlite3 = require('sqlite3');
import { runPhase, type GraphQLBody, type PhaseOptions, type PhaseResult } from './load';
import { runLifecycle, type LifecycleOptions, type LifecycleResult } from './lifecycle';
import type { BaselineRequest, BaselineResult } from './sqlite-baseline';
import { startServer, type RunningServer } from './server';
import { runSubscriptionRound, type SubscriptionRound } from './subscriptions';
import type { SchedulerBenchRequest, SchedulerBenchResult, TickFigures } from './scheduler-tick';
import type { QueryFigures, StatsBenchRequest, StatsBenchResult } from './stats-queries';
import type { CompileResult, OpResult, TemplateBenchRequest, TemplateBenchResult } from './template-engine';
import { procStatusKb, round } from './stats';
import { runWebhookBench, type WebhookBenchResult } from './webhooks';

const ROOT = resolve(__dirname, '../../..'); // dist-bench/test/bench -> repository root

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

const SECONDS = envNumber('BENCH_SECONDS', 8, 1);
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 1, 0);
const CONNECTIONS = Math.round(envNumber('BENCH_CONNECTIONS', 16, 1));
const TEMPLATE_ITERATIONS = Math.round(envNumber('BENCH_TEMPLATE_ITERATIONS', 20_000, 100));
const SKIP_TEMPLATES = process.env.BENCH_SKIP_TEMPLATES === '1';
const SKIP_HTTP = process.env.BENCH_SKIP_HTTP === '1';
const SKIP_LIFECYCLE = process.env.BENCH_SKIP_LIFECYCLE === '1';
const SKIP_SCHEDULER = process.env.BENCH_SKIP_SCHEDULER === '1';
const SKIP_SUBSCRIPTIONS = process.env.BENCH_SKIP_SUBSCRIPTIONS === '1';
/** Concurrent graphql-ws subscribers (one connection each), and events committed while they listen. */
const SUBSCRIBERS = Math.round(envNumber('BENCH_SUBSCRIBERS', 1_000, 1));
const SUBSCRIPTION_EVENTS = Math.round(envNumber('BENCH_SUBSCRIPTION_EVENTS', 100, 1));
const SKIP_WEBHOOKS = process.env.BENCH_SKIP_WEBHOOKS === '1';
/** Events pre-committed per webhook scenario (delivered to 1 endpoint, then to 10). */
const WEBHOOK_EVENTS = Math.round(envNumber('BENCH_WEBHOOK_EVENTS', 300, 10));
/** Open timers in the large scheduler database, and how many come due per measured tick. */
const SCHEDULER_OPEN = Math.round(envNumber('BENCH_SCHEDULER_OPEN', 1_000_000, 1_000));
const SCHEDULER_DUE = Math.round(envNumber('BENCH_SCHEDULER_DUE', 100, 1));
const SKIP_STATS = process.env.BENCH_SKIP_STATS === '1';
/** Complaints of the measured tenant in the statistics database, and timed runs of each query. */
const STATS_COMPLAINTS = Math.round(envNumber('BENCH_STATS_COMPLAINTS', 1_000_000, 1_000));
const STATS_RUNS = Math.round(envNumber('BENCH_STATS_RUNS', 5, 1));
/** Fresh-compiler runs per template for checkTemplate, and of loadTemplateDirectory (medians reported). */
const TEMPLATE_COMPILE_RUNS = 20;
const TEMPLATE_LOAD_RUNS = 10;
/** Extra node arguments for the server, space-separated (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const API_KEY = 'bench-admin-key-0123456789abcdef';

const TYPENAME_QUERY = '{ __typename }';
const CREATE_QUERY =
  'mutation Create($input: CreateComplaintInput!) { createComplaint(input: $input) { __typename ... on Complaint { id number version } ... on ErrorResult { code message } } }';
const CREATE_VARIABLES = {
  input: {
    typeKey: 'product-quality',
    data: SAMPLE_INTAKE,
  },
};
const READ_QUERY = 'query Get($id: ID!) { complaint(id: $id) { id number status version data } }';

type Json = Record<string, unknown> | null | undefined;
const dataOf = (json: unknown): Json => (json as { data?: Json } | null)?.data;

/** Runs `<file>.js` beside this file as a child process with the request as argv[2]; resolves with its one IPC message. */
function runChild<T>(file: string, request: unknown, label: string): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(join(__dirname, file), [JSON.stringify(request)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: T | undefined;
    child.once('message', (message) => (result = message as T));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 && result ? resolvePromise(result) : reject(new Error(`${label} child exited with ${code ?? signal}`))));
  });
}

const runBaseline = (request: BaselineRequest) => runChild<BaselineResult>('sqlite-baseline.js', request, 'sqlite baseline');
const runTemplateBench = (request: TemplateBenchRequest) => runChild<TemplateBenchResult>('template-engine.js', request, 'template benchmark');
const runSchedulerBench = (request: SchedulerBenchRequest) => runChild<SchedulerBenchResult>('scheduler-tick.js', request, 'scheduler benchmark');
const runStatsBench = (request: StatsBenchRequest) => runChild<StatsBenchResult>('stats-queries.js', request, 'statistics benchmark');

/** Plain-text table: first and last columns left-aligned, the others right-aligned. */
function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The template phase's tables and notes. */
function schedulerReport(s: SchedulerBenchResult): string[] {
  const row = (label: string, f: TickFigures) => [
    label,
    String(f.openTimers),
    String(f.idleTick.p50Ms),
    String(f.idleTick.p99Ms),
    String(f.dueTick.p50Ms),
    String(f.dueTick.p99Ms),
    String(f.dueTick.maxMs),
    `${f.fillSeconds} s`,
  ];
  return [
    `scheduler tick (child process, SQLite WAL synchronous=FULL; ${s.due} timers due per measured tick, each fired in its own transaction; peak RSS ${s.peakRssKb === null ? 'n/a' : `${(s.peakRssKb / 1024).toFixed(1)} MiB`})`,
    ...formatTable(['timers', 'open', 'idle p50 ms', 'idle p99 ms', `${s.due} due p50 ms`, 'p99 ms', 'max ms', 'fill'], [row('baseline', s.baseline), row('large', s.large)]),
    `  large / baseline (p50 with ${s.due} due): ${round(s.large.dueTick.p50Ms / s.baseline.dueTick.p50Ms)} x; due-time query plan: ${s.large.queryPlan}`,
  ];
}

/** The statistics phase: data set, per-query table, baselines, plans, size and memory. */
function statsReport(s: StatsBenchResult): string[] {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const kb = (k: number | null) => (k === null ? 'n/a' : mib(k * 1024));
  const pct = (n: number) => `${((100 * n) / s.profile.rows).toFixed(1)}%`;
  const p = s.profile;
  const fastest = s.baselines[0]?.latency.p50Ms ?? 0;
  const row = (q: QueryFigures, note: string) => [q.name, q.latency.p50Ms.toFixed(1), q.latency.p90Ms.toFixed(1), q.latency.maxMs.toFixed(1), String(q.statements.length), String(q.resultSize), note];
  const rows = s.queries.map((q) => row(q, fastest > 0 ? `${round(q.latency.p50Ms / fastest)} x full scan` : ''));
  rows.push(['dashboard total (sum of medians)', s.dashboardTotalMs.toFixed(1), '', '', String(s.queries.reduce((n, q) => n + q.statements.length, 0)), '', fastest > 0 ? `${round(s.dashboardTotalMs / fastest)} x full scan` : '']);
  for (const [i, b] of s.baselines.entries()) rows.push(row(b, i === 0 ? 'baseline' : `${round(b.latency.p50Ms / Math.max(fastest, 0.01))} x full scan`));
  const out = [
    `statistics queries (child process on dist/, SQLite ${s.sqliteVersion} WAL synchronous=FULL; StatsService in-process, no HTTP; ${s.runs} runs each after 1 warm-up, taking turns)`,
    `  data: ${s.complaints} complaints of one tenant + ${s.otherTenantComplaints} of a second, 2 years to ${s.now} in ${s.timeZone}; ${s.shipments} shipment rows; ` +
      `seeded in ${s.seedSeconds} s (${s.seedRowsPerSec} rows/s, bulk INSERTs of 500 rows, 100,000 per transaction, not through GraphQL)`,
    `  profile: closed ${pct(p.closed)}, rejected ${pct(p.rejected)}, reopened ${pct(p.reopened)}, with satisfaction ${pct(p.satisfaction)}, with claimed quantity ${pct(p.claimed)}; ` +
      `${p.categories} categories, top 1 ${(p.topCategoryShare * 100).toFixed(1)}%, top 3 ${(p.top3CategoryShare * 100).toFixed(1)}%; local keys checked against localKeys on ${s.keysChecked} rows`,
    ...formatTable(['query', 'p50 ms', 'p90 ms', 'max ms', 'SQL', 'rows', 'ratio (p50)'], rows),
    `  file ${mib(s.fileBytes)} (${s.objects.slice(0, 8).map((o) => `${o.name} ${mib(o.bytes)}`).join(', ')}); ` +
      `peak RSS ${kb(s.peakRssKb.seed)} of the seeding process (256 MiB page cache), ${kb(s.peakRssKb.queries)} of the query process`,
    '  statements and plans (EXPLAIN QUERY PLAN; p50 of each statement on its own):',
  ];
  for (const q of [...s.queries, ...s.baselines]) {
    out.push(`  ${q.name}: ${q.call}`);
    for (const st of q.statements) {
      out.push(`    [${st.medianMs.toFixed(1)} ms] ${st.sql.length > 160 ? `${st.sql.slice(0, 157)}...` : st.sql}`);
      for (const line of st.plan) out.push(`      ${line}`);
    }
  }
  return out;
}

function webhookReport(w: WebhookBenchResult): string[] {
  const ms = (x: number) => x.toFixed(2);
  const rows = w.scenarios.map((s) => [
    `webhooks, ${s.endpoints} endpoint${s.endpoints === 1 ? '' : 's'}`,
    s.deliveriesPerSec.toFixed(1),
    ms(s.attemptLatency.p50Ms),
    ms(s.attemptLatency.p99Ms),
    ms(s.cycle.p50Ms),
    ms(s.cycle.p99Ms),
    String(s.deliveries),
    `${s.seconds} s, ${s.failedAttempts} failed, ${s.duplicates} duplicates`,
  ]);
  for (const b of w.baselines) {
    rows.push([`baseline: fetch POST, ${b.concurrency} at a time`, b.postsPerSec.toFixed(1), ms(b.latency.p50Ms), ms(b.latency.p99Ms), '-', '-', String(b.posts), 'same receiver, same bodies, no signing or commit']);
  }
  return [
    `webhook delivery (server from dist/, SQLite synchronous=FULL; receiver on 127.0.0.1 in the harness answering 200; ${w.events} events committed before each scenario, ` +
      'timed from enabling the endpoints until every cursor reached the head)',
    ...formatTable(['phase', 'deliveries/s', 'p50 ms', 'p99 ms', 'cycle p50', 'cycle p99', 'count', 'notes'], rows),
    '  p50/p99 ms: per attempt, request to answer as the server logged it (whole ms); for the baseline, per POST (hrtime).',
    '  cycle: time between two deliveries to one endpoint at the receiver (sign, POST, answer, commit of the attempt and cursor, next).',
  ];
}

function templateReport(t: TemplateBenchResult): string[] {
  const out: string[] = [];
  out.push(
    `template engine (in-process, compiled dist/ code, child process before the server): ${t.iterations} timed calls per operation ` +
      `after ${t.warmupIterations} warm-up, ${t.variants} product-quality data variants; ${(t.totalMs / 1000).toFixed(1)} s, peak RSS ${t.peakRssKb === null ? 'n/a' : `${(t.peakRssKb / 1024).toFixed(1)} MiB`}`,
  );
  out.push('');
  const opRow = (o: OpResult, ratio: string): string[] => [
    o.name,
    o.meanUs.toFixed(2),
    o.p50Us.toFixed(2),
    o.p99Us.toFixed(2),
    o !== t.timer && o.meanUs > 0 ? Math.round(1e6 / o.meanUs).toString() : '-',
    ratio,
  ];
  const times = (o: OpResult) => (t.baseline.meanUs > 0 ? `${(o.meanUs / t.baseline.meanUs).toFixed(2)} x baseline` : '-');
  out.push(
    ...formatTable(
      ['per complaint', 'mean µs', 'p50 µs', 'p99 µs', 'ops/s', 'ratio (mean)'],
      [
        opRow(t.timer, 'timer cost, included in every row'),
        opRow(t.baseline, 'baseline'),
        opRow(t.validate, times(t.validate)),
        opRow(t.rules, times(t.rules)),
        opRow(t.validateAndRules, `${t.ratioToBaseline.mean.toFixed(2)} x baseline (p50: ${t.ratioToBaseline.p50.toFixed(2)} x)`),
      ],
    ),
  );
  const share = (counts: Record<string, number>) => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0) || 1;
    return Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${Math.round((100 * n) / total)}%`)
      .join(', ');
  };
  out.push('');
  out.push(`  rule outcomes: severity ${share(t.outcomes.severity)}; department ${share(t.outcomes.department)}; investigation ${share(t.outcomes.investigation)}`);
  out.push('  (a) compiled intake schema of product-quality; (b) complaintFacts + evaluateRules (severity, routing, stage 2, SLA); (c) both, as on create.');
  out.push('');
  const compileRow = (c: CompileResult): string[] => [
    `${c.kind}/${c.key}`,
    String(c.schemasCompiled),
    c.coldMedianMs.toFixed(2),
    c.coldMinMs.toFixed(2),
    c.publishMedianMs.toFixed(2),
    c.publishMinMs.toFixed(2),
    c.warnings ? `${c.warnings} warning(s)` : '',
  ];
  out.push(
    ...formatTable(['checkTemplate, fresh compiler', 'schemas', 'cold ms', 'min', 'publish ms', 'min', 'notes'], t.compile.map(compileRow)),
  );
  out.push('');
  const load = t.loadDirectory;
  out.push(
    `  loadTemplateDirectory (all ${load.templates} shipped templates, fresh compiler): median ${load.medianMs.toFixed(2)} ms ` +
      `(min ${load.minMs.toFixed(2)}, max ${load.maxMs.toFixed(2)}, ${load.runs} runs)`,
  );
  out.push(`  new SchemaCompiler() + registerMetaSchemas: median ${t.newCompilerMedianMs.toFixed(2)} ms (not included in the figures above)`);
  out.push(
    `  cold: the kind's meta-schema is compiled inside the check (first check of a kind after start); publish: meta-schema compiled ` +
      `beforehand, as in a running server. Medians (and minima) of ${t.compile[0]?.runs ?? 0} runs, each on a fresh compiler.`,
  );
  return out;
}

const all = <T>(db: sqlite3.Database, sql: string) => new Promise<T[]>((res, rej) => db.all(sql, (err: Error | null, rows: T[]) => (err ? rej(err) : res(rows))));

/** Row counts in the server's database after it stopped (cross-check of the create phase). */
async function inspectServerDb(file: string): Promise<{ complaints: number; events: number; journalMode: string } | null> {
  try {
    const db = await new Promise<sqlite3.Database>((res, rej) => {
      const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? rej(err) : res(opened)));
    });
    const [{ n: complaints }] = await all<{ n: number }>(db, 'select count(*) as n from complaint');
    const [{ n: events }] = await all<{ n: number }>(db, 'select count(*) as n from event');
    const [{ journal_mode: journalMode }] = await all<{ journal_mode: string }>(db, 'PRAGMA journal_mode');
    await new Promise<void>((res) => db.close(() => res()));
    return { complaints, events, journalMode };
  } catch (error) {
    process.stderr.write(`could not inspect the server database: ${(error as Error).message}\n`);
    return null;
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

interface HttpReport {
  lines: string[];
  failures: string[];
  json: Record<string, unknown>;
}

/** Null HTTP figures in the JSON line when BENCH_SKIP_HTTP=1 (same keys as a full run). */
const HTTP_SKIPPED_JSON = {
  sqlite: null,
  rawInsert: null,
  typename: null,
  createComplaint: null,
  complaintById: null,
  lifecycle: null,
  peakRssKb: null,
  serverStartupMs: null,
  serverDb: null,
};

let server: RunningServer | undefined;

/** The lifecycle phase's table (below the HTTP table). */
function lifecycleReport(l: LifecycleResult, ratioToCreate: number | null): string[] {
  const out: string[] = [];
  const pct = (x: number | null) => (x === null ? 'n/a' : `${x}%`);
  out.push(
    `stage-1 lifecycle (same server): ${l.workers} workers in the harness process, each running one complaint from createComplaint to CLOSED ` +
      `(${l.steps.length} sequential mutations, keep-alive), ${l.seconds} s after ${WARMUP_SECONDS} s warm-up; srv CPU ${pct(l.serverCpuPct)}, gen CPU ${pct(l.harnessCpuPct)}`,
  );
  out.push(
    `  ${l.lifecyclesPerSec.toFixed(2)} lifecycles/s (${l.lifecycles} closed), ${l.mutationsPerSec.toFixed(1)} mutations/s (${l.mutations})` +
      (ratioToCreate === null ? '' : `, ${ratioToCreate.toFixed(3)} x createComplaint rate/s`) +
      `; ${l.cutOff} lifecycles cut off by the end of the phase`,
  );
  out.push('');
  const ms = (x: number | null) => (x === null ? '-' : x.toFixed(2));
  const row = (name: string, count: number, rate: string, p50: number | null, p99: number | null, mean: number, errors: string, note: string): string[] => [
    name,
    String(count),
    rate,
    ms(p50),
    ms(p99),
    ms(mean),
    errors,
    note,
  ];
  const rows = l.steps.map((s, i) =>
    row(`${i + 1}. ${s.mutation}`, s.count, (s.count / l.seconds).toFixed(1), s.latency.p50Ms, s.latency.p99Ms, s.latency.meanMs, String(s.errors), s.expect ? `-> ${s.expect}` : '-> id, version'),
  );
  const meanOfAll = l.mutations ? l.steps.reduce((sum, s) => sum + s.count * s.latency.meanMs, 0) / l.mutations : 0;
  rows.push(row('all mutations', l.mutations, l.mutationsPerSec.toFixed(1), null, null, meanOfAll, String(l.errors.total), ''));
  const c = l.lifecycleLatency;
  rows.push(row('whole lifecycle', l.lifecycles, l.lifecyclesPerSec.toFixed(2), c.p50Ms, c.p99Ms, c.meanMs, '-', 'CLOSED; first request written to last response'));
  out.push(...formatTable(['lifecycle step', 'count', 'rate/s', 'p50 ms', 'p99 ms', 'mean ms', 'errors', 'status after'], rows));
  out.push('');
  out.push('  count, rate/s and latency: responses that ended within the phase; latency per request from write to end of response (hrtime).');
  out.push('  errors: every failed response of the measured run, also after its end (warm-up failures are listed below, if any). A refused');
  out.push('  step abandons that complaint and the worker starts a new one.');
  return out;
}

const lifecycleJson = (l: LifecycleResult, ratioToCreate: number | null) => ({
  lifecyclesPerSec: l.lifecyclesPerSec,
  lifecycles: l.lifecycles,
  mutationsPerSec: l.mutationsPerSec,
  mutations: l.mutations,
  ratioToCreateComplaint: ratioToCreate,
  workers: l.workers,
  seconds: l.seconds,
  lifecycleP50Ms: l.lifecycleLatency.p50Ms,
  lifecycleP99Ms: l.lifecycleLatency.p99Ms,
  lifecycleMeanMs: l.lifecycleLatency.meanMs,
  byMutation: Object.fromEntries(
    l.steps.map((s) => [s.mutation, { count: s.count, p50Ms: s.latency.p50Ms, p99Ms: s.latency.p99Ms, meanMs: s.latency.meanMs, maxMs: s.latency.maxMs, errors: s.errors }]),
  ),
  errors: l.errors.total,
  cutOff: l.cutOff,
  complaintsCreated: l.complaintsCreated,
  serverCpuPct: l.serverCpuPct,
  harnessCpuPct: l.harnessCpuPct,
});

/** Raw SQLite insert baseline, then the server and its phases; the report's HTTP section. */
async function runHttp(tmp: string): Promise<HttpReport> {
  // 1. Raw write baseline, before the server exists.
  log('bench: raw SQLite insert baseline (child process)...');
  const raw = await runBaseline({ file: join(tmp, 'raw.db'), seconds: SECONDS, warmupSeconds: WARMUP_SECONDS });

  // 2. Server.
  log('bench: starting server...');
  const serverDb = join(tmp, 'bench.db');
  const t0 = performance.now();
  server = await startServer({ root: ROOT, dbFile: serverDb, apiKey: API_KEY, nodeArgs: SERVER_NODE_ARGS });
  const startupMs = Math.round(performance.now() - t0);
  const url = `${server.origin}/graphql`;

  const ids: string[] = [];
  let nextId = 0;
  const typename: Omit<PhaseOptions, 'seconds' | 'name'> = {
    url,
    apiKey: API_KEY,
    connections: CONNECTIONS,
    serverPid: server.pid,
    body: (): GraphQLBody => ({ query: TYPENAME_QUERY, variables: {} }),
    check: (json) => (dataOf(json)?.__typename === 'Query' ? null : 'no data.__typename'),
  };
  const create: Omit<PhaseOptions, 'seconds' | 'name'> = {
    ...typename,
    body: () => ({ query: CREATE_QUERY, variables: CREATE_VARIABLES }),
    check: (json) => {
      const result = dataOf(json)?.createComplaint as { __typename?: string; id?: unknown } | undefined;
      if (!result) return 'no data.createComplaint';
      if (result.__typename !== 'Complaint') return `createComplaint returned ${String(result.__typename)}`;
      return typeof result.id === 'string' ? null : 'Complaint without id';
    },
    accept: (json) => ids.push((dataOf(json)!.createComplaint as { id: string }).id),
  };
  const read: Omit<PhaseOptions, 'seconds' | 'name'> = {
    ...typename,
    body: () => ({ query: READ_QUERY, variables: { id: ids[nextId++ % ids.length] } }),
    check: (json) => {
      const complaint = dataOf(json)?.complaint as { id?: unknown; data?: unknown } | null | undefined;
      if (!complaint) return 'no data.complaint';
      return typeof complaint.id === 'string' && complaint.data && typeof complaint.data === 'object' ? null : 'complaint without id or data';
    },
  };

  const phases: PhaseResult[] = [];
  const warmups: PhaseResult[] = [];
  const measure = async (name: string, options: Omit<PhaseOptions, 'seconds' | 'name'>) => {
    if (WARMUP_SECONDS > 0) {
      log(`bench: ${name} warm-up...`);
      warmups.push(await runPhase({ ...options, name: `${name} (warm-up)`, seconds: WARMUP_SECONDS }));
    }
    log(`bench: ${name}...`);
    const result = await runPhase({ ...options, name, seconds: SECONDS });
    phases.push(result);
    return result;
  };

  // 3. Phases.
  const typenameResult = await measure('{ __typename }', typename);
  const createResult = await measure('createComplaint', create);
  let readResult: PhaseResult | null = null;
  if (ids.length) readResult = await measure('complaint(id)', read);
  else log('bench: no complaint was created; skipping complaint(id)');

  // 3b. Stage-1 lifecycle: workers in this process, one complaint from create to CLOSED after another.
  let lifecycleResult: LifecycleResult | null = null;
  const lifecycleWarmups: LifecycleResult[] = [];
  if (!SKIP_LIFECYCLE) {
    const lifecycleOptions: Omit<LifecycleOptions, 'seconds' | 'name'> = {
      url,
      apiKey: API_KEY,
      workers: CONNECTIONS,
      createData: CREATE_VARIABLES.input.data,
      serverPid: server.pid,
    };
    if (WARMUP_SECONDS > 0) {
      log('bench: stage-1 lifecycle warm-up...');
      lifecycleWarmups.push(await runLifecycle({ ...lifecycleOptions, name: 'stage-1 lifecycle (warm-up)', seconds: WARMUP_SECONDS }));
    }
    log('bench: stage-1 lifecycle...');
    lifecycleResult = await runLifecycle({ ...lifecycleOptions, name: 'stage-1 lifecycle', seconds: SECONDS });
  }

  // 4. Memory, then stop.
  const serverPeakRssKb = procStatusKb(server.pid, 'VmHWM');
  log('bench: stopping server...');
  const stopped = await server.stop();
  const harnessPeakRssKb = procStatusKb('self', 'VmHWM');
  const dbAfter = await inspectServerDb(serverDb);

  // 5. Report.
  const failures: string[] = [];
  for (const phase of [...warmups, ...phases]) {
    if (phase.errors.total === 0) continue;
    failures.push(
      `${phase.name}: ${phase.errors.total} errors (non-2xx ${JSON.stringify(phase.errors.non2xx)}, bad body ${phase.errors.bad}, transport ${phase.errors.transport}, timeouts ${phase.errors.timeouts})` +
        phase.errors.examples.map((e) => `\n    e.g. ${e}`).join(''),
    );
  }
  if (!readResult) failures.push('complaint(id): not run (no complaint created)');
  for (const l of [...lifecycleWarmups, ...(lifecycleResult ? [lifecycleResult] : [])]) {
    const e = l.errors;
    if (e.total === 0) continue;
    const refused = Object.entries(e.refused).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    failures.push(
      `${l.name}: ${e.total} errors (non-2xx ${JSON.stringify(e.non2xx)}, bad body ${e.bad}, refused: ${refused}, wrong status/shape ${e.wrongShape}, transport ${e.transport})` +
        e.examples.map((x) => `\n    e.g. ${x}`).join(''),
    );
  }
  if (lifecycleResult && lifecycleResult.lifecycles === 0) failures.push('stage-1 lifecycle: no lifecycle reached CLOSED within the phase');
  if (stopped.code !== 0) failures.push(`server shutdown: exit ${stopped.code ?? stopped.signal}${stopped.killed ? ' (killed after timeout)' : ''}`);

  const createRatio = raw.rowsPerSec > 0 ? round(createResult.rps / raw.rowsPerSec, 3) : null;
  const readRatio = readResult && typenameResult.rps > 0 ? round(readResult.rps / typenameResult.rps, 3) : null;
  const mib = (kb: number | null) => (kb === null ? 'n/a' : `${(kb / 1024).toFixed(1)} MiB`);
  const pct = (x: number | null) => (x === null ? 'n/a' : `${x}%`);

  const header = ['phase', 'rate/s', 'p50 ms', 'p99 ms', 'mean ms', 'count', 'errors', 'srv CPU', 'gen CPU', 'ratio'];
  const rows: string[][] = [
    [
      'raw SQLite insert (serial)',
      raw.rowsPerSec.toFixed(1),
      raw.latency.p50Ms.toFixed(2),
      raw.latency.p99Ms.toFixed(2),
      raw.latency.meanMs.toFixed(2),
      String(raw.rows),
      '0',
      '-',
      '-',
      'baseline (writes)',
    ],
  ];
  const phaseRow = (p: PhaseResult, ratio: string): string[] => [
    p.name,
    p.rps.toFixed(1),
    p.latency.p50Ms.toFixed(2),
    p.latency.p99Ms.toFixed(2),
    p.latency.meanMs.toFixed(2),
    String(p.requests),
    String(p.errors.total),
    pct(p.serverCpuPct),
    pct(p.harnessCpuPct),
    ratio,
  ];
  rows.push(phaseRow(typenameResult, 'baseline (reads)'));
  rows.push(phaseRow(createResult, createRatio === null ? '-' : `${createRatio.toFixed(3)} x raw insert`));
  if (readResult) rows.push(phaseRow(readResult, readRatio === null ? '-' : `${readRatio.toFixed(3)} x __typename`));
  const lifecycleRatio = lifecycleResult && createResult.rps > 0 ? round(lifecycleResult.mutationsPerSec / createResult.rps, 3) : null;

  const out: string[] = [];
  out.push(
    `HTTP: ${SECONDS} s per phase after ${WARMUP_SECONDS} s warm-up; ${CONNECTIONS} connections (autocannon, in the harness process); ` +
      `SQLite ${raw.sqliteVersion}, journal_mode=${raw.journalMode}, synchronous=${raw.synchronous === 2 ? 'FULL' : raw.synchronous}; server start-up ${startupMs} ms`,
  );
  out.push('');
  out.push(...formatTable(header, rows));
  out.push('');
  out.push('  rate/s: completed requests (or rows) per second; latency over every request, from send to end of response.');
  out.push('  srv CPU / gen CPU: CPU of the server / of the harness (load generator) during the phase, % of one core (2 cores = 200%).');
  out.push(`  raw SQLite insert: one autocommitted INSERT at a time, sqlite3 module, fresh file, no server running.`);
  if (lifecycleResult) out.push('', ...lifecycleReport(lifecycleResult, lifecycleRatio));
  else out.push('', 'stage-1 lifecycle: skipped (BENCH_SKIP_LIFECYCLE=1)');
  out.push('');
  out.push(`peak RSS (VmHWM): server ${mib(serverPeakRssKb)}, harness ${mib(harnessPeakRssKb)}, raw-insert child ${mib(raw.peakRssKb)}`);
  const lifecycleCreates = [...lifecycleWarmups, ...(lifecycleResult ? [lifecycleResult] : [])].reduce((n, l) => n + l.complaintsCreated, 0);
  if (dbAfter) {
    out.push(
      `server database after the run: ${dbAfter.complaints} complaints, ${dbAfter.events} events, journal_mode=${dbAfter.journalMode} ` +
        `(${ids.length} creates answered Complaint` +
        (SKIP_LIFECYCLE ? '' : `, plus ${lifecycleCreates} in the lifecycle phase`) +
        `; in-flight requests cut off at the end of a phase may add a few rows)`,
    );
  }
  out.push(`server shutdown: exit ${stopped.code ?? stopped.signal} after ${stopped.ms} ms${stopped.killed ? ' (KILLED)' : ''}`);

  const phaseJson = (p: PhaseResult | null) =>
    p && {
      rps: p.rps,
      p50Ms: p.latency.p50Ms,
      p99Ms: p.latency.p99Ms,
      meanMs: p.latency.meanMs,
      maxMs: p.latency.maxMs,
      requests: p.requests,
      seconds: p.seconds,
      errors: p.errors.total,
      serverCpuPct: p.serverCpuPct,
      harnessCpuPct: p.harnessCpuPct,
    };
  return {
    lines: out,
    failures,
    json: {
      sqlite: { version: raw.sqliteVersion, journalMode: raw.journalMode, synchronous: raw.synchronous },
      rawInsert: { rowsPerSec: raw.rowsPerSec, p50Ms: raw.latency.p50Ms, p99Ms: raw.latency.p99Ms, meanMs: raw.latency.meanMs, maxMs: raw.latency.maxMs, rows: raw.rows, seconds: raw.seconds },
      typename: phaseJson(typenameResult),
      createComplaint: { ...phaseJson(createResult), ratioToRawInsert: createRatio },
      complaintById: readResult && { ...phaseJson(readResult), ratioToTypename: readRatio },
      lifecycle: lifecycleResult && lifecycleJson(lifecycleResult, lifecycleRatio),
      peakRssKb: { server: serverPeakRssKb, harness: harnessPeakRssKb, rawInsertChild: raw.peakRssKb },
      serverStartupMs: startupMs,
      serverDb: dbAfter,
    },
  };
}

interface SubscriptionReport {
  rounds: SubscriptionRound[];
  idleRssKb: number | null;
  failures: string[];
}

async function runSubscriptions(): Promise<SubscriptionReport> {
  const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'complaint-subscriptions-'));
  const subscriptionServer = await startServer({ root: ROOT, dbFile: join(dir, 'bench.db'), apiKey: API_KEY, nodeArgs: SERVER_NODE_ARGS });
  try {
    const url = `${subscriptionServer.origin}/graphql`;
    const idleRssKb = procStatusKb(subscriptionServer.pid, 'VmRSS');
    const rounds: SubscriptionRound[] = [];
    const failures: string[] = [];
    for (const subscribers of [1, SUBSCRIBERS]) {
      log(`bench: subscriptions, ${subscribers} subscriber(s), ${SUBSCRIPTION_EVENTS} events...`);
      const round = await runSubscriptionRound({ url, apiKey: API_KEY, serverPid: subscriptionServer.pid, subscribers, events: SUBSCRIPTION_EVENTS, createVariables: CREATE_VARIABLES });
      if (round.received !== round.expected) failures.push(`subscriptions (${subscribers}): ${round.received} of ${round.expected} deliveries arrived`);
      rounds.push(round);
    }
    return { rounds, idleRssKb, failures };
  } finally {
    await subscriptionServer.stop(10_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

function subscriptionReport(r: SubscriptionReport): string[] {
  const mib = (kb: number | null) => (kb === null ? 'n/a' : `${(kb / 1024).toFixed(1)} MiB`);
  const base = r.rounds[0];
  const rows = r.rounds.map((x, i) => [
    `${x.subscribers} subscriber(s)`,
    String(x.events),
    `${x.received}/${x.expected}`,
    x.latency.p50Ms.toFixed(2),
    x.latency.p99Ms.toFixed(2),
    x.latency.maxMs.toFixed(2),
    x.mutation.p50Ms.toFixed(2),
    x.deliveriesPerSec.toFixed(0),
    mib(x.serverRssKb),
    i === 0 ? 'baseline' : `p50 ${round(x.latency.p50Ms / Math.max(base.latency.p50Ms, 0.01))} x, p99 ${round(x.latency.p99Ms / Math.max(base.latency.p99Ms, 0.01))} x baseline`,
  ]);
  return [
    `subscriptions (graphql-ws, one connection per subscriber, each subscribed to events(filter: complaint.created); a writer commits one complaint at a time; fresh server, idle RSS ${mib(r.idleRssKb)})`,
    ...formatTable(['round', 'events', 'delivered', 'p50 ms', 'p99 ms', 'max ms', 'mutation p50', 'deliveries/s', 'server RSS', 'ratio'], rows),
    '  latency: mutation sent -> event at the subscriber (an upper bound of commit -> subscriber); mutation p50: its own round trip.',
  ];
}

async function main(): Promise<number> {
  if (SKIP_HTTP && SKIP_TEMPLATES && SKIP_SCHEDULER && SKIP_STATS && SKIP_SUBSCRIPTIONS && SKIP_WEBHOOKS) throw new Error('every phase is skipped (BENCH_SKIP_*): nothing to run');
  const tmp = SKIP_HTTP ? null : mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'complaint-bench-'));
  const onSignal = () => {
    server?.child.kill('SIGKILL');
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    if (tmp) log(`bench: ${SECONDS} s per phase, ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections; temp dir ${tmp}`);
    if (tmp && SERVER_NODE_ARGS.length) log(`bench: server node arguments: ${SERVER_NODE_ARGS.join(' ')}`);
    const failures: string[] = [];

    // 0. Template engine, in its own process, before anything else runs.
    let templates: TemplateBenchResult | null = null;
    if (!SKIP_TEMPLATES) {
      log(`bench: template engine microbenchmark (child process, ${TEMPLATE_ITERATIONS} timed calls per operation)...`);
      try {
        templates = await runTemplateBench({ root: ROOT, iterations: TEMPLATE_ITERATIONS, compileRuns: TEMPLATE_COMPILE_RUNS, loadRuns: TEMPLATE_LOAD_RUNS });
        failures.push(...templates.failures.map((f) => `templates: ${f}`));
      } catch (error) {
        failures.push(`templates: ${(error as Error).message}`);
      }
    }

    // Scheduler tick over a million open timers, in its own process.
    let scheduler: SchedulerBenchResult | null = null;
    if (!SKIP_SCHEDULER) {
      const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'complaint-scheduler-'));
      log(`bench: scheduler tick (child process, ${SCHEDULER_OPEN} open timers, ${SCHEDULER_DUE} due per tick)...`);
      try {
        scheduler = await runSchedulerBench({ root: ROOT, dir, open: SCHEDULER_OPEN, due: SCHEDULER_DUE, runs: 5 });
        failures.push(...scheduler.failures.map((f) => `scheduler: ${f}`));
      } catch (error) {
        failures.push(`scheduler: ${(error as Error).message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    // Statistics queries over a million complaint facts, in their own process.
    let stats: StatsBenchResult | null = null;
    if (!SKIP_STATS) {
      const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'complaint-stats-'));
      log(`bench: statistics queries (child process, ${STATS_COMPLAINTS} complaints, ${STATS_RUNS} runs per query)...`);
      try {
        stats = await runStatsBench({ root: ROOT, dir, complaints: STATS_COMPLAINTS, runs: STATS_RUNS });
        failures.push(...stats.failures.map((f) => `stats: ${f}`));
      } catch (error) {
        failures.push(`stats: ${(error as Error).message}`);
      } finally {
        if (process.env.BENCH_KEEP_TMP === '1') log(`bench: statistics database kept in ${dir}`);
        else rmSync(dir, { recursive: true, force: true });
      }
    }

    // 1-5. HTTP.
    const http = tmp ? await runHttp(tmp) : null;
    if (http) failures.push(...http.failures);

    // 6. Subscriptions: commit -> subscriber latency with one subscriber (baseline) and with many, on a fresh server.
    let subscriptions: SubscriptionReport | null = null;
    if (!SKIP_SUBSCRIPTIONS) {
      try {
        subscriptions = await runSubscriptions();
        failures.push(...subscriptions.failures);
      } catch (error) {
        failures.push(`subscriptions: ${(error as Error).message}`);
      }
    }

    // Webhook deliveries per second to a local receiver, on a server of their own.
    let webhooks: WebhookBenchResult | null = null;
    if (!SKIP_WEBHOOKS) {
      const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'complaint-webhooks-'));
      try {
        webhooks = await runWebhookBench({ root: ROOT, dir, apiKey: API_KEY, events: WEBHOOK_EVENTS, log });
        failures.push(...webhooks.failures);
      } catch (error) {
        failures.push(`webhooks: ${(error as Error).message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    const out: string[] = [];
    out.push('');
    out.push(`complaint-qms benchmark — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${process.platform}`);
    if (SKIP_TEMPLATES) out.push('  template phase skipped (BENCH_SKIP_TEMPLATES=1)');
    if (SKIP_HTTP) out.push('  HTTP phases skipped (BENCH_SKIP_HTTP=1)');
    if (templates) out.push('', ...templateReport(templates));
    if (scheduler) out.push('', ...schedulerReport(scheduler));
    if (stats) out.push('', ...statsReport(stats));
    if (http) out.push('', ...http.lines);
    if (subscriptions) out.push('', ...subscriptionReport(subscriptions));
    if (webhooks) out.push('', ...webhookReport(webhooks));
    else if (SKIP_WEBHOOKS) out.push('', 'webhook phase skipped (BENCH_SKIP_WEBHOOKS=1)');
    out.push('');
    if (failures.length) {
      out.push(`FAILED: ${failures.length} problem(s)`);
      for (const f of failures) out.push(`  ${f}`);
    } else out.push(http ? 'OK: every response had the expected shape' : 'OK');
    out.push('');

    const json = {
      bench: 'complaint-qms',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      ...(http?.json ?? HTTP_SKIPPED_JSON),
      templates,
      scheduler,
      stats: stats && { ...stats, queries: stats.queries.map(({ statements, ...q }) => ({ ...q, statements: statements.map((st) => ({ medianMs: st.medianMs, plan: st.plan })) })) },
      subscriptions: subscriptions && { idleServerRssKb: subscriptions.idleRssKb, rounds: subscriptions.rounds },
      webhooks,
      failures: failures.length,
    };
    out.push(JSON.stringify(json));
    process.stdout.write(`${out.join('\n')}\n`);
    return failures.length ? 1 : 0;
  } finally {
    if (server && server.child.exitCode === null && server.child.signalCode === null) await server.stop(5_000);
    if (tmp && process.env.BENCH_KEEP_TMP !== '1') rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
