import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import type { EventSignal } from './event-signal';

/** Events that change a tenant's configuration: template publications and drafts (`template.*`), the tenant itself (`tenant.*`). */
export const isConfigEvent = (type: string): boolean => type.startsWith('template.') || type.startsWith('tenant.');

const CONFIG_TYPES_SQL = `(type like 'template.%' or type like 'tenant.%')`;

/** A tenant's configuration changed (the event types since the last check, each once): drop what is cached of it. */
export type ConfigListener = (tenantId: string, types: string[]) => void;

interface Followed {
  /** Every event up to here has been looked at (or was already in what the caches read). */
  seen: number;
  checking: Promise<void> | null;
  again: boolean;
}

/**
 * Keeps the configuration caches of this process (latest templates and all that is derived from them: the
 * organization, permissions, visibility, calendars, titles) in step with publications on any instance, by
 * the event log: a tenant is followed from the moment a cache first reads it. A commit with configuration
 * events wakes the check at once (here, and through Redis on every other instance); the poll checks every
 * followed tenant each interval, so a lost wake-up (or a commit by the CLI) costs at most one interval.
 * Requests cost nothing; a check is one indexed query per followed tenant.
 */
export class ConfigFollower {
  private readonly tenants = new Map<string, Followed>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly listeners: ConfigListener[] = [];
  private readonly stopListening: () => void;
  private readonly poll: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly db: Database,
    signal: EventSignal,
    pollMs: number,
    private readonly log: Logger,
  ) {
    this.stopListening = signal.listen((tenantId, sequence, config) => {
      const followed = this.tenants.get(tenantId);
      if (config && followed && sequence > followed.seen) this.check(tenantId, followed);
    });
    this.poll = setInterval(() => {
      for (const [tenantId, followed] of this.tenants) this.check(tenantId, followed);
    }, pollMs).unref();
  }

  /** Called with the types of the configuration events found (after a commit anywhere, within the documented bound). */
  onConfigChanged(listener: ConfigListener): void {
    this.listeners.push(listener);
  }

  /**
   * Call before a cache reads a tenant's configuration, with the entity manager it reads with (inside a write:
   * the write's, as SQLite has one connection): from then on every change committed after that read is found.
   * Only the first call for a tenant queries (its head); later ones return at once.
   */
  async follow(em: EntityManager, tenantId: string): Promise<void> {
    if (this.tenants.has(tenantId)) return;
    let started = this.starting.get(tenantId);
    if (!started) {
      started = this.head(em, tenantId).then(
        (seen) => {
          if (!this.tenants.has(tenantId)) this.tenants.set(tenantId, { seen, checking: null, again: false });
          this.starting.delete(tenantId);
        },
        (error: unknown) => {
          this.starting.delete(tenantId);
          throw error;
        },
      );
      this.starting.set(tenantId, started);
    }
    await started;
  }

  /** Tenants followed by this process (for tests and metrics). */
  followedCount(): number {
    return this.tenants.size;
  }

  /** Looks for configuration events after the tenant's position; a wake-up during a check runs one more. */
  private check(tenantId: string, followed: Followed): void {
    if (this.closed) return;
    if (followed.checking) {
      followed.again = true;
      return;
    }
    followed.checking = (async () => {
      try {
        do {
          followed.again = false;
          await this.checkOnce(tenantId, followed);
        } while (followed.again && !this.closed);
      } catch (error) {
        this.log.warn({ err: error, tenant: tenantId }, 'config follower: reading the event log failed; retried on the next wake-up or poll');
      } finally {
        followed.checking = null;
      }
    })();
  }

  private async checkOnce(tenantId: string, followed: Followed): Promise<void> {
    const em = this.db.forTenant(tenantId) as SqlEntityManager;
    const after = followed.seen;
    const [row] = await em.execute<Array<{ head: number | string | null; config: number | string | null }>>(
      `select max(sequence) as head, max(case when ${CONFIG_TYPES_SQL} then sequence end) as config from event where tenant_id = ? and sequence > ?`,
      [tenantId, after],
    );
    if (row?.head === null || row?.head === undefined) return;
    const head = Number(row.head);
    if (row.config !== null && row.config !== undefined) {
      const found = await em.execute<Array<{ type: string }>>(`select distinct type from event where tenant_id = ? and sequence > ? and sequence <= ? and ${CONFIG_TYPES_SQL}`, [tenantId, after, head]);
      const types = found.map((r) => r.type).sort();
      for (const listener of this.listeners) {
        try {
          listener(tenantId, types);
        } catch (error) {
          this.log.error({ err: error, tenant: tenantId }, 'config follower: a listener failed');
        }
      }
    }
    // Only now: a cache that reads from here on sees at least what this check saw.
    followed.seen = Math.max(followed.seen, head);
  }

  private async head(em: EntityManager, tenantId: string): Promise<number> {
    const [row] = await (em as SqlEntityManager).execute<Array<{ head: number | string | null }>>('select max(sequence) as head from event where tenant_id = ?', [tenantId]);
    return Number(row?.head ?? 0);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.poll);
    this.stopListening();
  }
}
