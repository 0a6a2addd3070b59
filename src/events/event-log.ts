import type { Tenant } from '../auth/tenant.entity';
import { nextCounterValue } from '../db/counter';
import type { WriteScope } from '../db/database';
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
 * Appends one event in the caller's transaction: next per-tenant sequence number (the counter row also
 * serialises the tenant's writers on PostgreSQL) and a hash chained to the previous event.
 */
export async function appendEvent(scope: WriteScope, input: AppendEvent): Promise<DomainEvent> {
  const { em, tenantId } = scope;
  const { sequence, prevHash } = await nextLink(scope);
  const event = em.create(DomainEvent, {
    tenant: em.getReference<Tenant>('Tenant', tenantId),
    sequence,
    type: input.type,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    subjectNumber: input.subjectNumber ?? null,
    actorId: input.actor.id,
    actorName: input.actor.name,
    occurredAt: new Date(),
    reason: input.reason ?? null,
    data: input.data,
    prevHash,
    hash: '',
  });
  event.hash = eventHash(prevHash, { ...event, tenantId });
  scope.events.push(event);
  if (scope.head !== undefined) scope.head = { sequence, hash: event.hash };
  return event;
}

/** Sequence number and previous hash for the next event of the scope's tenant. */
async function nextLink(scope: WriteScope): Promise<{ sequence: number; prevHash: string }> {
  if (scope.head !== undefined) return { sequence: (scope.head?.sequence ?? 0) + 1, prevHash: scope.head?.hash ?? GENESIS_HASH };
  // PostgreSQL: the counter row's lock serialises the tenant's writers until commit.
  const sequence = await nextCounterValue(scope.em, scope.tenantId, 'event');
  const inThisWrite = scope.events.at(-1);
  const previous =
    sequence === 1 ? null : inThisWrite?.sequence === sequence - 1 ? inThisWrite : await scope.em.findOne(DomainEvent, { sequence: sequence - 1 }, { fields: ['hash'] });
  return { sequence, prevHash: previous?.hash ?? GENESIS_HASH };
}
