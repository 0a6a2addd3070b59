import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { requirePermission } from '../auth';
import { seesSubject, sightOf, visibleEvents } from '../auth';
import { Complaint } from '../complaints';
import { Investigation } from '../investigations';
import type { Context } from '../shared/request-context';
import type { Database } from '../db/database';
import type { TemplateReader } from '../shared/template-reader';
import type { EventFeedService } from './event-feed.service';
import { containerOf } from '../shared/container';
import { publicError } from '../shared/errors/public-error';
import { toGlobalId } from '../shared/graphql/global-id';
import { eventCursor } from './event-cursor';
import { envelopeOf } from './event-envelope';
import type { EventStreams, StreamOptions } from './event-streams';
import { compileEventFilter, localIds, typeMatcher } from './event-filter';
import { Actor, DomainEvent } from '../db/event.entity';
import { ComplaintEventFilter, ComplaintStatusFilter, EventFilter, FILTER_LIMITS, InvestigationUpdateFilter } from './event.inputs';
import { AuditTrailVerification, EventFeed } from './event.results';

/** The event types that change a complaint's status (creation puts it in its first one). */
const STATUS_EVENTS = new Set(['complaint.created', 'complaint.status_changed']);

@ObjectType({ description: 'A complaint entered a status (or was created in its first one).' })
export class ComplaintStatusChange {
  @Field(() => DomainEvent, { description: 'The event: who, when, why, before and after.' })
  event!: DomainEvent;

  @Field(() => String, { nullable: true, description: 'The status before (null: the complaint was created).' })
  from!: string | null;

  @Field({ description: 'The status entered.' })
  to!: string;

  @Field({ description: 'Complaint type key.' })
  complaintType!: string;

  @Field(() => String, { nullable: true, description: 'Responsible department after the change.' })
  department!: string | null;
}

@ObjectType({ description: 'An investigation (8D) changed: opened, a section saved, submitted, signed off or reopened, the team set, closed...' })
export class InvestigationUpdate {
  @Field(() => DomainEvent)
  event!: DomainEvent;

  @Field(() => String, { nullable: true, description: 'The section the change is about, for section events.' })
  section!: string | null;
}

type Payload = { event: DomainEvent };

function after(event: DomainEvent): Record<string, unknown> {
  return (event.data.after ?? {}) as Record<string, unknown>;
}

function values(list: string[] | null | undefined, path: string): string[] | null {
  if (!list?.length) return null;
  if (list.length > FILTER_LIMITS.values) throw publicError('BAD_USER_INPUT', `At most ${FILTER_LIMITS.values} values`, { path });
  return list;
}

/** The EventResolver of the schema a subscription runs in: `subscribe` is called outside the resolver instance. */
const resolverOf = (info: GraphQLResolveInfo): EventResolver => containerOf(info.schema).get(EventResolver);

@Resolver(() => DomainEvent)
export class EventResolver {
  constructor(
    private readonly db: Database,
    private readonly templateService: TemplateReader,
    private readonly eventFeedService: EventFeedService,
    private readonly eventStreams: EventStreams,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() event: DomainEvent): string {
    return toGlobalId('Event', event.id);
  }

  @FieldResolver(() => ID, { description: 'Global ID of the subject, e.g. of the complaint.' })
  subjectId(@Root() event: DomainEvent): string {
    return toGlobalId(event.subjectType, event.subjectId);
  }

  @FieldResolver(() => Actor)
  actor(@Root() event: DomainEvent): Actor {
    return { id: event.actorId, name: event.actorName };
  }

  @FieldResolver(() => String, { description: 'Position of this event: pass it to events(after:) to continue after it.' })
  cursor(@Root() event: DomainEvent): string {
    return eventCursor(event.sequence);
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'The event as webhooks deliver it: a CloudEvents 1.0 JSON envelope (see README, Integrations).' })
  envelope(@Root() event: DomainEvent): Record<string, unknown> {
    return envelopeOf(event) as unknown as Record<string, unknown>;
  }

  @Query(() => EventFeed, {
    description:
      "The tenant's events in sequence (commit) order, after a cursor. Store pageInfo.endCursor and ask again: after any downtime you get every event once, with no gap.",
  })
  async events(
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from a previous page or event; none: from the first event.' }) afterCursor: string | null,
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 100.' }) first: number,
    @Arg('filter', () => EventFilter, { nullable: true }) filter: EventFilter | null,
  ): Promise<EventFeed> {
    await requirePermission(this.templateService, ctx, 'event.read');
    const visible = visibleEvents(ctx.em, await sightOf(this.templateService, ctx.em, ctx, this.db.dialect));
    return this.eventFeedService.page(ctx.em, afterCursor, first, filter, visible);
  }

  @Query(() => AuditTrailVerification, {
    description: "Recomputes the tenant's hash-chained audit trail from its first event and reports the first broken link (tamper evidence).",
  })
  async verifyAuditTrail(@Ctx() ctx: Context): Promise<AuditTrailVerification> {
    await requirePermission(this.templateService, ctx, 'audit.verify');
    return this.eventFeedService.verify(ctx.em, ctx.tenant.id);
  }

  @Subscription(() => DomainEvent, {
    name: 'events',
    description:
      "The tenant's committed events: first those after the cursor (replayed from the record), then live, in sequence order with no gap or repeat at the seam. Without `after`: live from now. Resume after a dropped connection with the cursor of the last event received.",
    subscribe: ({ args, context, info }) => {
      const ctx = context as Context;
      const { match, where } = compileEventFilter(args.filter as EventFilter | null);
      const resolver = resolverOf(info);
      const from = args.after === undefined || args.after === null ? undefined : resolver.eventFeedService.position(args.after as string);
      return resolver.callerStream(ctx, { match, where, after: from });
    },
  })
  eventStream(
    @Root() event: DomainEvent,
    @Arg('after', () => String, { nullable: true, description: 'Replay from after this cursor first.' }) _after?: string,
    @Arg('filter', () => EventFilter, { nullable: true }) _filter?: EventFilter,
  ): DomainEvent {
    return event;
  }

  @Subscription(() => DomainEvent, {
    description: "Committed events of the caller's tenant about complaints, live; never an event of a rolled-back change.",
    subscribe: ({ args, context, info }) => {
      const ctx = context as Context;
      const f = args.filter as ComplaintEventFilter | null;
      const types = typeMatcher(f?.types, 'filter/types');
      const ids = f?.complaintId ? localIds([f.complaintId], 'filter/complaintId', 'Complaint') : null;
      return resolverOf(info).callerStream(ctx, {
        match: (e) => e.subjectType === 'Complaint' && (!types || types.test(e.type)) && (!ids || ids.includes(e.subjectId)),
      });
    },
  })
  complaintEvents(@Root() event: DomainEvent, @Arg('filter', () => ComplaintEventFilter, { nullable: true }) _filter?: ComplaintEventFilter): DomainEvent {
    return event;
  }

  @Subscription(() => ComplaintStatusChange, {
    description: 'Complaints entering a status (including creation), live, filtered by complaint type, new status and department.',
    subscribe: async ({ args, context, info }) => {
      const ctx = context as Context;
      const f = args.filter as ComplaintStatusFilter | null;
      const types = values(f?.types, 'filter/types');
      const statuses = values(f?.statuses, 'filter/statuses');
      const departments = values(f?.departments, 'filter/departments');
      const match = (e: DomainEvent) => {
        if (e.subjectType !== 'Complaint' || !STATUS_EVENTS.has(e.type)) return false;
        const a = after(e);
        return (!types || types.includes(a.typeKey as string)) && (!statuses || statuses.includes(a.status as string)) && (!departments || departments.includes(a.department as string));
      };
      return mapStream(await resolverOf(info).callerStream(ctx, { match }), (event) => ({ event }));
    },
  })
  complaintStatusChanged(@Root() payload: Payload, @Arg('filter', () => ComplaintStatusFilter, { nullable: true }) _filter?: ComplaintStatusFilter): ComplaintStatusChange {
    const { event } = payload;
    const a = after(event);
    const before = event.data.before as Record<string, unknown> | null;
    return { event, from: (before?.status as string | undefined) ?? null, to: a.status as string, complaintType: a.typeKey as string, department: (a.department as string | null | undefined) ?? null };
  }

  @Subscription(() => InvestigationUpdate, {
    description: 'Changes of investigations (8D), live, filtered by investigation, event type and section.',
    subscribe: async ({ args, context, info }) => {
      const ctx = context as Context;
      const f = args.filter as InvestigationUpdateFilter | null;
      const ids = localIds(f?.investigationIds, 'filter/investigationIds', 'Investigation');
      const types = typeMatcher(f?.types, 'filter/types');
      const sections = values(f?.sections, 'filter/sections');
      const match = (e: DomainEvent) =>
        e.subjectType === 'Investigation' && (!ids || ids.includes(e.subjectId)) && (!types || types.test(e.type)) && (!sections || sections.includes(e.data.section as string));
      return mapStream(await resolverOf(info).callerStream(ctx, { match }), (event) => ({ event }));
    },
  })
  investigationUpdated(@Root() payload: Payload, @Arg('filter', () => InvestigationUpdateFilter, { nullable: true }) _filter?: InvestigationUpdateFilter): InvestigationUpdate {
    return { event: payload.event, section: (payload.event.data.section as string | undefined) ?? null };
  }

  /** The tenant's committed events for a holder of event.read, without those about records the caller may not see. */
  private async callerStream(ctx: Context, options: StreamOptions): Promise<AsyncIterableIterator<DomainEvent>> {
    await requirePermission(this.templateService, ctx, 'event.read');
    const sight = await sightOf(this.templateService, ctx.em, ctx, this.db.dialect);
    const source = await this.eventStreams.subscribe(ctx.tenant.id, options);
    if (sight.all) return source;
    const { db } = this;
    const filtered: AsyncIterableIterator<DomainEvent> = {
      async next() {
        for (;;) {
          const r = await source.next();
          // A fresh entity manager per check: the subject may have moved since the subscription started.
          if (r.done || (await seesSubject(db.forTenant(ctx.tenant.id), sight, r.value))) return r;
        }
      },
      async return() {
        await source.return?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => filtered,
    };
    return filtered;
  }
}

@Resolver(() => ComplaintStatusChange)
export class ComplaintStatusChangeResolver {
  constructor(
    private readonly db: Database,
  ) {}

  @FieldResolver(() => Complaint, { nullable: true, description: 'The complaint as it is now (read when delivered; null if it no longer exists).' })
  complaint(@Root() change: ComplaintStatusChange, @Ctx() ctx: Context): Promise<Complaint | null> {
    // A subscription lives long: a fresh entity manager per delivery, never a stale identity map.
    return this.db.forTenant(ctx.tenant.id).findOne(Complaint, { id: change.event.subjectId });
  }
}

@Resolver(() => InvestigationUpdate)
export class InvestigationUpdateResolver {
  constructor(
    private readonly db: Database,
  ) {}

  @FieldResolver(() => Investigation, { nullable: true, description: 'The investigation as it is now (read when delivered).' })
  investigation(@Root() update: InvestigationUpdate, @Ctx() ctx: Context): Promise<Investigation | null> {
    return this.db.forTenant(ctx.tenant.id).findOne(Investigation, { id: update.event.subjectId });
  }
}

/** The same stream with each item mapped, ending (and releasing the subscription) when the client stops. */
function mapStream<T, U>(source: AsyncIterableIterator<T>, fn: (item: T) => U): AsyncIterableIterator<U> {
  return {
    async next() {
      const r = await source.next();
      return r.done ? { value: undefined, done: true } : { value: fn(r.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
