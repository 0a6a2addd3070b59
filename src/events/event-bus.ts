import { createPubSub } from '@graphql-yoga/subscription';
import type { DomainEvent } from './event.entity';

/** Committed events, per tenant, for GraphQL subscriptions in this process. */
export const EVENTS_TOPIC = 'EVENTS';

export type EventPubSub = ReturnType<typeof createEventPubSub>;

export function createEventPubSub() {
  return createPubSub<{ [EVENTS_TOPIC]: [tenantId: string, event: DomainEvent] }>();
}

export function publishCommitted(pubSub: EventPubSub, events: DomainEvent[]): void {
  for (const event of events) pubSub.publish(EVENTS_TOPIC, event.tenant.id, event);
}
