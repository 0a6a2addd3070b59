import { type EntityManager, MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Config } from '../config/config';
import type { DomainEvent } from '../events/event.entity';
import { ormOptions, type Dialect } from './orm-config';
import { TENANT_FILTER } from './tenant-scoped.entity';
import { WriteQueue } from './write-queue';

/** The last event of a tenant's hash chain. */
export interface ChainHead {
  sequence: number;
  hash: string;
}

/** What a write runs with: the transaction's entity manager and the events it appends. */
export interface WriteScope {
  em: EntityManager;
  tenantId: string;
  events: DomainEvent[];
  /**
   * SQLite: the tenant's chain head as of this transaction (null: no event yet), kept in memory because the
   * write queue makes this process the only writer. PostgreSQL: undefined, the chain is read under a row lock.
   */
  head?: ChainHead | null;
}

/** Thrown inside a write to roll it back and return `result` as an expected failure. */
export class AbortWrite<T> {
  constructor(readonly result: T) {}
}

type CommitListener = (events: DomainEvent[]) => void;

/**
 * The ORM plus the rules every write follows: one transaction, SQLite writers queued, and the events
 * appended in it announced only after commit (a rolled-back change is never announced).
 */
export class Database {
  private readonly queue = new WriteQueue();
  private readonly commitListeners: CommitListener[] = [];
  /** SQLite only: each tenant's committed chain head, loaded on first write. */
  private readonly heads = new Map<string, ChainHead | null>();

  private constructor(
    readonly orm: MikroORM,
    readonly dialect: Dialect,
  ) {}

  static async connect(database: Config['database'], debug = false): Promise<Database> {
    const orm = await MikroORM.init(ormOptions(database, debug));
    return new Database(orm, database.kind);
  }

  /** Applies pending migrations; returns their names. */
  async migrate(): Promise<string[]> {
    const applied = await this.orm.getMigrator().up();
    return applied.map((m) => m.name);
  }

  async pendingMigrations(): Promise<number> {
    return (await this.orm.getMigrator().getPendingMigrations()).length;
  }

  async ping(): Promise<void> {
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

  /** Runs `fn` in one transaction for `tenantId`; announces its events after commit. */
  async write<T>(tenantId: string, fn: (scope: WriteScope) => Promise<T>): Promise<T> {
    const run = async () => {
      const events: DomainEvent[] = [];
      try {
        const result = await this.forTenant(tenantId).transactional(async (em) => {
          const head = this.dialect === 'sqlite' ? await this.headOf(em, tenantId) : undefined;
          return fn({ em, tenantId, events, head });
        });
        // Committed: the chain head moves on (a rolled-back write never reaches here).
        const last = events.at(-1);
        if (this.dialect === 'sqlite' && last) this.heads.set(tenantId, { sequence: last.sequence, hash: last.hash });
        return { result, events };
      } catch (error) {
        if (error instanceof AbortWrite) return { result: error.result as T, events: [] };
        throw error;
      }
    };
    const { result, events } = this.dialect === 'sqlite' ? await this.queue.run(run) : await run();
    if (events.length) for (const listener of this.commitListeners) listener(events);
    return result;
  }

  private async headOf(em: EntityManager, tenantId: string): Promise<ChainHead | null> {
    if (!this.heads.has(tenantId)) {
      const rows: ChainHead[] = await (em as SqlEntityManager).execute('select sequence, hash from event where tenant_id = ? order by sequence desc limit 1', [tenantId]);
      this.heads.set(tenantId, rows[0] ? { sequence: Number(rows[0].sequence), hash: rows[0].hash } : null);
    }
    return this.heads.get(tenantId)!;
  }

  async close(): Promise<void> {
    await this.queue.drain().catch(() => undefined);
    await this.orm.close(true);
  }
}
