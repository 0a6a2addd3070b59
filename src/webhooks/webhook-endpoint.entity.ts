import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TenantScoped } from '../db/tenant-scoped.entity';
import { Node } from '../shared/graphql/node.interface';

export enum WebhookDisabledReason {
  BY_ADMIN = 'BY_ADMIN',
  GONE = 'GONE',
  FAILING = 'FAILING',
}
registerEnumType(WebhookDisabledReason, {
  name: 'WebhookDisabledReason',
  description: 'Why an endpoint is disabled.',
  valuesConfig: {
    BY_ADMIN: { description: 'An admin disabled it.' },
    GONE: { description: 'The receiver answered HTTP 410 Gone.' },
    FAILING: { description: 'Every delivery failed for 5 days.' },
  },
});

/**
 * Where a tenant's events are POSTed, signed with the endpoint's secret. The endpoint keeps its own place in
 * the tenant's event sequence (`cursor`), so delivery is in order and resumes after a restart or re-enable.
 */
@ObjectType({ implements: Node, description: 'A URL that receives the tenant\'s events as signed webhooks (admins only).' })
@Entity({ tableName: 'webhook_endpoint' })
@Index({ properties: ['enabled', 'nextAttemptAt'] })
export class WebhookEndpoint extends TenantScoped {
  [OptionalProps]?: 'version' | 'description' | 'enabled' | 'disabledReason' | 'disabledAt' | 'deletedAt' | 'previousSecret' | 'previousSecretExpiresAt' | 'failingSince' | 'nextAttemptAt' | 'attempt' | 'leaseOwner' | 'leaseUntil';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Where events are POSTed (http or https).' })
  @Property({ type: 'string', length: 2000 })
  url!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  description: string | null = null;

  @Field(() => [String], { description: 'Event types delivered: exact types or prefixes like complaint.*; empty: every event.' })
  @Property({ type: 'json' })
  eventTypes!: string[];

  @Field()
  @Property({ type: 'boolean' })
  enabled: boolean = true;

  @Field(() => WebhookDisabledReason, { nullable: true })
  @Property({ type: 'string', length: 20, nullable: true })
  disabledReason: WebhookDisabledReason | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: Date, nullable: true })
  disabledAt: Date | null = null;

  @Field()
  @Property({ type: Date })
  createdAt!: Date;

  @Field({ description: 'Principal who created it.' })
  @Property({ type: 'string', length: 64 })
  createdBy!: string;

  @Field()
  @Property({ type: Date })
  updatedAt!: Date;

  /** Soft delete: the delivery log stays. */
  @Property({ type: Date, nullable: true })
  deletedAt: Date | null = null;

  /** The signing secret, stored as is because HMAC needs it (never returned after creation or rotation). */
  @Property({ type: 'string', length: 100 })
  secret!: string;

  /** The secret before the last rotation, still signing until previousSecretExpiresAt. */
  @Property({ type: 'string', length: 100, nullable: true })
  previousSecret: string | null = null;

  @Field(() => Date, { nullable: true, description: 'Until then, deliveries also carry a signature with the previous secret.' })
  @Property({ type: Date, nullable: true })
  previousSecretExpiresAt: Date | null = null;

  @Field({ description: 'When the current secret was generated.' })
  @Property({ type: Date })
  secretCreatedAt!: Date;

  /** Sequence of the tenant's last event handled (delivered, given up or filtered out). */
  @Field(() => Int, { name: 'lastSequence', description: 'Sequence number of the last event this endpoint is done with (delivered, given up or not matching its filter); it starts at the endpoint\'s own creation event.' })
  @Property({ type: 'integer' })
  cursor!: number;

  @Field(() => Date, { nullable: true, description: 'Since when deliveries have been failing (null: the last one succeeded).' })
  @Property({ type: Date, nullable: true })
  failingSince: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the next retry is due (null: no retry waiting).' })
  @Property({ type: Date, nullable: true })
  nextAttemptAt: Date | null = null;

  @Field(() => Int, { description: 'Attempts made so far for the event being delivered (0: none failed).' })
  @Property({ type: 'integer' })
  attempt: number = 0;

  /** Instance delivering this endpoint now; with several instances on one database only the holder delivers. */
  @Property({ type: 'string', length: 64, nullable: true })
  leaseOwner: string | null = null;

  @Property({ type: Date, nullable: true })
  leaseUntil: Date | null = null;

  @Field(() => Int, { description: 'Optimistic-concurrency version: pass it back on update; a stale one gives CONFLICT.' })
  /** Moved on by every admin change and by the dispatcher disabling it (not by delivery progress). */
  @Property({ type: 'integer' })
  version: number = 1;
}
