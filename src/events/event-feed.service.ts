import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { publicError } from '../shared/errors/public-error';
import { MAX_PAGE_SIZE } from '../shared/graphql/connection';
import type { Clock } from '../scheduler';
import { eventCursor, sequenceOfCursor } from './event-cursor';
import { compileEventFilter } from './event-filter';
import { eventHash, GENESIS_HASH } from '../db/event-log';
import { DomainEvent } from '../db/event.entity';
import type { EventFilter } from './event.inputs';
import { AuditTrailProblem, type AuditTrailVerification, type EventFeed } from './event.results';

/** Events hashed per read when verifying. */
const VERIFY_PAGE = 1_000;

/** The pull side of the event record: the feed integrators catch up with, and the audit-trail check. */
export class EventFeedService {
  constructor(private readonly clock: Clock) {}

  /** `after` as a sequence: null for the start; BAD_USER_INPUT (path `after`) when it is not a cursor. */
  position(after: string | null | undefined): number {
    if (after === null || after === undefined) return 0;
    const sequence = sequenceOfCursor(after);
    if (sequence === null) throw publicError('BAD_USER_INPUT', `${JSON.stringify(after)} is not an event cursor`, { path: 'after' });
    return sequence;
  }

  /** `visible` narrows the page to the events the caller may see (cursors stay the tenant's sequence numbers). */
  async page(em: EntityManager, after: string | null | undefined, first: number, filter: EventFilter | null | undefined, visible: FilterQuery<DomainEvent> = {}): Promise<EventFeed> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw publicError('BAD_USER_INPUT', `first must be 1 to ${MAX_PAGE_SIZE}`, { path: 'first' });
    const from = this.position(after);
    const { where } = compileEventFilter(filter);
    const [rows, head] = await Promise.all([
      em.find(DomainEvent, { $and: [{ sequence: { $gt: from } }, where, visible] }, { orderBy: { sequence: 'asc' }, limit: first + 1 }),
      em.find(DomainEvent, {}, { orderBy: { sequence: 'desc' }, limit: 1, fields: ['sequence'] }),
    ]);
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return {
      edges: nodes.map((node) => ({ cursor: eventCursor(node.sequence), node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? eventCursor(last.sequence) : after ?? null },
      headSequence: head[0]?.sequence ?? 0,
    };
  }

  /**
   * Recomputes the chain from the first event: each hash from the event's content and the hash before it, each
   * stored previous-hash against the event before, and the sequence without gaps. Reports the first break.
   */
  async verify(em: EntityManager, tenantId: string): Promise<AuditTrailVerification> {
    let expectedSequence = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const result = (firstBreak: AuditTrailVerification['firstBreak'], head: { sequence: number; hash: string | null }): AuditTrailVerification => ({
      intact: !firstBreak,
      checked,
      headSequence: head.sequence,
      headHash: head.hash,
      firstBreak,
      verifiedAt: this.clock.now(),
    });
    const [head] = await em.find(DomainEvent, {}, { orderBy: { sequence: 'desc' }, limit: 1, fields: ['sequence', 'hash'] });
    const headOf = { sequence: head?.sequence ?? 0, hash: head?.hash ?? null };
    for (;;) {
      // A fresh entity manager per page: a long trail is never all in memory.
      const page = await em.fork({ clear: true }).find(DomainEvent, { sequence: { $gte: expectedSequence } }, { orderBy: { sequence: 'asc' }, limit: VERIFY_PAGE });
      for (const event of page) {
        if (event.sequence !== expectedSequence) {
          return result({ sequence: expectedSequence, eventId: null, problem: AuditTrailProblem.SEQUENCE_GAP, message: `Event ${expectedSequence} is missing (the next one stored is ${event.sequence})` }, headOf);
        }
        if (event.prevHash !== prevHash) {
          return result({ sequence: event.sequence, eventId: event.id, problem: AuditTrailProblem.LINK_MISMATCH, message: `Event ${event.sequence} does not link to the stored hash of event ${event.sequence - 1}` }, headOf);
        }
        const recomputed = eventHash(event.prevHash, { ...event, tenantId });
        if (recomputed !== event.hash) {
          return result({ sequence: event.sequence, eventId: event.id, problem: AuditTrailProblem.HASH_MISMATCH, message: `Event ${event.sequence} was changed after it was written: its content no longer gives its hash` }, headOf);
        }
        prevHash = event.hash;
        expectedSequence += 1;
        checked += 1;
      }
      if (page.length < VERIFY_PAGE) return result(null, headOf);
    }
  }
}
