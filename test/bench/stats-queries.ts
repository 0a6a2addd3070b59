/**
 * Statistics query cost, run as a child process of run.ts on the built server code (dist/): a durable SQLite
 * database (WAL, synchronous=FULL) migrated with the real migrations and filled with `complaints`
 * complaint_fact rows of one tenant (plus a small second tenant, and shipments per product and month) by
 * bulk INSERTs; then the dashboard's queries through the real StatsService (in-process, no HTTP), each
 * timed over `runs` runs after a warm-up, beside raw sqlite3 queries over the same table as the baseline.
 *
 * Input: argv[2] is JSON {root, dir, complaints, runs}. Output: one IPC message (StatsBenchResult).
 */
import { fork } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sqlite3 = require('sqlite3');
import { FACT_COLUMNS, factDays, profileRows, shipmentRows, type DataProfile, type Tally, type LocalKeys } from './stats-data';
import { connector, procStatusKb, round, summarize, type Summary } from './stats';

export interface StatsBenchRequest {
  root: string;
  dir: string;
  complaints: number;
  runs: number;
  /** Internal: set when this process is the seeding grandchild. */
  seedOnly?: boolean;
}

/** What the seeding process reports (it runs in a process of its own so its memory is not the queries'). */
interface SeedResult {
  profile: DataProfile;
  other: number;
  shipments: number;
  keysChecked: number;
  seconds: number;
  peakRssKb: number | null;
  failures: string[];
}

export interface StatementFigures {
  sql: string;
  params: unknown[];
  /** EXPLAIN QUERY PLAN, one line per node, indented by depth. */
  plan: string[];
  medianMs: number;
}

export interface QueryFigures {
  name: string;
  /** One line: what is asked, in GraphQL terms (or the raw SQL for a baseline). */
  call: string;
  latency: Summary;
  /** The SQL statements one call ran, in order, each with its own median. */
  statements: StatementFigures[];
  /** Groups or items returned. */
  resultSize: number;
}

export interface StatsBenchResult {
  complaints: number;
  otherTenantComplaints: number;
  shipments: number;
  timeZone: string;
  now: string;
  runs: number;
  profile: DataProfile;
  seedSeconds: number;
  seedRowsPerSec: number;
  /** Keys computed by the hour cache that were compared with the app's localKeys, and how many differed. */
  keysChecked: number;
  fileBytes: number;
  /** Bytes per table and index (dbstat). */
  objects: Array<{ name: string; bytes: number }>;
  queries: QueryFigures[];
  dashboardTotalMs: number;
  baselines: QueryFigures[];
  peakRssKb: { seed: number | null; queries: number | null };
  sqliteVersion: string;
  failures: string[];
}

type Row = Record<string, unknown>;
interface Em {
  execute(sql: string, params?: unknown[]): Promise<Row[]>;
}
interface Db {
  migrate(): Promise<string[]>;
  close(): Promise<void>;
  forTenant(tenantId: string): Em;
}
interface Group {
  key: Array<{ value: string | null }>;
  count: number;
}
interface StatsServiceLike {
  complaintStats(ctx: unknown, filter: unknown, groupBy: string[]): Promise<{ total?: { count: number }; groups?: Group[]; problems?: unknown }>;
  pareto(ctx: unknown, dimension: string, filter: unknown): Promise<{ total?: number; items?: unknown[]; problems?: unknown }>;
  ppm(ctx: unknown, filter: unknown, groupBy: string[], numerator: string): Promise<{ total?: { shippedQuantity: number; complaintCount: number }; groups?: unknown[]; problems?: unknown }>;
}
interface Modules {
  Database: { connect(database: unknown): Promise<Db> };
  /** The third argument, the template service, is read only by pareto with measure COST (not measured here). */
  StatsService: new (db: Db, clock: unknown, templates: unknown) => StatsServiceLike;
  ManualClock: new (start: Date) => unknown;
  localKeys: (at: Date, timeZone: string) => LocalKeys;
  DateTime: {
    fromObject(o: { year: number; month: number; day: number }, opts: { zone: string }): { toMillis(): number; plus(d: { days: number }): { toMillis(): number } };
    fromMillis(ms: number, opts: { zone: string }): { offset: number; year: number; month: number; day: number };
  };
}

function load(root: string): Modules {
  require('reflect-metadata');
  const dist = (file: string) => require(join(root, 'dist', file));
  return {
    Database: connector(dist),
    StatsService: dist('stats/stats.service.js').StatsService,
    ManualClock: dist('scheduler/clock.js').ManualClock,
    localKeys: dist('stats/complaint-facts.js').localKeys,
    DateTime: require(join(root, 'node_modules/luxon')).DateTime,
  };
}

/** The organization template's calendar time zone (templates/organization.json). */
const TIME_ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-11-23T02:00:00Z');
const TENANT = '6d1f5a52-0000-4000-8000-00000000000a';
const OTHER_TENANT = '6d1f5a52-0000-4000-8000-00000000000b';
/** The second tenant's size: small, so any cost it adds to the first tenant's queries would be index misuse. */
const OTHER_TENANT_SHARE = 0.01;
const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 100_000;
/** Shipped quantity per month over all products: defective PPM in the hundreds. */
const MONTHLY_SHIPPED = 5_000_000_000;

/** The dashboard's date ranges: the last 12 and 3 local months, the current one included. */
const LAST_12_MONTHS = { from: '2025-12-01', to: '2026-11-30' };
const LAST_3_MONTHS = { from: '2026-09-01', to: '2026-11-30' };

/** Local keys as the app computes them, cached per UTC hour where the zone's offset does not change within it. */
function keyCache(m: Modules): { keysAt(ms: number): LocalKeys; checked(): number; check(ms: number): void; mismatches: string[] } {
  const cache = new Map<number, LocalKeys | null>();
  const mismatches: string[] = [];
  let checked = 0;
  return {
    keysAt(ms) {
      const hour = Math.floor(ms / 3_600_000);
      let keys = cache.get(hour);
      if (keys === undefined) {
        const start = hour * 3_600_000;
        const end = start + 3_599_999;
        const a = m.localKeys(new Date(start), TIME_ZONE);
        const b = m.localKeys(new Date(end), TIME_ZONE);
        const steady = m.DateTime.fromMillis(start, { zone: TIME_ZONE }).offset === m.DateTime.fromMillis(end, { zone: TIME_ZONE }).offset;
        keys = steady && a.day === b.day ? a : null;
        cache.set(hour, keys);
      }
      return keys ?? m.localKeys(new Date(ms), TIME_ZONE);
    },
    check(ms) {
      checked++;
      const expected = m.localKeys(new Date(ms), TIME_ZONE);
      const got = this.keysAt(ms);
      if (expected.day !== got.day || expected.month !== got.month || expected.week !== got.week) mismatches.push(`${new Date(ms).toISOString()}: ${JSON.stringify(got)} != ${JSON.stringify(expected)}`);
    },
    checked: () => checked,
    mismatches,
  };
}

/** Local midnights of the days from `now` - 730 days to `now` (inclusive), plus the next one. */
function dayStarts(m: Modules): number[] {
  const last = m.DateTime.fromMillis(NOW.getTime(), { zone: TIME_ZONE });
  const first = m.DateTime.fromMillis(NOW.getTime() - 730 * 86_400_000, { zone: TIME_ZONE });
  const starts: number[] = [];
  let day = m.DateTime.fromObject({ year: first.year, month: first.month, day: first.day }, { zone: TIME_ZONE });
  const end = m.DateTime.fromObject({ year: last.year, month: last.month, day: last.day }, { zone: TIME_ZONE }).plus({ days: 1 }).toMillis();
  for (;;) {
    starts.push(day.toMillis());
    if (day.toMillis() >= end) return starts;
    day = day.plus({ days: 1 }) as typeof day;
  }
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, mo] = first.split('-').map(Number);
  for (;;) {
    const key = `${y}-${String(mo).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) return out;
    if (++mo > 12) {
      mo = 1;
      y++;
    }
  }
}

// --- sqlite3 helpers (the same module the ORM's driver uses) ---
const open = (file: string, mode?: number) =>
  new Promise<sqlite3.Database>((res, rej) => {
    const db: sqlite3.Database = new sqlite3.Database(file, mode ?? sqlite3.OPEN_READWRITE, (err) => (err ? rej(err) : res(db)));
  });
const all = <T = Row>(db: sqlite3.Database, sql: string, params: unknown[] = []) =>
  new Promise<T[]>((res, rej) => db.all(sql, params, (err: Error | null, rows: T[]) => (err ? rej(err) : res(rows))));
const exec = (db: sqlite3.Database, sql: string) => new Promise<void>((res, rej) => db.exec(sql, (err) => (err ? rej(err) : res())));
const closeDb = (db: sqlite3.Database) => new Promise<void>((res, rej) => db.close((err) => (err ? rej(err) : res())));
const prepare = (db: sqlite3.Database, sql: string) =>
  new Promise<sqlite3.Statement>((res, rej) => {
    const stmt: sqlite3.Statement = db.prepare(sql, (err) => (err ? rej(err) : res(stmt)));
  });
const run = (stmt: sqlite3.Statement, params: unknown[]) => new Promise<void>((res, rej) => stmt.run(params, (err) => (err ? rej(err) : res())));
const finalize = (stmt: sqlite3.Statement) => new Promise<void>((res) => stmt.finalize(() => res()));

/** Inserts rows with one prepared multi-row INSERT per full batch, in transactions of ROWS_PER_TRANSACTION. */
class BulkInsert {
  private pending: unknown[][] = [];
  private inTransaction = 0;
  private full?: sqlite3.Statement;

  constructor(
    private readonly db: sqlite3.Database,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  private sql(n: number): string {
    const row = `(${this.columns.map(() => '?').join(', ')})`;
    return `insert into ${this.table} (${this.columns.join(', ')}) values ${Array.from({ length: n }, () => row).join(', ')}`;
  }

  async add(rows: unknown[][]): Promise<void> {
    for (const r of rows) this.pending.push(r);
    while (this.pending.length >= ROWS_PER_INSERT) await this.write(this.pending.splice(0, ROWS_PER_INSERT));
  }

  private async write(rows: unknown[][]): Promise<void> {
    if (this.inTransaction === 0) await exec(this.db, 'begin immediate');
    const params = rows.flat();
    if (rows.length === ROWS_PER_INSERT) {
      this.full ??= await prepare(this.db, this.sql(ROWS_PER_INSERT));
      await run(this.full, params);
    } else {
      const stmt = await prepare(this.db, this.sql(rows.length));
      await run(stmt, params);
      await finalize(stmt);
    }
    this.inTransaction += rows.length;
    if (this.inTransaction >= ROWS_PER_TRANSACTION) await this.commit();
  }

  private async commit(): Promise<void> {
    if (this.inTransaction === 0) return;
    await exec(this.db, 'commit');
    this.inTransaction = 0;
  }

  async end(): Promise<void> {
    if (this.pending.length) await this.write(this.pending.splice(0));
    await this.commit();
    if (this.full) await finalize(this.full);
  }
}

async function seed(m: Modules, file: string, complaints: number, failures: string[]): Promise<Omit<SeedResult, 'seconds' | 'peakRssKb' | 'failures'>> {
  const keys = keyCache(m);
  const starts = dayStarts(m);
  const other = Math.max(100, Math.round(complaints * OTHER_TENANT_SHARE));
  const db = await open(file);
  try {
    // A bigger page cache than the app's default for the load only (random UUIDs into the primary key index).
    await exec(db, 'PRAGMA synchronous = FULL; PRAGMA cache_size = -262144;');
    const facts = new BulkInsert(db, 'complaint_fact', FACT_COLUMNS);
    const profile: Tally = { rows: 0, closed: 0, rejected: 0, reopened: 0, satisfaction: 0, claimed: 0, byCategory: new Map<string | null, number>() };
    const mine = factDays({ seed: 1, tenantId: TENANT, count: complaints, dayStarts: starts, now: NOW.getTime(), keysAt: keys.keysAt });
    const theirs = factDays({ seed: 2, tenantId: OTHER_TENANT, count: other, dayStarts: starts, now: NOW.getTime(), keysAt: keys.keysAt });
    let n = 0;
    for (;;) {
      const a = mine.next();
      const b = theirs.next();
      if (a.done || b.done) break;
      profileRows(a.value, profile);
      for (const r of a.value) if (n++ % 997 === 0) keys.check(r[2] as number);
      // Both tenants' complaints of the day in order of receipt, as the app would have recorded them.
      await facts.add([...a.value, ...b.value].sort((x, y) => (x[2] as number) - (y[2] as number)));
    }
    await facts.end();
    const months = monthsBetween(keys.keysAt(starts[0]).month, keys.keysAt(NOW.getTime()).month);
    const ships = new BulkInsert(db, 'shipment', ['id', 'tenant_id', 'product_key', 'customer_key', 'period', 'quantity', 'updated_at', 'updated_by']);
    const mineShipments = shipmentRows(3, TENANT, months, MONTHLY_SHIPPED, NOW.getTime());
    await ships.add(mineShipments);
    await ships.add(shipmentRows(4, OTHER_TENANT, months, MONTHLY_SHIPPED / 100, NOW.getTime()).slice(0, 1_000));
    await ships.end();
    await exec(db, 'PRAGMA wal_checkpoint(TRUNCATE)');
    failures.push(...keys.mismatches.slice(0, 5).map((x) => `local keys differ from localKeys: ${x}`));
    const sorted = [...profile.byCategory.entries()].filter(([k]) => k !== null).sort((x, y) => y[1] - x[1]);
    const { byCategory: _, ...counts } = profile;
    return {
      profile: {
        ...counts,
        categories: sorted.length,
        topCategoryShare: round(sorted[0][1] / profile.rows, 3),
        top3CategoryShare: round(sorted.slice(0, 3).reduce((s, [, c]) => s + c, 0) / profile.rows, 3),
      },
      other,
      shipments: mineShipments.length + 1_000,
      keysChecked: keys.checked(),
    };
  } finally {
    await closeDb(db);
  }
}

/** Migrates and fills the database; in the seeding process. */
async function seedProcess(request: StatsBenchRequest): Promise<SeedResult> {
  const m = load(request.root);
  const file = join(request.dir, 'stats.db');
  const migrated = await m.Database.connect({ kind: 'sqlite', file, synchronous: 'FULL' });
  await migrated.migrate();
  await migrated.close();
  const failures: string[] = [];
  const started = performance.now();
  const seeded = await seed(m, file, request.complaints, failures);
  return { ...seeded, seconds: (performance.now() - started) / 1000, peakRssKb: procStatusKb('self', 'VmHWM'), failures };
}

/** Runs the seeding in a child process of this one and waits for its report. */
function seedInChild(request: StatsBenchRequest): Promise<SeedResult> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(__filename, [JSON.stringify({ ...request, seedOnly: true })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: SeedResult | undefined;
    child.once('message', (message) => (result = message as SeedResult));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 && result ? resolvePromise(result) : reject(new Error(`seeding exited with ${code ?? signal}`))));
  });
}

interface Captured {
  sql: string;
  params: unknown[];
  ms: number;
}

interface Measured {
  name: string;
  call: string;
  fn: () => Promise<number>;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as StatsBenchRequest;
  if (request.seedOnly) {
    const seeded = await seedProcess(request);
    process.send!(seeded, () => process.exit(0));
    return;
  }
  const seeded = await seedInChild(request);
  const m = load(request.root);
  const failures: string[] = [...seeded.failures];
  const file = join(request.dir, 'stats.db');

  // The service as the server builds it (app.ts), on a fresh ORM connection with the app's pragmas.
  const database = await m.Database.connect({ kind: 'sqlite', file, synchronous: 'FULL' });
  const service = new m.StatsService(database, new m.ManualClock(NOW), null);
  let captured: Captured[] = [];
  /** A request's context as far as StatsService reads it, with an entity manager whose SQL is recorded. */
  const context = () => {
    const em = database.forTenant(TENANT);
    const execute = em.execute.bind(em);
    em.execute = async (sql: string, params: unknown[] = []) => {
      const started = performance.now();
      const rows = await execute(sql, params);
      captured.push({ sql, params, ms: performance.now() - started });
      return rows;
    };
    return { requestId: 'bench', locale: 'en', tenant: { id: TENANT, slug: 'bench' }, principal: { id: 'bench', name: 'bench', roles: ['admin'] }, em };
  };
  const expectCount = (what: string, got: number | undefined, expected: number) => {
    if (got !== expected) failures.push(`${what}: ${got} complaints, expected ${expected}`);
  };
  const direct = await open(file, sqlite3.OPEN_READONLY);
  const rawCount = async (range: { from: string; to: string } | null, tenant = TENANT) =>
    Number(
      (await all<{ n: number }>(direct, `select count(*) as n from complaint_fact where tenant_id = ?${range ? ' and received_day between ? and ?' : ''}`, range ? [tenant, range.from, range.to] : [tenant]))[0].n,
    );
  const in12 = await rawCount(LAST_12_MONTHS);
  const in3 = await rawCount(LAST_3_MONTHS);
  expectCount('complaint_fact rows of the measured tenant', await rawCount(null), request.complaints);
  expectCount("complaint_fact rows of the second tenant", await rawCount(null, OTHER_TENANT), seeded.other);

  const dashboard: Measured[] = [
    {
      name: 'stats by month, 12 months',
      call: `complaintStats(filter: {dateRange: ${LAST_12_MONTHS.from}..${LAST_12_MONTHS.to}}, groupBy: [MONTH])`,
      fn: async () => {
        const r = await service.complaintStats(context(), { dateRange: LAST_12_MONTHS }, ['MONTH']);
        expectCount('complaintStats 12 months total', r.total?.count, in12);
        return r.groups?.length ?? -1;
      },
    },
    {
      name: 'stats by category, 3 months',
      call: `complaintStats(filter: {dateRange: ${LAST_3_MONTHS.from}..${LAST_3_MONTHS.to}}, groupBy: [CATEGORY])`,
      fn: async () => {
        const r = await service.complaintStats(context(), { dateRange: LAST_3_MONTHS }, ['CATEGORY']);
        expectCount('complaintStats 3 months total', r.total?.count, in3);
        return r.groups?.length ?? -1;
      },
    },
    {
      name: 'pareto by category, 12 months',
      call: `pareto(dimension: CATEGORY, filter: {dateRange: ${LAST_12_MONTHS.from}..${LAST_12_MONTHS.to}})`,
      fn: async () => {
        const r = await service.pareto(context(), 'CATEGORY', { dateRange: LAST_12_MONTHS });
        expectCount('pareto 12 months total', r.total, in12);
        return r.items?.length ?? -1;
      },
    },
    {
      name: 'ppm by month, 12 months',
      call: `ppm(filter: {dateRange: ${LAST_12_MONTHS.from}..${LAST_12_MONTHS.to}}, groupBy: [MONTH], numerator: CLAIMED)`,
      fn: async () => {
        const r = await service.ppm(context(), { dateRange: LAST_12_MONTHS }, ['MONTH'], 'CLAIMED');
        expectCount('ppm 12 months complaintCount', r.total?.complaintCount, in12);
        if (!(Number(r.total?.shippedQuantity) > 0)) failures.push('ppm: no shipped quantity');
        return r.groups?.length ?? -1;
      },
    },
    {
      name: 'stats, whole range',
      call: 'complaintStats (no filter, no groupBy)',
      fn: async () => {
        const r = await service.complaintStats(context(), null, []);
        expectCount('complaintStats whole range total', r.total?.count, request.complaints);
        return 1;
      },
    },
  ];
  const rawQuery = (sql: string, params: unknown[]) => async () => (await all(direct, sql, params)).length;
  const baselines: Array<Measured & { sql: string; params: unknown[] }> = [
    { name: 'raw full-scan group by', call: '', sql: 'select category, count(*) from complaint_fact group by category', params: [], fn: async () => 0 },
    {
      name: 'raw range count + sum, 12 months',
      call: '',
      sql: 'select count(*), sum(cycle_seconds) from complaint_fact where tenant_id = ? and received_day between ? and ?',
      params: [TENANT, LAST_12_MONTHS.from, LAST_12_MONTHS.to],
      fn: async () => 0,
    },
  ];
  for (const b of baselines) {
    b.call = b.sql;
    b.fn = rawQuery(b.sql, b.params);
  }

  /** Times every query once per round (warm-up round first, not kept), taking turns so caches favour none. */
  const timings = new Map<string, number[]>();
  const statementTimings = new Map<string, number[][]>();
  const statements = new Map<string, Captured[]>();
  const sizes = new Map<string, number>();
  for (let round = 0; round <= request.runs; round++) {
    for (const q of [...dashboard, ...baselines]) {
      captured = [];
      const started = performance.now();
      const size = await q.fn();
      const ms = performance.now() - started;
      if (round === 0) {
        statements.set(q.name, captured);
        sizes.set(q.name, size);
        continue;
      }
      (timings.get(q.name) ?? timings.set(q.name, []).get(q.name)!).push(ms);
      const per = statementTimings.get(q.name) ?? statementTimings.set(q.name, []).get(q.name)!;
      captured.forEach((c, i) => (per[i] ??= []).push(c.ms));
    }
  }
  const queryRss = procStatusKb('self', 'VmHWM');

  const planOf = async (sql: string, params: unknown[]) => {
    const rows = await all<{ id: number; parent: number; detail: string }>(direct, `explain query plan ${sql}`, params);
    const depth = new Map<number, number>([[0, 0]]);
    return rows.map((r) => {
      const d = (depth.get(r.parent) ?? 0) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d - 1)}${r.detail}`;
    });
  };
  const figures = async (q: Measured, explicit?: { sql: string; params: unknown[] }): Promise<QueryFigures> => {
    const ran = explicit ? [{ ...explicit, ms: 0 }] : statements.get(q.name)!;
    const per = statementTimings.get(q.name) ?? [];
    return {
      name: q.name,
      call: q.call,
      latency: summarize(timings.get(q.name)!),
      statements: await Promise.all(
        ran.map(async (s, i) => ({
          sql: s.sql.replace(/\s+/g, ' ').trim(),
          params: s.params,
          plan: await planOf(s.sql, s.params),
          medianMs: explicit ? summarize(timings.get(q.name)!).p50Ms : summarize(per[i] ?? []).p50Ms,
        })),
      ),
      resultSize: sizes.get(q.name) ?? 0,
    };
  };
  const queries = await Promise.all(dashboard.map((q) => figures(q)));
  const baselineFigures = await Promise.all(baselines.map((b) => figures(b, b)));

  const objects = await all<{ name: string; bytes: number }>(direct, 'select name, sum(pgsize) as bytes from dbstat group by name order by bytes desc').catch(() => []);
  const [{ v: sqliteVersion }] = await all<{ v: string }>(direct, 'select sqlite_version() as v');
  await closeDb(direct);
  await database.close();

  const result: StatsBenchResult = {
    complaints: request.complaints,
    otherTenantComplaints: seeded.other,
    shipments: seeded.shipments,
    timeZone: TIME_ZONE,
    now: NOW.toISOString(),
    runs: request.runs,
    profile: seeded.profile,
    seedSeconds: round(seeded.seconds, 1),
    seedRowsPerSec: Math.round((request.complaints + seeded.other) / seeded.seconds),
    keysChecked: seeded.keysChecked,
    fileBytes: statSync(file).size,
    objects: objects.filter((o) => Number(o.bytes) >= 1_048_576).map((o) => ({ name: o.name, bytes: Number(o.bytes) })),
    queries,
    dashboardTotalMs: round(queries.reduce((s, q) => s + q.latency.p50Ms, 0)),
    baselines: baselineFigures,
    peakRssKb: { seed: seeded.peakRssKb, queries: queryRss },
    sqliteVersion,
    failures,
  };
  process.send!(result, () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
