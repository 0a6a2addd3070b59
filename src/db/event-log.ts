import type { Tenant } from './tenant.entity';
import { nextCounterValue } from './counter';
import type { ChainHead, WriteScope } from './database';
import { canonicalJson, sha256 } from '../shared/canonical-json';
import { DomainEvent } from './event.entity';

export const GENESIS_HASH = '0'.repeat(64);

export interface Actor {
  id: string;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'System' };

export interface AppendEvent {
  type: string;
  subjectType: string;
  subjectId: string;
  subjectNumber?: string | null;
  actor: Actor;
  reason?: string | null;
  data: Record<string, unknown>;
  /** When it happened by the app's clock; defaults to now. */
  occurredAt?: Date;
}

/** The fields the hash covers: everything but the hash itself, in canonical JSON. */
export function eventHash(prevHash: string, e: Omit<DomainEvent, 'hash' | 'prevHash' | 'tenant'> & { tenantId: string }): string {
  return sha256(
    prevHash +
      canonicalJson({
        id: e.id,
        tenantId: e.tenantId,
        sequence: e.sequence,
        type: e.type,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        subjectNumber: e.subjectNumber ?? null,
        actorId: e.actorId,
        actorName: e.actorName,
        occurredAt: e.occurredAt.toISOString(),
        reason: e.reason ?? null,
        data: e.data,
      }),
  );
}

/**
 * Appends one event in the caller's transaction with the next per-tenant sequence number and a hash chained
 * to the previous event. On SQLite the link is taken from the in-memory chain without awaiting anything, so
 * writes sharing a transaction cannot take the same link.
 */
export async function appendEvent(scope: WriteScope, input: AppendEvent): Promise<DomainEvent> {
  if (scope.chain) return link(scope, input, scope.chain.head);
  // PostgreSQL: the counter row's lock serialises the tenant's writers until commit.
  const sequence = await nextCounterValue(scope.em, scope.tenantId, 'event');
  const inThisWrite = scope.events.at(-1);
  const previous =
    sequence === 1 ? null : inThisWrite?.sequence === sequence - 1 ? inThisWrite : await scope.em.findOne(DomainEvent, { sequence: sequence - 1 }, { fields: ['hash'] });
  return link(scope, input, { sequence: sequence - 1, hash: previous?.hash ?? GENESIS_HASH });
}

function link(scope: WriteScope, input: AppendEvent, previous: ChainHead | null): DomainEvent {
  const { em, tenantId } = scope;
  const sequence = (previous?.sequence ?? 0) + 1;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  const event = em.create(DomainEvent, {
    tenant: em.getReference<Tenant>('Tenant', tenantId),
    sequence,
    type: input.type,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    subjectNumber: input.subjectNumber ?? null,
    actorId: input.actor.id,
    actorName: input.actor.name,
    occurredAt: input.occurredAt ?? new Date(),
    reason: input.reason ?? null,
    data: input.data,
    prevHash,
    hash: '',
  });
  event.hash = eventHash(prevHash, { ...event, tenantId });
  scope.events.push(event);
  if (scope.chain) scope.chain.head = { sequence, hash: event.hash };
  return event;
}
