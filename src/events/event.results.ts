import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DomainEvent } from '../db/event.entity';

@ObjectType('EventEdge')
export class EventEdge {
  @Field({ description: 'Pass to events(after:) to continue after this event.' })
  cursor!: string;

  @Field(() => DomainEvent)
  node!: DomainEvent;
}

@ObjectType('EventFeedPageInfo')
export class EventFeedPageInfo {
  @Field({ description: 'More events match after this page.' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Where to continue: the last event of this page, or the `after` sent when the page is empty (null: from the start). Store it; no event is skipped or repeated.',
  })
  endCursor!: string | null;
}

@ObjectType('EventFeed', { description: "A page of the tenant's events in sequence (commit) order." })
export class EventFeed {
  @Field(() => [EventEdge])
  edges!: EventEdge[];

  @Field(() => EventFeedPageInfo)
  pageInfo!: EventFeedPageInfo;

  @Field(() => Int, { description: "The tenant's latest sequence number now (0: no event yet)." })
  headSequence!: number;
}

export enum AuditTrailProblem {
  /** An event's content no longer gives its stored hash: it was changed after it was written. */
  HASH_MISMATCH = 'HASH_MISMATCH',
  /** An event's previous-hash is not the stored hash of the event before it: one of them was changed or replaced. */
  LINK_MISMATCH = 'LINK_MISMATCH',
  /** A sequence number is missing: an event was removed. */
  SEQUENCE_GAP = 'SEQUENCE_GAP',
}
registerEnumType(AuditTrailProblem, { name: 'AuditTrailProblem', description: 'How a link of the audit trail is broken.' });

@ObjectType({ description: 'The first broken link of the audit trail.' })
export class AuditTrailBreak {
  @Field(() => Int, { description: 'Sequence number of the first event that does not verify (for a gap: the first one missing).' })
  sequence!: number;

  @Field(() => String, { nullable: true, description: 'Its event ID, when the event exists.' })
  eventId!: string | null;

  @Field(() => AuditTrailProblem)
  problem!: AuditTrailProblem;

  @Field()
  message!: string;
}

@ObjectType({ description: "The result of recomputing the tenant's hash chain from its first event." })
export class AuditTrailVerification {
  @Field({ description: 'True when every event verifies and links to the one before it.' })
  intact!: boolean;

  @Field(() => Int, { description: 'Events checked (up to the first break).' })
  checked!: number;

  @Field(() => Int, { description: 'Sequence number of the last event.' })
  headSequence!: number;

  @Field(() => String, { nullable: true, description: 'Hash of the last event: keep it elsewhere (e.g. in a report) to detect later removal of events from the end.' })
  headHash!: string | null;

  @Field(() => AuditTrailBreak, { nullable: true })
  firstBreak!: AuditTrailBreak | null;

  @Field()
  verifiedAt!: Date;
}
