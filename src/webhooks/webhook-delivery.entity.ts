import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TenantScoped } from '../db/tenant-scoped.entity';

export enum WebhookDeliveryOutcome {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED_WILL_RETRY = 'FAILED_WILL_RETRY',
  FAILED_GAVE_UP = 'FAILED_GAVE_UP',
}
registerEnumType(WebhookDeliveryOutcome, {
  name: 'WebhookDeliveryOutcome',
  valuesConfig: {
    PENDING: { description: 'A redelivery asked for by hand, not attempted yet.' },
    SUCCEEDED: { description: 'The receiver answered 2xx.' },
    FAILED_WILL_RETRY: { description: 'Failed; retried at nextAttemptAt.' },
    FAILED_GAVE_UP: { description: 'Failed and not retried (retries exhausted, 410, or a redelivery by hand); redeliver it by hand.' },
  },
});

/** One delivery attempt of one event to one endpoint (the delivery log). */
@ObjectType({ description: 'One attempt to deliver an event to a webhook endpoint.' })
@Entity({ tableName: 'webhook_delivery' })
@Index({ properties: ['endpointId', 'at'] })
// Pending redeliveries are looked for on every pass, by outcome alone and per endpoint.
@Index({ properties: ['outcome', 'endpointId'] })
@Index({ properties: ['endpointId', 'eventId'] })
export class WebhookDelivery extends TenantScoped {
  [OptionalProps]?: 'manual' | 'httpStatus' | 'error' | 'latencyMs' | 'responseExcerpt' | 'nextAttemptAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  endpointId!: string;

  /** The event's id, also the `webhook-id` header. */
  @Property({ type: 'uuid' })
  eventId!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  eventSequence!: number;

  @Field()
  @Property({ type: 'string', length: 100 })
  eventType!: string;

  @Field(() => Int, { description: 'Attempt number for this event (1 for the first).' })
  @Property({ type: 'integer' })
  attempt!: number;

  @Field({ description: 'A redelivery asked for by hand.' })
  @Property({ type: 'boolean' })
  manual: boolean = false;

  @Field({ description: 'When it was attempted (queued, while PENDING).' })
  @Property({ type: Date })
  at!: Date;

  @Field(() => WebhookDeliveryOutcome)
  @Property({ type: 'string', length: 20 })
  outcome!: WebhookDeliveryOutcome;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the answer (none after a timeout or a network error).' })
  @Property({ type: 'integer', nullable: true })
  httpStatus: number | null = null;

  @Field(() => String, { nullable: true, description: 'TIMEOUT, CONNECTION_REFUSED, CONNECTION_RESET, DNS_FAILURE, UNSAFE_ADDRESS, TLS_ERROR, NETWORK_ERROR; or HTTP_<status> for a non-2xx answer.' })
  @Property({ type: 'string', length: 200, nullable: true })
  error: string | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  latencyMs: number | null = null;

  @Field(() => String, { nullable: true, description: 'The first 1000 characters of the answer.' })
  @Property({ type: 'text', nullable: true })
  responseExcerpt: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it is retried (FAILED_WILL_RETRY).' })
  @Property({ type: Date, nullable: true })
  nextAttemptAt: Date | null = null;
}
