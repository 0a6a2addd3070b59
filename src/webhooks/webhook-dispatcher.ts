import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { OrganizationTemplate } from '../__generated__';
import { Tenant } from '../db/tenant.entity';
import type { Database, WriteScope } from '../db/database';
import { envelopeOf } from '../events';
import { appendEvent, SYSTEM_ACTOR } from '../db/event-log';
import type { EventSignal } from '../events';
import { DomainEvent } from '../db/event.entity';
import type { Notifier } from '../notifications';
import type { Clock } from '../scheduler';
import type { TemplateReader } from '../shared/template-reader';
import { AllowList } from './url-guard';
import { WebhookDelivery, WebhookDeliveryOutcome } from './webhook-delivery.entity';
import { WebhookDisabledReason, WebhookEndpoint } from './webhook-endpoint.entity';
import { type SendResult, sendWebhook } from './webhook-sender';
import { signWebhook } from './webhook-signer';
import { typeMatches } from './webhook.service';

/** Waits after failed attempts 1, 2, ...: about 3 days in all; the attempt after the last wait is the last one. */
export const RETRY_SCHEDULE_MS = [5e3, 30e3, 120e3, 600e3, 1_800e3, 3_600e3, 7_200e3, 14_400e3, 28_800e3, 43_200e3, 86_400e3, 86_400e3];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
/** ±20 % so that endpoints failing together do not retry together. */
export const JITTER = 0.2;
/** An endpoint whose deliveries have failed this long is disabled and the tenant's admins notified. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;
/** Events read per query while looking for the next one an endpoint takes. */
const EVENT_BATCH = 200;

export interface WebhookDispatcherOptions {
  timeoutMs: number;
  allowedHosts: string[];
  /** Look for work this often without a wake-up (ms). */
  pollMs: number;
  /** Endpoints delivered at the same time (each in its own order). */
  concurrency?: number;
}

export const retryDelayMs = (failedAttempt: number, random: () => number = Math.random): number => {
  const base = RETRY_SCHEDULE_MS[Math.min(failedAttempt, RETRY_SCHEDULE_MS.length) - 1];
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
};

/**
 * Delivers committed events to webhook endpoints from the event table (the outbox): per endpoint strictly in
 * sequence order, at least once (the cursor moves only after a 2xx is recorded, so a crash in between means the
 * same event again, with the same webhook-id). Woken by commits (here or, with Redis, on other instances), by
 * a poll, and by a timer at the next retry. With several instances, a lease on the endpoint row (taken by one
 * conditional UPDATE) lets one instance at a time deliver an endpoint. All decisions use the app clock.
 */
export class WebhookDispatcher {
  readonly instance = `${hostname().slice(0, 30)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly allow: AllowList;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private running: Promise<void> | null = null;
  /** Endpoints being delivered by this instance, each by its own loop. */
  private readonly active = new Map<string, Promise<void>>();
  private again = false;
  private stopped = false;
  private poll: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private unlisten: (() => void) | null = null;
  private readonly stopping = new AbortController();
  /** Tenants that are disabled: nothing is delivered for them (read each pass; set at once by tenantDisabled here). */
  private readonly disabledTenants = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly signal: EventSignal,
    private readonly notifier: Notifier,
    private readonly templates: TemplateReader,
    private readonly options: WebhookDispatcherOptions,
  ) {
    this.allow = new AllowList(options.allowedHosts);
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.timeoutMs + 5_000;
  }

  start(): void {
    this.unlisten = this.signal.listen(() => void this.wake());
    this.poll = setInterval(() => void this.wake(), this.options.pollMs);
    this.poll.unref();
    void this.wake();
  }

  /**
   * Looks for work and starts a delivery loop for each endpoint that has some and is not being delivered here
   * already (at most `concurrency` at once); resolves when the loops running by then have finished (tests await it).
   */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.running) {
      this.running = (async () => {
        try {
          do {
            this.again = false;
            await this.pass();
          } while (this.again && !this.stopped);
          await this.armTimer();
        } catch (error) {
          if (!this.stopped) this.log.error({ err: error }, 'webhook delivery pass failed');
        } finally {
          this.running = null;
        }
        if (this.again && !this.stopped) void this.wake();
      })();
    } else this.again = true;
    return this.running.then(() => this.settled());
  }

  /** Resolves when the endpoint loops running now have finished. */
  private async settled(): Promise<void> {
    await Promise.all([...this.active.values()]);
  }

  /** Whether the tenant is disabled, read before each attempt (on any instance: nothing is sent once it committed). */
  private async isDisabled(tenantId: string): Promise<boolean> {
    if (this.disabledTenants.has(tenantId)) return true;
    // tenant-scope: reviewed — the endpoint's own tenant, by id
    const tenant = await this.db.system().findOne(Tenant, { id: tenantId }, { fields: ['disabledAt'] });
    if (!tenant?.disabledAt) return false;
    this.disabledTenants.add(tenantId);
    return true;
  }

  /** A tenant was disabled here: its endpoints stop before their next attempt (every instance reads it before each attempt too). */
  tenantDisabled(tenantId: string): void {
    this.disabledTenants.add(tenantId);
  }

  /** A tenant was enabled here: what was held back is delivered now. */
  tenantEnabled(tenantId: string): void {
    this.disabledTenants.delete(tenantId);
    void this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unlisten?.();
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
    await this.settled();
  }

  /** One look at every enabled endpoint that may have work (new events after its cursor, or a redelivery by hand); starts its loop. */
  private async pass(): Promise<void> {
    // tenant-scope: reviewed — dispatcher pass over every tenant: endpoint ids and tenant ids only; each endpoint is delivered in its tenant's write
    const em = this.db.system();
    const now = this.clock.now();
    // tenant-scope: reviewed — the disabled tenants themselves (ids only): their endpoints wait until enabled
    const disabled = await em.find(Tenant, { disabledAt: { $ne: null } }, { fields: ['id'] });
    this.disabledTenants.clear();
    for (const t of disabled) this.disabledTenants.add(t.id);
    // tenant-scope: reviewed — dispatcher pass over every tenant: endpoint ids only
    const manual = await em.find(WebhookDelivery, { outcome: WebhookDeliveryOutcome.PENDING }, { fields: ['endpointId'], filters: false });
    const withManual = new Set(manual.map((d) => d.endpointId));
    // tenant-scope: reviewed — dispatcher pass over every tenant: endpoints to lease, each delivered in its tenant's write
    const endpoints = await em.find(
      WebhookEndpoint,
      {
        enabled: true,
        deletedAt: null,
        $and: [
          { $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }, { id: { $in: [...withManual] } }] },
          { $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }, { leaseOwner: this.instance }] },
        ],
      },
      { filters: false, orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const heads = new Map<string, number>();
    for (const tenantId of new Set(endpoints.map((e) => e.tenant.id))) {
      const head = await em.findOne(DomainEvent, { tenant: tenantId }, { orderBy: { sequence: 'desc' }, fields: ['sequence'], filters: false });
      heads.set(tenantId, head?.sequence ?? 0);
    }
    const work = endpoints.filter((e) => !this.disabledTenants.has(e.tenant.id) && (withManual.has(e.id) || e.cursor < (heads.get(e.tenant.id) ?? 0)));
    for (const endpoint of work) {
      if (this.stopped || this.active.size >= this.concurrency) {
        // The next loop to finish wakes the dispatcher again for the rest.
        break;
      }
      if (this.active.has(endpoint.id)) continue;
      const loop = this.deliverEndpoint(endpoint.id, endpoint.tenant.id).then(
        () => {
          this.active.delete(endpoint.id);
          // More may have come while it ran, or endpoints may be waiting for a free slot.
          if (!this.stopped) void this.wake();
        },
        (error) => {
          // Not woken again at once (the poll retries), so a persistent error cannot spin.
          this.active.delete(endpoint.id);
          if (!this.stopped) this.log.error({ err: error, endpoint: endpoint.id }, 'webhook delivery failed unexpectedly');
        },
      );
      this.active.set(endpoint.id, loop);
    }
  }

  /** Sets a timer for the earliest retry (the poll covers it too; this makes retries punctual with a long poll). */
  private async armTimer(): Promise<void> {
    if (this.stopped) return;
    // tenant-scope: reviewed — the earliest retry time over every tenant, for a timer; reads no tenant data out
    const first = await this.db.system().findOne(WebhookEndpoint, { enabled: true, deletedAt: null, nextAttemptAt: { $ne: null } }, { orderBy: { nextAttemptAt: 'asc' }, fields: ['nextAttemptAt'], filters: false });
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!first?.nextAttemptAt) return;
    const inMs = first.nextAttemptAt.getTime() - this.clock.now().getTime();
    if (inMs > this.options.pollMs) {
      this.timer = setTimeout(() => void this.wake(), Math.min(inMs, 2 ** 31 - 1));
      this.timer.unref();
    }
  }

  /** Takes (or renews) the endpoint's lease: one conditional UPDATE, so only one instance wins. */
  private async lease(tenantId: string, id: string): Promise<boolean> {
    const now = this.clock.now();
    const taken = await this.db.write(tenantId, ({ em }) =>
      em.nativeUpdate(
        WebhookEndpoint,
        { id, enabled: true, deletedAt: null, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }, { leaseOwner: this.instance }] },
        { leaseOwner: this.instance, leaseUntil: new Date(now.getTime() + this.leaseMs) },
      ),
    );
    return taken === 1;
  }

  private async release(tenantId: string, id: string): Promise<void> {
    await this.db.write(tenantId, ({ em }) => em.nativeUpdate(WebhookEndpoint, { id, leaseOwner: this.instance }, { leaseOwner: null, leaseUntil: null }));
  }

  private async deliverEndpoint(id: string, tenantId: string): Promise<void> {
    if (!(await this.lease(tenantId, id))) return;
    let leasedUntil = this.clock.now().getTime() + this.leaseMs;
    /** Renews the lease when less than one attempt's time is left on it. */
    const keepLease = async () => {
      const now = this.clock.now().getTime();
      if (leasedUntil - now > this.options.timeoutMs + 1_000) return true;
      leasedUntil = now + this.leaseMs;
      return this.lease(tenantId, id);
    };
    // Events are immutable: read once in batches and kept while this endpoint is delivered.
    const events: DomainEvent[] = [];
    let manualCheckedAt = 0;
    try {
      // Read again only when something else changed it (its version moved: an admin edit, a rotation...).
      let endpoint: WebhookEndpoint | null = null;
      for (;;) {
        if (this.stopped || this.disabledTenants.has(tenantId)) return;
        const em = this.db.forTenant(tenantId);
        endpoint ??= await em.findOne(WebhookEndpoint, { id, enabled: true, deletedAt: null, leaseOwner: this.instance });
        if (!endpoint) return;
        // Redeliveries by hand go first; looked for at the start and then at most every second.
        let manual: WebhookDelivery | null = null;
        if (Date.now() - manualCheckedAt >= 1_000) {
          manual = await em.findOne(WebhookDelivery, { endpointId: id, outcome: WebhookDeliveryOutcome.PENDING }, { orderBy: { at: 'asc', id: 'asc' } });
          if (!manual) manualCheckedAt = Date.now();
        }
        if (manual) {
          const event = await em.findOne(DomainEvent, { id: manual.eventId });
          if (!(await keepLease()) || (await this.isDisabled(tenantId))) return;
          const now = this.clock.now();
          const result = event ? await this.send(endpoint, event, now) : null;
          if (result?.aborted) return;
          await this.recordManual(endpoint, manual, result, now);
          if (result?.status === 410) return;
          endpoint = null;
          continue;
        }
        if (endpoint.nextAttemptAt && endpoint.nextAttemptAt > this.clock.now()) return;
        const event = await this.nextEvent(em, endpoint, events);
        if (!event) return;
        if (!(await keepLease()) || (await this.isDisabled(tenantId))) return;
        const now = this.clock.now();
        const result = await this.send(endpoint, event, now);
        if (result.aborted) return;
        const outcome = await this.record(endpoint, event, result, now);
        if (outcome === 'stop') return;
        if (outcome === 'reload') endpoint = null;
      }
    } finally {
      await this.release(tenantId, id).catch((error) => this.log.warn({ err: error, endpoint: id }, 'webhook lease not released'));
    }
  }

  /** The first event after the cursor that the endpoint's filter takes; the cursor skips over those it does not. */
  private async nextEvent(em: EntityManager, endpoint: WebhookEndpoint, cache: DomainEvent[]): Promise<DomainEvent | null> {
    for (;;) {
      while (cache.length && cache[0].sequence <= endpoint.cursor) cache.shift();
      if (!cache.length || cache[0].sequence !== endpoint.cursor + 1) {
        cache.length = 0;
        cache.push(...(await em.find(DomainEvent, { sequence: { $gt: endpoint.cursor } }, { orderBy: { sequence: 'asc' }, limit: EVENT_BATCH })));
      }
      if (!cache.length) return null;
      const match = cache.find((e) => typeMatches(endpoint.eventTypes, e.type));
      if (match) return match;
      const last = cache.at(-1)!.sequence;
      const moved = await this.db.write(endpoint.tenant.id, ({ em: w }) =>
        w.nativeUpdate(WebhookEndpoint, { id: endpoint.id, leaseOwner: this.instance, cursor: endpoint.cursor }, { cursor: last }),
      );
      if (moved !== 1) return null;
      endpoint.cursor = last;
    }
  }

  private send(endpoint: WebhookEndpoint, event: DomainEvent, now: Date): Promise<SendResult> {
    const body = JSON.stringify(envelopeOf(event));
    const secrets = [endpoint.secret];
    if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) secrets.push(endpoint.previousSecret);
    const headers = signWebhook(secrets, event.id, now, body);
    return sendWebhook(endpoint.url, { ...headers }, body, { timeoutMs: this.options.timeoutMs, allow: this.allow, now, signal: this.stopping.signal });
  }

  private attemptRow(scope: WriteScope, endpoint: WebhookEndpoint, event: DomainEvent, result: SendResult, attempt: number, now: Date) {
    return {
      tenant: scope.em.getReference<Tenant>('Tenant', scope.tenantId),
      endpointId: endpoint.id,
      eventId: event.id,
      eventSequence: event.sequence,
      eventType: event.type,
      attempt,
      at: now,
      httpStatus: result.status,
      error: result.error,
      latencyMs: result.latencyMs,
      responseExcerpt: result.excerpt,
    };
  }

  /**
   * Logs a stream attempt and moves the endpoint on. 'next': go on with the endpoint as held; 'reload': go on,
   * reading the endpoint again; 'stop': delivery of this endpoint stops for now.
   */
  private async record(endpoint: WebhookEndpoint, event: DomainEvent, result: SendResult, now: Date): Promise<'next' | 'reload' | 'stop'> {
    const attempt = endpoint.attempt + 1;
    const ok = result.error === null;
    return this.db.write(endpoint.tenant.id, async (scope) => {
      const { em } = scope;
      const mine = { id: endpoint.id, leaseOwner: this.instance };
      if (ok) {
        em.create(WebhookDelivery, { ...this.attemptRow(scope, endpoint, event, result, attempt, now), outcome: WebhookDeliveryOutcome.SUCCEEDED });
        const moved = { cursor: event.sequence, attempt: 0, nextAttemptAt: null, failingSince: null };
        // tenant-scope: reviewed — in the endpoint tenant's write (scope.em): the tenant filter applies
        if (await em.nativeUpdate(WebhookEndpoint, { ...mine, version: endpoint.version }, moved)) {
          endpoint.cursor = event.sequence;
          Object.assign(endpoint, { attempt: 0, nextAttemptAt: null, failingSince: null });
          return 'next';
        }
        // tenant-scope: reviewed — in the endpoint tenant's write (scope.em): the tenant filter applies
        await em.nativeUpdate(WebhookEndpoint, mine, moved);
        return 'reload';
      }
      const failingSince = endpoint.failingSince ?? now;
      if (result.status === 410) {
        em.create(WebhookDelivery, { ...this.attemptRow(scope, endpoint, event, result, attempt, now), outcome: WebhookDeliveryOutcome.FAILED_GAVE_UP });
        await this.disable(scope, endpoint.id, WebhookDisabledReason.GONE, now, { failingSince });
        return 'stop';
      }
      // The failure that makes 5 days disables the endpoint; the event stays next in line for when it is re-enabled.
      const disabling = now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
      const givingUp = attempt >= MAX_ATTEMPTS && !disabling;
      // No retry is put off past the 5-day mark: the attempt that decides whether to disable happens on it.
      const disableAt = failingSince.getTime() + DISABLE_AFTER_MS;
      const nextAttemptAt = givingUp || disabling ? null : new Date(Math.min(now.getTime() + (result.retryAfterMs ?? retryDelayMs(attempt)), disableAt));
      em.create(WebhookDelivery, {
        ...this.attemptRow(scope, endpoint, event, result, attempt, now),
        outcome: givingUp ? WebhookDeliveryOutcome.FAILED_GAVE_UP : WebhookDeliveryOutcome.FAILED_WILL_RETRY,
        nextAttemptAt,
      });
      if (disabling) {
        await this.disable(scope, endpoint.id, WebhookDisabledReason.FAILING, now, { failingSince, attempt });
        return 'stop';
      }
      // tenant-scope: reviewed — in the endpoint tenant's write (scope.em): the tenant filter applies
      await em.nativeUpdate(WebhookEndpoint, mine, givingUp ? { cursor: event.sequence, attempt: 0, nextAttemptAt: null, failingSince } : { attempt, nextAttemptAt, failingSince });
      return givingUp ? 'reload' : 'stop';
    });
  }

  /** Completes a redelivery by hand: one attempt, not retried (a failure can be redelivered again). */
  private async recordManual(endpoint: WebhookEndpoint, manual: WebhookDelivery, result: SendResult | null, now: Date): Promise<void> {
    await this.db.write(endpoint.tenant.id, async (scope) => {
      const outcome = result && result.error === null ? WebhookDeliveryOutcome.SUCCEEDED : WebhookDeliveryOutcome.FAILED_GAVE_UP;
      // tenant-scope: reviewed — in the endpoint tenant's write: the tenant filter applies
      await scope.em.nativeUpdate(
        WebhookDelivery,
        { id: manual.id },
        { outcome, at: now, httpStatus: result?.status ?? null, error: result ? result.error : 'EVENT_MISSING', latencyMs: result?.latencyMs ?? null, responseExcerpt: result?.excerpt ?? null },
      );
      if (result?.status === 410) await this.disable(scope, endpoint.id, WebhookDisabledReason.GONE, now, {});
    });
  }

  /** Disables an endpoint (its version moves on, so an admin's stale edit conflicts); for FAILING, the admins are notified. */
  private async disable(scope: WriteScope, id: string, reason: WebhookDisabledReason, now: Date, extra: Partial<WebhookEndpoint>): Promise<void> {
    const { em } = scope;
    const endpoint = await em.findOneOrFail(WebhookEndpoint, { id });
    Object.assign(endpoint, extra, { enabled: false, disabledReason: reason, disabledAt: now, nextAttemptAt: null, updatedAt: now, leaseOwner: null, leaseUntil: null, version: endpoint.version + 1 });
    await em.flush();
    await appendEvent(scope, {
      type: 'webhook_endpoint.disabled',
      subjectType: 'WebhookEndpoint',
      subjectId: id,
      actor: SYSTEM_ACTOR,
      data: { before: { enabled: true }, after: { enabled: false, disabledReason: reason }, url: endpoint.url, failingSince: endpoint.failingSince?.toISOString() ?? null },
      occurredAt: now,
    });
    this.log.warn({ endpoint: id, reason }, 'webhook endpoint disabled');
    if (reason !== WebhookDisabledReason.FAILING) return;
    const org = (await this.templates.latestTemplate<OrganizationTemplate>(em, scope.tenantId, 'organization', 'default'))?.content ?? ({ roles: [] } as unknown as OrganizationTemplate);
    const holders = await this.notifier.holders(em, scope.tenantId);
    this.notifier.notify(em, scope.tenantId, org, holders, ['admin'], {
      kind: 'webhook-disabled',
      subjectType: 'WebhookEndpoint',
      subjectId: id,
      subjectNumber: null,
      title: { 'zh-CN': `Webhook 端点连续 5 天投递失败，已停用：${endpoint.url}`, en: `Webhook endpoint disabled after 5 days of failed deliveries: ${endpoint.url}` },
      data: { url: endpoint.url, failingSince: endpoint.failingSince, disabledAt: now },
      at: now,
    });
  }
}
