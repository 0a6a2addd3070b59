import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType } from 'type-graphql';
import { TenantScoped } from './tenant-scoped.entity';
import { Node } from '../shared/graphql/node.interface';

/** Who caused an event: a principal, or the system itself. */
@ObjectType({ description: 'Who caused an event.' })
export class Actor {
  @Field({ description: 'Principal id, or "system".' })
  id!: string;

  @Field({ description: 'Display name at the time of the event.' })
  name!: string;
}

/**
 * One append-only record of a change, written in the same transaction as the change (ISO 9001 7.5 records,
 * 21 CFR Part 11 11.10(e) audit trail). Hash-chained per tenant; the table is also the outbox.
 */
@ObjectType('Event', { implements: Node, description: 'An append-only record of one change: who, when, what, before and after.' })
@Entity({ tableName: 'event' })
@Unique({ properties: ['tenant', 'sequence'] })
@Index({ properties: ['tenant', 'subjectId', 'sequence'] })
export class DomainEvent extends TenantScoped {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => Int, { description: 'Per-tenant sequence number: gap-free, increasing in commit order.' })
  @Property({ type: 'integer' })
  sequence!: number;

  @Field({ description: 'Event type, e.g. complaint.created.' })
  @Property({ type: 'string', length: 100 })
  type!: string;

  @Field({ description: 'Type of the subject, e.g. Complaint.' })
  @Property({ type: 'string', length: 50 })
  subjectType!: string;

  @Property({ type: 'uuid' })
  subjectId!: string;

  @Field(() => String, { nullable: true, description: 'Human-readable number of the subject, when it has one.' })
  @Property({ type: 'string', length: 64, nullable: true })
  subjectNumber?: string | null;

  @Property({ type: 'string', length: 64 })
  actorId!: string;

  @Property({ type: 'string', length: 200 })
  actorName!: string;

  @Field({ description: 'When the change was committed.' })
  @Property({ type: Date })
  occurredAt: Date = new Date();

  @Field(() => String, { nullable: true, description: 'Why, when the change takes a reason.' })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Event data; changes carry `before` and `after`.' })
  @Property({ type: 'json' })
  data!: Record<string, unknown>;

  @Property({ type: 'string', length: 64 })
  prevHash!: string;

  @Field({ description: 'SHA-256 over this event and the previous event\'s hash (tamper evidence).' })
  @Property({ type: 'string', length: 64 })
  hash!: string;
}
