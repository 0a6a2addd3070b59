import { Arg, Field, FieldResolver, ID, InputType, Resolver, Root, Subscription } from 'type-graphql';
import { fromGlobalId, toGlobalId } from '../shared/graphql/global-id';
import type { Context } from '../server/context';
import { EVENTS_TOPIC } from './event-bus';
import { Actor, DomainEvent } from './event.entity';

@InputType({ description: 'Which complaint events to receive.' })
export class ComplaintEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only events of this complaint.' })
  complaintId?: string;

  @Field(() => [String], { nullable: true, description: 'Only these event types, e.g. complaint.created.' })
  types?: string[];
}

interface SubscriptionFilterArgs {
  payload: DomainEvent;
  args: { filter?: ComplaintEventFilter | null };
}

@Resolver(() => DomainEvent)
export class EventResolver {
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

  @Subscription(() => DomainEvent, {
    description: "Committed events of the caller's tenant about complaints; never an event of a rolled-back change.",
    topics: EVENTS_TOPIC,
    topicId: ({ context }: { context: Context }) => context.tenant.id,
    filter: ({ payload, args }: SubscriptionFilterArgs) => {
      if (payload.subjectType !== 'Complaint') return false;
      const f = args.filter;
      if (f?.types?.length && !f.types.includes(payload.type)) return false;
      if (f?.complaintId) {
        const id = fromGlobalId(f.complaintId);
        if (!id || id.type !== 'Complaint' || id.localId !== payload.subjectId) return false;
      }
      return true;
    },
  })
  complaintEvents(@Root() event: DomainEvent, @Arg('filter', () => ComplaintEventFilter, { nullable: true }) _filter?: ComplaintEventFilter): DomainEvent {
    return event;
  }
}
