import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Database, WriteScope } from '../db/database';
import type { Clock } from './clock';
import { Timer } from './timer.entity';

/** What a handler did with a due timer. */
export type Fired = 'fired' | 'dropped' | 'skipped';

/**
 * Fires one due timer. It must do its work in `db.write(timer.tenantId, ...)` and start with
 * `takeTimer(scope, ...)` (or use `fireOnce`): the timer row is deleted in the transaction of its effect, so it fires once.
 */
export type TimerHandler = (timer: Timer) => Promise<Fired>;

export interface TickResult {
  due: number;
  fired: number;
  dropped: number;
  skipped: number;
  failed: number;
}

export interface TimerSpec {
  tenantId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  action: string;
  armedIn: string;
  dueAt: Date;
  payload?: Record<string, unknown> | null;
}

/** Timers read per query; a tick keeps reading while whole batches come back due. */
const BATCH = 100;
/** Back-off after an unexpected failure: 30 s doubling, at most an hour. */
const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);

/**
 * Persistent due timers. A tick reads the timers due by the clock (an index on due time: its cost follows
 * what is due, not what is open) and hands each to its kind's handler. Timers that came due while the
 * server was down fire at start-up. Several instances may tick one database: on PostgreSQL a firing
 * locks its row with SKIP LOCKED, so another instance passes over it; the row is deleted in the effect's
 * transaction, so whoever comes later finds nothing.
 */
export class Scheduler {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly afterTick: Array<() => Promise<unknown>> = [];
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<TickResult> | null = null;

  constructor(
    private readonly db: Database,
    readonly clock: Clock,
    readonly log: Logger,
  ) {}

  register(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Work to run after each tick, after the timers' transactions committed (e.g. delivering e-mail). */
  onTick(work: () => Promise<unknown>): void {
    this.afterTick.push(work);
  }

  /** Ticks now, then every `intervalMs` (0: never again; tests tick by hand). */
  start(intervalMs: number): Promise<TickResult> {
    const first = this.tick();
    if (intervalMs > 0) {
      this.interval = setInterval(() => void this.tick().catch((error) => this.log.error({ err: error }, 'scheduler tick failed')), intervalMs);
      this.interval.unref();
    }
    return first;
  }

  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    await this.running?.catch(() => undefined);
  }

  /** Fires everything due now. Overlapping calls share one run. */
  tick(): Promise<TickResult> {
    this.running ??= this.runTick().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Runs a timer's effect in its tenant's write, once: the timer row is locked (PostgreSQL: skipped when
   * another instance holds it) and deleted in the same transaction; gone already means 'skipped'.
   */
  fireOnce(timer: Timer, effect: (scope: WriteScope) => Promise<Fired>): Promise<Fired> {
    return this.db.write(timer.tenantId, async (scope) => {
      if (!(await takeTimer(scope, this.db.dialect, timer.id))) return 'skipped';
      return effect(scope);
    });
  }

  private async runTick(): Promise<TickResult> {
    const result: TickResult = { due: 0, fired: 0, dropped: 0, skipped: 0, failed: 0 };
    const now = this.clock.now();
    const seen = new Set<string>();
    for (;;) {
      // tenant-scope: reviewed — due timers of every tenant; each fires in its own tenant's write
      const due = (await this.db.system().find(Timer, { dueAt: { $lte: now } }, { orderBy: { dueAt: 'asc', id: 'asc' }, limit: BATCH, filters: false })).filter((t) => !seen.has(t.id));
      if (!due.length) break;
      result.due += due.length;
      // Subjects side by side (SQLite commits them in groups), one subject's timers in due order.
      const bySubject = new Map<string, Timer[]>();
      for (const timer of due) {
        seen.add(timer.id);
        bySubject.set(timer.subjectId, [...(bySubject.get(timer.subjectId) ?? []), timer]);
      }
      await Promise.all(
        [...bySubject.values()].map(async (timers) => {
          for (const timer of timers) {
            const handler = this.handlers.get(timer.kind);
            try {
              if (!handler) throw new Error(`no handler for timer kind ${timer.kind}`);
              result[await handler(timer)] += 1;
            } catch (error) {
              result.failed += 1;
              await this.failed(timer, error as Error, now);
            }
          }
        }),
      );
      if (due.length < BATCH) break;
    }
    if (result.due) this.log.info(result, 'scheduler tick');
    for (const work of this.afterTick) await work().catch((error) => this.log.error({ err: error }, 'after-tick work failed'));
    return result;
  }

  private async failed(timer: Timer, error: Error, now: Date): Promise<void> {
    this.log.error({ err: error, timer: timer.id, kind: timer.kind, action: timer.action, subject: timer.subjectId }, 'timer failed; retrying later');
    const attempts = timer.attempts + 1;
    // tenant-scope: reviewed — the timer by its own id, in its tenant's write
    await this.db.write(timer.tenantId, ({ em }) =>
      em.nativeUpdate(Timer, { id: timer.id }, { attempts, lastError: error.message.slice(0, 2000), dueAt: new Date(now.getTime() + backoffMs(attempts)) }, { filters: false }),
    );
  }
}

/**
 * In a write: deletes the timer if it is still there, and says whether it was. Deleted in the effect's
 * transaction, the timer fires once: gone already (fired, cancelled) is false, and on PostgreSQL so is a
 * timer another instance is firing right now (its row is locked: SKIP LOCKED passes over it).
 */
export async function takeTimer(scope: WriteScope, dialect: Database['dialect'], id: string): Promise<boolean> {
  if (dialect === 'postgresql') {
    // tenant-scope: reviewed — the timer by its own id, inside its tenant's write (scope)
    const rows = await (scope.em as SqlEntityManager).execute('delete from timer where id = (select id from timer where id = ? for update skip locked) returning id', [id]);
    return rows.length === 1;
  }
  // tenant-scope: reviewed — the timer by its own id, inside its tenant's write (scope)
  return (await scope.em.nativeDelete(Timer, { id }, { filters: false })) === 1;
}

/** Arms timers (in the caller's transaction). */
export function armTimers(em: EntityManager, specs: TimerSpec[]): void {
  for (const spec of specs) em.persist(em.create(Timer, { ...spec, payload: spec.payload ?? null }));
}

/** Cancels a subject's pending timers of one kind (in the caller's transaction). */
export async function cancelTimers(em: EntityManager, tenantId: string, kind: string, subjectId: string): Promise<number> {
  return em.nativeDelete(Timer, { tenantId, kind, subjectId }, { filters: false });
}
