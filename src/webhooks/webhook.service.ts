import type { EntityManager } from '@mikro-orm/core';
import type { Tenant } from '../db/tenant.entity';
import { actorOf } from '../auth';
import type { Database } from '../db/database';
import { appendEvent } from '../db/event-log';
import { DomainEvent } from '../db/event.entity';
import type { Clock } from '../scheduler';
import type { Context } from '../shared/request-context';
import { ConflictError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { publicError } from '../shared/errors/public-error';
import { type Connection, cursorPage } from '../shared/graphql/connection';
import { localUuid } from '../shared/graphql/global-id';
import { AllowList, checkUrl } from './url-guard';
import { WebhookDelivery, WebhookDeliveryOutcome } from './webhook-delivery.entity';
import { WebhookDisabledReason, WebhookEndpoint } from './webhook-endpoint.entity';
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookDeliveryFilter } from './webhook.inputs';
import { DeletedWebhookEndpoint, UnsafeUrlError, WebhookEndpointWithSecret } from './webhook.results';
import { generateSecret } from './webhook-signer';
import { EVENT_TYPE, EVENT_TYPE_PREFIX } from '../events';

/** An event type (`complaint.status_changed`) or a prefix wildcard (`complaint.*`): what the event feed and subscriptions take too. */
const isEventTypeFilter = (t: string) => EVENT_TYPE.test(t) || EVENT_TYPE_PREFIX.test(t);
const MAX_EVENT_TYPES = 50;
const MAX_OVERLAP_HOURS = 24 * 7;
export const DEFAULT_OVERLAP_HOURS = 24;

/** Whether an endpoint's filter takes an event type (empty: every type). */
export function typeMatches(filter: string[], type: string): boolean {
  return !filter.length || filter.some((f) => (f.endsWith('.*') ? type.startsWith(f.slice(0, -1)) : f === type));
}

/** What an endpoint looks like in its events (never the secret). */
const view = (e: WebhookEndpoint) => ({ url: e.url, description: e.description, eventTypes: e.eventTypes, enabled: e.enabled, disabledReason: e.disabledReason });

/** Webhook endpoints, administered by the tenant's admins (the resolver checks the role); every change is an event. */
export class WebhookService {
  private readonly allow: AllowList;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    allowedHosts: string[],
    /** Wakes the dispatcher (a redelivery appends no event, so no commit signal wakes it). */
    private readonly wake: () => void,
  ) {
    this.allow = new AllowList(allowedHosts);
  }

  list(ctx: Context): Promise<WebhookEndpoint[]> {
    return ctx.em.find(WebhookEndpoint, { deletedAt: null }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async get(ctx: Context, id: string): Promise<WebhookEndpoint> {
    const localId = localUuid(id, 'WebhookEndpoint');
    const endpoint = localId ? await ctx.em.findOne(WebhookEndpoint, { id: localId, deletedAt: null }) : null;
    if (!endpoint) throw publicError('NOT_FOUND', `No object with id ${id}`);
    return endpoint;
  }

  deliveries(ctx: Context, endpoint: WebhookEndpoint, args: { first: number; after?: string | null; filter?: WebhookDeliveryFilter | null }): Promise<Connection<WebhookDelivery>> {
    const where: Record<string, unknown> = { endpointId: endpoint.id };
    if (args.filter?.outcome) where.outcome = args.filter.outcome;
    if (args.filter?.eventId) where.eventId = localUuid(args.filter.eventId, 'Event') ?? '00000000-0000-0000-0000-000000000000';
    return cursorPage(ctx.em, WebhookDelivery, where, args, { at: 'desc', eventSequence: 'desc', attempt: 'desc', id: 'desc' });
  }

  async create(ctx: Context, input: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret | ValidationError | UnsafeUrlError> {
    const invalid = validate(ctx, input);
    if (invalid) return invalid;
    const check = await checkUrl(input.url, this.allow);
    if (!check.ok) return new UnsafeUrlError(check.reason, check.detail);
    const secret = generateSecret();
    return this.db.write(ctx.tenant.id, async (scope) => {
      const { em } = scope;
      const now = this.clock.now();
      const endpoint = em.create(WebhookEndpoint, {
        tenant: em.getReference<Tenant>('Tenant', scope.tenantId),
        url: input.url,
        description: input.description ?? null,
        eventTypes: input.eventTypes,
        enabled: input.enabled,
        disabledReason: input.enabled ? null : WebhookDisabledReason.BY_ADMIN,
        disabledAt: input.enabled ? null : now,
        createdAt: now,
        createdBy: ctx.principal.id,
        updatedAt: now,
        secret,
        secretCreatedAt: now,
        cursor: 0,
      });
      // The endpoint receives what is committed after it: its cursor is its own creation event.
      const event = await appendEvent(scope, { type: 'webhook_endpoint.created', subjectType: 'WebhookEndpoint', subjectId: endpoint.id, actor: actorOf(ctx), data: { after: view(endpoint) }, occurredAt: now });
      endpoint.cursor = event.sequence;
      await em.flush();
      return new WebhookEndpointWithSecret(endpoint, secret);
    });
  }

  async update(ctx: Context, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint | ValidationError | UnsafeUrlError | ConflictError | NotFoundError> {
    const id = localUuid(input.id, 'WebhookEndpoint');
    if (!id) return new NotFoundError(input.id);
    const invalid = validate(ctx, { url: input.url ?? undefined, eventTypes: input.eventTypes ?? undefined, description: input.description });
    if (invalid) return invalid;
    if (input.url != null) {
      const check = await checkUrl(input.url, this.allow);
      if (!check.ok) return new UnsafeUrlError(check.reason, check.detail);
    }
    return this.db.write(ctx.tenant.id, async (scope) => {
      const { em } = scope;
      const endpoint = await claim(em, id, input.version);
      if (!endpoint) return new NotFoundError(input.id);
      if (typeof endpoint === 'number') return new ConflictError(input.version, endpoint);
      const now = this.clock.now();
      const before = view(endpoint);
      if (input.url != null) endpoint.url = input.url;
      if (input.description !== undefined) endpoint.description = input.description;
      if (input.eventTypes != null && JSON.stringify(input.eventTypes) !== JSON.stringify(endpoint.eventTypes)) {
        endpoint.eventTypes = input.eventTypes;
        // The event being retried may no longer match: start its schedule afresh.
        Object.assign(endpoint, { attempt: 0, nextAttemptAt: null });
      }
      if (input.enabled === true && !endpoint.enabled) {
        // Resumes from the cursor, with a fresh retry schedule and failure window.
        Object.assign(endpoint, { enabled: true, disabledReason: null, disabledAt: null, failingSince: null, nextAttemptAt: null, attempt: 0 });
      } else if (input.enabled === false && endpoint.enabled) {
        Object.assign(endpoint, { enabled: false, disabledReason: WebhookDisabledReason.BY_ADMIN, disabledAt: now });
      }
      endpoint.updatedAt = now;
      await em.flush();
      await appendEvent(scope, { type: 'webhook_endpoint.updated', subjectType: 'WebhookEndpoint', subjectId: endpoint.id, actor: actorOf(ctx), data: { before, after: view(endpoint) }, occurredAt: now });
      return endpoint;
    });
  }

  async rotateSecret(ctx: Context, globalId: string, overlapHours: number): Promise<WebhookEndpointWithSecret | ValidationError | NotFoundError> {
    if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
      return new ValidationError([new ValidationProblem('/overlapHours', 'RANGE', `overlapHours must be an integer from 0 to ${MAX_OVERLAP_HOURS}`)], ctx.locale);
    }
    const id = localUuid(globalId, 'WebhookEndpoint');
    if (!id) return new NotFoundError(globalId);
    const secret = generateSecret();
    return this.db.write(ctx.tenant.id, async (scope) => {
      const { em } = scope;
      const current = await em.findOne(WebhookEndpoint, { id, deletedAt: null });
      const endpoint = current && (await claim(em, id, current.version));
      if (!endpoint || typeof endpoint === 'number') return new NotFoundError(globalId);
      const now = this.clock.now();
      endpoint.previousSecret = overlapHours > 0 ? endpoint.secret : null;
      endpoint.previousSecretExpiresAt = overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null;
      endpoint.secret = secret;
      endpoint.secretCreatedAt = now;
      endpoint.updatedAt = now;
      await em.flush();
      await appendEvent(scope, { type: 'webhook_endpoint.secret_rotated', subjectType: 'WebhookEndpoint', subjectId: endpoint.id, actor: actorOf(ctx), data: { overlapHours }, occurredAt: now });
      return new WebhookEndpointWithSecret(endpoint, secret);
    });
  }

  async remove(ctx: Context, globalId: string): Promise<DeletedWebhookEndpoint | NotFoundError> {
    const id = localUuid(globalId, 'WebhookEndpoint');
    if (!id) return new NotFoundError(globalId);
    return this.db.write(ctx.tenant.id, async (scope) => {
      const endpoint = await scope.em.findOne(WebhookEndpoint, { id, deletedAt: null });
      if (!endpoint) return new NotFoundError(globalId);
      const now = this.clock.now();
      Object.assign(endpoint, { deletedAt: now, enabled: false, updatedAt: now, version: endpoint.version + 1 });
      await scope.em.flush();
      await appendEvent(scope, { type: 'webhook_endpoint.deleted', subjectType: 'WebhookEndpoint', subjectId: endpoint.id, actor: actorOf(ctx), data: { before: view(endpoint) }, occurredAt: now });
      return new DeletedWebhookEndpoint(globalId);
    });
  }

  /** Queues one event for delivery by hand, ahead of the endpoint's stream; the dispatcher attempts it once. */
  async redeliver(ctx: Context, endpointGlobalId: string, eventGlobalId: string): Promise<WebhookDelivery | ValidationError | NotFoundError> {
    const id = localUuid(endpointGlobalId, 'WebhookEndpoint');
    if (!id) return new NotFoundError(endpointGlobalId);
    const eventId = localUuid(eventGlobalId, 'Event');
    if (!eventId) return new NotFoundError(eventGlobalId);
    const result = await this.db.write(ctx.tenant.id, async (scope) => {
      const { em } = scope;
      const endpoint = await em.findOne(WebhookEndpoint, { id, deletedAt: null });
      if (!endpoint) return new NotFoundError(endpointGlobalId);
      const event = await em.findOne(DomainEvent, { id: eventId });
      if (!event) return new NotFoundError(eventGlobalId);
      if (!endpoint.enabled) return new ValidationError([new ValidationProblem('/endpointId', 'ENDPOINT_DISABLED', 'The endpoint is disabled: enable it first')], ctx.locale);
      const previous = await em.count(WebhookDelivery, { endpointId: id, eventId });
      return em.create(WebhookDelivery, {
        tenant: em.getReference<Tenant>('Tenant', scope.tenantId),
        endpointId: id,
        eventId,
        eventSequence: event.sequence,
        eventType: event.type,
        attempt: previous + 1,
        manual: true,
        at: this.clock.now(),
        outcome: WebhookDeliveryOutcome.PENDING,
      });
    });
    if (result instanceof WebhookDelivery) this.wake();
    return result;
  }
}

/**
 * Moves the endpoint's version on if it is still `version` (one conditional UPDATE: on PostgreSQL it also locks
 * the row, so a concurrent edit waits and then conflicts); returns the endpoint, its current version, or null.
 */
async function claim(em: EntityManager, id: string, version: number): Promise<WebhookEndpoint | number | null> {
  // tenant-scope: reviewed — em is the caller's tenant write (filter on); the endpoint by its uuid
  const moved = await em.nativeUpdate(WebhookEndpoint, { id, version, deletedAt: null }, { version: version + 1 });
  const endpoint = await em.findOne(WebhookEndpoint, { id, deletedAt: null }, { refresh: true });
  if (!endpoint) return null;
  return moved === 1 ? endpoint : endpoint.version;
}

function validate(ctx: Context, input: { url?: string; eventTypes?: string[]; description?: string | null }): ValidationError | null {
  const problems: ValidationProblem[] = [];
  if (input.url !== undefined && input.url.length > 2000) problems.push(new ValidationProblem('/url', 'MAX_LENGTH', 'At most 2000 characters'));
  if (input.description && input.description.length > 500) problems.push(new ValidationProblem('/description', 'MAX_LENGTH', 'At most 500 characters'));
  if (input.eventTypes) {
    if (input.eventTypes.length > MAX_EVENT_TYPES) problems.push(new ValidationProblem('/eventTypes', 'MAX_ITEMS', `At most ${MAX_EVENT_TYPES} event types`));
    input.eventTypes.forEach((t, i) => {
      if (!isEventTypeFilter(t) || t.length > 100) problems.push(new ValidationProblem(`/eventTypes/${i}`, 'PATTERN', 'An event type like complaint.created, or a prefix like complaint.*'));
    });
  }
  return problems.length ? new ValidationError(problems, ctx.locale) : null;
}
