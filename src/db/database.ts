import { DeadlockException, type EntityManager, MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Config } from '../config/config';
import type { DomainEvent } from './event.entity';
import type { EntitySet } from './entity-set';
import { ormOptions, type Dialect } from './orm-config';
import { TENANT_FILTER } from './tenant-scoped.entity';
import { BatchQueue } from './batch-queue';

/** The last event of a tenant's hash chain. */
export interface ChainHead {
  sequence: number;
  hash: string;
}

/** A tenant's chain head shared by the writes of one transaction; advanced synchronously as events are appended. */
export interface Chain {
  head: ChainHead | null;
}

/** What a write runs with: its entity manager (in the transaction, scoped to the tenant) and the events it appends. */
export interface WriteScope {
  em: EntityManager;
  tenantId: string;
  events: DomainEvent[];
  /**
   * SQLite: the tenant's chain, kept in memory because the write queue makes this process the only writer.
   * PostgreSQL: undefined; the chain is read under the counter row's lock.
   */
  chain?: Chain;
}

/** Thrown inside a write to roll it back and return `result` as an expected failure. */
export class AbortWrite<T> {
  constructor(readonly result: T) {}
}

/** The parts of knex's client used for a connection outside the pool. */
interface KnexClient {
  acquireRawConnection(): Promise<unknown>;
  destroyRawConnection(connection: unknown): Promise<void>;
  connectionSettings: unknown;
  driver: unknown;
}
interface PgConnection {
  query(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}
interface Sqlite3Database {
  exec(sql: string, callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
}
interface Sqlite3Module {
  Database: new (file: string, callback: (error: Error | null) => void) => Sqlite3Database;
}

type CommitListener = (events: DomainEvent[]) => void;

interface WriteJob {
  tenantId: string;
  fn: (scope: WriteScope) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The PostgreSQL advisory lock that serialises start-up (migrations, the default tenant, seeding) across the
 * instances sharing a database; advisory locks are per database, so other databases on the server are not held.
 */
const STARTUP_LOCK_KEY = 7_366_352_781;

/** The start-up lock, held until released (or until the process ends: PostgreSQL and SQLite drop it with the connection). */
export interface StartupLock {
  release(): Promise<void>;
}

/** Runs of one write when PostgreSQL picks it as a deadlock victim (two transactions locking rows in opposite orders). */
const MAX_DEADLOCK_ATTEMPTS = 5;

/** Most writes one SQLite transaction takes at once. */
const MAX_GROUP = 64;

/**
 * The ORM plus the rules every write follows: one transaction, SQLite writers queued and committed in
 * groups, and the events appended announced only after commit (a rolled-back change is never announced).
 */
export class Database {
  private readonly queue = new BatchQueue<WriteJob>((jobs) => this.runGroup(jobs), MAX_GROUP);
  private readonly commitListeners: CommitListener[] = [];
  /** SQLite only: each tenant's committed chain head, loaded on first write. */
  private readonly heads = new Map<string, ChainHead | null>();

  private constructor(
    readonly orm: MikroORM,
    readonly dialect: Dialect,
  ) {}

  /** Connects with the entities registered at the composition root (src/entities.ts). */
  static async connect(database: Config['database'], entities: EntitySet, debug = false): Promise<Database> {
    const orm = await MikroORM.init(ormOptions(database, entities, debug));
    return new Database(orm, database.kind);
  }

  /** Applies pending migrations; returns their names. */
  async migrate(): Promise<string[]> {
    const applied = await this.orm.getMigrator().up();
    return applied.map((m) => m.name);
  }

  /**
   * Runs `fn` (migrations, the default tenant, seeding) while no other instance on this database does: several
   * instances may start at once. See startupLock.
   */
  async withStartupLock<T>(fn: () => Promise<T>): Promise<T> {
    const lock = await this.startupLock();
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  /**
   * Waits until no other instance holds the start-up lock, then takes it. PostgreSQL: a session-level advisory
   * lock on a connection of its own, outside the pool (the work under the lock uses the pool; a process that dies
   * holding it loses it with the connection). SQLite: an exclusive transaction on a lock file beside the database
   * (`<file>.startup-lock`), since a process on the same file also migrates; `:memory:` has no other process.
   */
  async startupLock(onWait?: () => void): Promise<StartupLock> {
    // tenant-scope: reviewed — a connection for the start-up lock only, no tenant data
    const client = (this.orm.em.getConnection() as unknown as { getKnex(): { client: KnexClient } }).getKnex().client;
    if (this.dialect === 'postgresql') {
      const conn = (await client.acquireRawConnection()) as PgConnection;
      let held = false;
      const release = async () => {
        this.startupLocks.delete(release);
        try {
          if (held) await conn.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
        } finally {
          await client.destroyRawConnection(conn);
        }
      };
      this.startupLocks.add(release);
      try {
        const tried = await conn.query('select pg_try_advisory_lock($1) as ok', [STARTUP_LOCK_KEY]);
        if (!tried.rows[0]?.ok) {
          onWait?.();
          await conn.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
        }
        held = true;
      } catch (error) {
        await release().catch(() => undefined);
        throw error;
      }
      return { release };
    }
    const file = (client.connectionSettings as { filename?: string }).filename;
    if (!file || file === ':memory:') return { release: async () => undefined };
    const sqlite = client.driver as Sqlite3Module;
    const lockDb = await new Promise<Sqlite3Database>((resolve, reject) => {
      const opened: Sqlite3Database = new sqlite.Database(`${file}.startup-lock`, (error) => (error ? reject(error) : resolve(opened)));
    });
    const run = (sql: string) => new Promise<void>((resolve, reject) => lockDb.exec(sql, (error) => (error ? reject(error) : resolve())));
    const close = () => new Promise<void>((resolve) => lockDb.close(() => resolve()));
    const release = async () => {
      this.startupLocks.delete(release);
      await run('commit').catch(() => undefined);
      await close();
    };
    this.startupLocks.add(release);
    try {
      // Another process holding it makes BEGIN EXCLUSIVE wait (busy timeout) rather than fail.
      await run('pragma busy_timeout = 600000; pragma journal_mode = delete; create table if not exists startup_lock (id integer primary key)');
      await run('begin exclusive');
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
    return { release };
  }

  /** Start-up locks not yet released: close() releases them (a start-up that failed). */
  private readonly startupLocks = new Set<() => Promise<void>>();

  async pendingMigrations(): Promise<number> {
    return (await this.orm.getMigrator().getPendingMigrations()).length;
  }

  async ping(): Promise<void> {
    // tenant-scope: reviewed — health check, select 1
    await this.orm.em.fork().getConnection().execute('select 1');
  }

  /** An entity manager scoped to one tenant: every query on tenant-owned entities is filtered by it. */
  forTenant(tenantId: string): EntityManager {
    const em = this.orm.em.fork({ clear: true });
    em.setFilterParams(TENANT_FILTER, { tenantId });
    return em;
  }

  /** An entity manager for cross-tenant system work (authentication, bootstrap); never handed to resolvers. */
  system(): EntityManager {
    return this.orm.em.fork({ clear: true });
  }

  onCommit(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }

  /**
   * Runs `fn` in a transaction for `tenantId` and announces its events after commit. `fn` must do all its
   * work through `scope.em` and may run again: on SQLite it shares a transaction with the writes queued
   * alongside it, and when any of those fails, each is retried in a transaction of its own.
   */
  write<T>(tenantId: string, fn: (scope: WriteScope) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: WriteJob = { tenantId, fn, resolve: resolve as (v: unknown) => void, reject };
      if (this.dialect === 'sqlite') this.queue.push(job);
      else void this.runAlone(job);
    });
  }

  /** Group commit: the jobs run side by side in one transaction; if any throws, each runs again alone. */
  private async runGroup(jobs: WriteJob[]): Promise<void> {
    if (jobs.length === 1) return this.runAlone(jobs[0]);
    let outcome: { results: unknown[]; events: DomainEvent[] };
    try {
      outcome = await this.transaction(jobs);
    } catch {
      for (const job of jobs) await this.runAlone(job);
      return;
    }
    this.announce(outcome.events);
    jobs.forEach((job, i) => job.resolve(outcome.results[i]));
  }

  private async runAlone(job: WriteJob): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { results, events } = await this.transaction([job]);
        this.announce(events);
        job.resolve(results[0]);
        return;
      } catch (error) {
        // PostgreSQL chose this transaction as a deadlock's victim: it rolled back whole, so it runs again.
        if (error instanceof DeadlockException && attempt < MAX_DEADLOCK_ATTEMPTS) continue;
        if (error instanceof AbortWrite) job.resolve(error.result);
        else job.reject(error);
        return;
      }
    }
  }

  private async transaction(jobs: WriteJob[]): Promise<{ results: unknown[]; events: DomainEvent[] }> {
    const events: DomainEvent[][] = jobs.map(() => []);
    const chains = new Map<string, Chain>();
    const results = await this.orm.em.fork({ clear: true }).transactional(async (tx) => {
      if (this.dialect === 'sqlite') for (const job of jobs) if (!chains.has(job.tenantId)) chains.set(job.tenantId, { head: await this.headOf(tx, job.tenantId) });
      const settled = await Promise.allSettled(
        jobs.map(async (job, i) => {
          const em = tx.fork({ clear: true, keepTransactionContext: true });
          em.setFilterParams(TENANT_FILTER, { tenantId: job.tenantId });
          const result = await job.fn({ em, tenantId: job.tenantId, events: events[i], chain: chains.get(job.tenantId) });
          await em.flush();
          return result;
        }),
      );
      // Every job has finished before the transaction ends either way: none may run on after a rollback.
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
    });
    // Committed: the chain heads move on (a rolled-back transaction never reaches here).
    for (const [tenantId, chain] of chains) this.heads.set(tenantId, chain.head);
    return { results, events: events.flat().sort((a, b) => a.sequence - b.sequence) };
  }

  private announce(events: DomainEvent[]): void {
    if (events.length) for (const listener of this.commitListeners) listener(events);
  }

  private async headOf(em: EntityManager, tenantId: string): Promise<ChainHead | null> {
    if (!this.heads.has(tenantId)) {
      const rows: ChainHead[] = await (em as SqlEntityManager).execute('select sequence, hash from event where tenant_id = ? order by sequence desc limit 1', [tenantId]);
      this.heads.set(tenantId, rows[0] ? { sequence: Number(rows[0].sequence), hash: rows[0].hash } : null);
    }
    return this.heads.get(tenantId)!;
  }

  async close(): Promise<void> {
    for (const release of [...this.startupLocks]) await release().catch(() => undefined);
    await this.queue.drain().catch(() => undefined);
    await this.orm.close(true);
  }
}
