import { type EntityManager, MikroORM } from '@mikro-orm/core';
import type { Config } from '../config/config';
import type { DomainEvent } from '../events/event.entity';
import { ormOptions, type Dialect } from './orm-config';
import { TENANT_FILTER } from './tenant-scoped.entity';
import { WriteQueue } from './write-queue';

/** What a write runs with: the transaction's entity manager and the events it appends. */
export interface WriteScope {
  em: EntityManager;
  tenantId: string;
  events: DomainEvent[];
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
        const result = await this.forTenant(tenantId).transactional((em) => fn({ em, tenantId, events }));
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

  async close(): Promise<void> {
    await this.queue.drain().catch(() => undefined);
    await this.orm.close(true);
  }
}
