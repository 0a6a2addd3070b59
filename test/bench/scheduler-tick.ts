/**
 * Scheduler tick cost, run as a child process of run.ts on the built server code (dist/): a durable SQLite
 * database (WAL, synchronous=FULL) holding `open` timers due in the future (the timers of open complaints)
 * plus `due` timers due now. A tick reads what is due through the due-time index and fires each timer in
 * its own transaction (deleted with its effect; the handler here does nothing else), so the figure is the
 * scheduler's own cost. Measured twice in the same run: with 1,000,000 open timers and, as the baseline,
 * with 1,000; the claim is that the two are about equal (cost follows what is due, not what is open).
 *
 * Input: argv[2] is JSON {root, dir, open, due, runs}. Output: one IPC message (SchedulerBenchResult).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connector, procStatusKb, round, summarize, type Summary } from './stats';

export interface SchedulerBenchRequest {
  root: string;
  dir: string;
  open: number;
  due: number;
  runs: number;
}

export interface TickFigures {
  openTimers: number;
  /** A tick with nothing due. */
  idleTick: Summary;
  /** A tick that fires `due` timers. */
  dueTick: Summary;
  firedPerTick: number;
  queryPlan: string;
  fillSeconds: number;
}

export interface SchedulerBenchResult {
  due: number;
  large: TickFigures;
  baseline: TickFigures;
  peakRssKb: number | null;
  failures: string[];
}

interface Db {
  migrate(): Promise<string[]>;
  close(): Promise<void>;
  orm: { em: { fork(): { getConnection(): { execute(sql: string, params?: unknown[]): Promise<unknown> } } } };
}
interface SchedulerLike {
  register(kind: string, handler: (timer: { id: string }) => Promise<string>): void;
  fireOnce(timer: { id: string }, effect: () => Promise<string>): Promise<string>;
  tick(): Promise<{ due: number; fired: number; failed: number }>;
}
interface Modules {
  Database: { connect(database: unknown): Promise<Db> };
  Scheduler: new (db: Db, clock: unknown, log: unknown) => SchedulerLike;
  ManualClock: new (start: Date) => { now(): Date };
  pino: (options: unknown) => unknown;
}

function load(root: string): Modules {
  require('reflect-metadata');
  const dist = (file: string) => require(join(root, 'dist', file));
  return {
    Database: connector(dist),
    Scheduler: dist('scheduler/scheduler.js').Scheduler,
    ManualClock: dist('scheduler/clock.js').ManualClock,
    pino: require(join(root, 'node_modules/pino')),
  };
}

const NOW = new Date('2026-11-23T02:00:00Z');
const TENANT = randomUUID();
const ROWS_PER_INSERT = 500;

/** Rows as MikroORM stores them in SQLite (dates as epoch milliseconds). */
async function fill(db: Db, count: number, dueAt: (i: number) => Date): Promise<void> {
  const connection = db.orm.em.fork().getConnection();
  await connection.execute('begin immediate');
  for (let start = 0; start < count; start += ROWS_PER_INSERT) {
    const n = Math.min(ROWS_PER_INSERT, count - start);
    const params: unknown[] = [];
    for (let i = 0; i < n; i++) params.push(randomUUID(), TENANT, 'bench', 'Complaint', randomUUID(), 'close', 'OPEN', dueAt(start + i).getTime(), NOW.getTime());
    const values = Array.from({ length: n }, () => "(?, ?, ?, ?, ?, ?, ?, ?, null, 0, null, ?)").join(', ');
    await connection.execute(`insert into timer (id, tenant_id, kind, subject_type, subject_id, action, armed_in, due_at, payload, attempts, last_error, created_at) values ${values}`, params);
  }
  await connection.execute('commit');
}

async function measure(modules: Modules, file: string, open: number, due: number, runs: number, failures: string[]): Promise<TickFigures> {
  const db = await modules.Database.connect({ kind: 'sqlite', file, synchronous: 'FULL' });
  try {
    await db.migrate();
    const started = performance.now();
    // Open timers due between a day and a year from now.
    await fill(db, open, (i) => new Date(NOW.getTime() + 86_400_000 + ((i * 7919) % 364) * 86_400_000 + (i % 86_400) * 1000));
    const fillSeconds = (performance.now() - started) / 1000;
    const connection = db.orm.em.fork().getConnection();
    const plan = (await connection.execute("explain query plan select * from timer where due_at <= ? order by due_at asc, id asc limit 100", [NOW.getTime()])) as Array<{ detail: string }>;
    const scheduler = new modules.Scheduler(db, new modules.ManualClock(NOW), modules.pino({ level: 'silent' }));
    scheduler.register('bench', (timer) => scheduler.fireOnce(timer, async () => 'fired'));
    const idle: number[] = [];
    for (let r = 0; r < runs * 4; r++) {
      const t = performance.now();
      const result = await scheduler.tick();
      idle.push(performance.now() - t);
      if (result.due !== 0) failures.push(`idle tick found ${result.due} due`);
    }
    const busy: number[] = [];
    let fired = 0;
    for (let r = 0; r < runs; r++) {
      await fill(db, due, (i) => new Date(NOW.getTime() - 60_000 - i * 1000));
      const t = performance.now();
      const result = await scheduler.tick();
      busy.push(performance.now() - t);
      fired = result.fired;
      if (result.fired !== due || result.failed) failures.push(`tick fired ${result.fired} of ${due} (failed ${result.failed})`);
    }
    const left = (await connection.execute('select count(*) as n from timer')) as Array<{ n: number }>;
    if (Number(left[0].n) !== open) failures.push(`${left[0].n} timers left, expected the ${open} open ones`);
    return { openTimers: open, idleTick: summarize(idle), dueTick: summarize(busy), firedPerTick: fired, queryPlan: plan.map((p) => p.detail).join('; '), fillSeconds: round(fillSeconds, 1) };
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as SchedulerBenchRequest;
  const modules = load(request.root);
  const failures: string[] = [];
  const baseline = await measure(modules, join(request.dir, 'scheduler-small.db'), 1_000, request.due, request.runs, failures);
  const large = await measure(modules, join(request.dir, 'scheduler-large.db'), request.open, request.due, request.runs, failures);
  const result: SchedulerBenchResult = { due: request.due, large, baseline, peakRssKb: procStatusKb('self', 'VmHWM'), failures };
  process.send!(result, () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
