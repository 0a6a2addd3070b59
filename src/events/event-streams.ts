import type { FilterQuery } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import type { EventSignal } from './event-signal';
import { DomainEvent } from '../db/event.entity';

/** Events read from the table at a time. */
const PAGE = 500;

/**
 * Most events a subscriber may have waiting; a client that falls further behind is ended with an error that
 * tells it to resume from its cursor (`events(after:)`), rather than growing this process's memory without end.
 */
const MAX_BACKLOG = 10_000;

export class SubscriberTooSlow extends Error {
  constructor(readonly lastSequence: number) {
    super(`Subscriber fell more than ${MAX_BACKLOG} events behind; resubscribe with events(after:) from the last cursor received`);
  }
}

type Match = (event: DomainEvent) => boolean;

/** One subscription: its own position in the tenant's sequence, a queue, and (while replaying) live events held back. */
class Subscriber implements AsyncIterableIterator<DomainEvent> {
  position: number;
  replaying: boolean;
  private readonly queue: DomainEvent[] = [];
  private readonly held: DomainEvent[] = [];
  private waiting: ((result: IteratorResult<DomainEvent>) => void) | null = null;
  private failWaiting: ((error: unknown) => void) | null = null;
  private failure: unknown = null;
  private roomWaiter: (() => void) | null = null;
  done = false;

  constructor(
    readonly match: Match,
    position: number,
    replaying: boolean,
    private readonly onEnd: (s: Subscriber) => void,
  ) {
    this.position = position;
    this.replaying = replaying;
  }

  /** From the tenant's tail, in sequence order. */
  offer(event: DomainEvent): void {
    if (this.done) return;
    if (this.replaying) this.held.push(event);
    else this.accept(event);
  }

  /** In sequence order, each event once: anything at or before the position has been seen (replayed) already. */
  accept(event: DomainEvent): void {
    if (this.done || event.sequence <= this.position) return;
    this.position = event.sequence;
    if (!this.match(event)) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: event, done: false });
      return;
    }
    this.queue.push(event);
    if (this.queue.length > MAX_BACKLOG) this.fail(new SubscriberTooSlow(this.queue[0].sequence - 1));
  }

  /** Replay reached the tail: the live events held meanwhile follow, without a gap or a repeat. */
  goLive(): void {
    this.replaying = false;
    for (const event of this.held.splice(0)) this.accept(event);
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.queue.length = 0;
    if (this.failWaiting) {
      const reject = this.failWaiting;
      this.waiting = this.failWaiting = null;
      this.end();
      reject(error);
    }
  }

  next(): Promise<IteratorResult<DomainEvent>> {
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      this.end();
      return Promise.reject(error);
    }
    const event = this.queue.shift();
    if (this.roomWaiter && this.queue.length < PAGE) {
      this.roomWaiter();
      this.roomWaiter = null;
    }
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  /** Resolves once the client has taken enough that another page of replay fits (back-pressure). */
  room(): Promise<void> {
    if (this.done || this.queue.length < PAGE) return Promise.resolve();
    return new Promise((resolve) => (this.roomWaiter = resolve));
  }

  return(): Promise<IteratorResult<DomainEvent>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    this.held.length = 0;
    this.roomWaiter?.();
    this.roomWaiter = null;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = this.failWaiting = null;
    this.onEnd(this);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<DomainEvent> {
    return this;
  }
}

/**
 * A tenant's committed events, read from the event table in sequence order by one reader per process and handed
 * to that tenant's subscribers. Per tenant, sequence order is commit order (SQLite: one writer; PostgreSQL: the
 * counter row stays locked until commit), so reading `sequence > position` never skips an event.
 */
class TenantTail {
  readonly subscribers = new Set<Subscriber>();
  position = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private started = false;
  readonly ready: Promise<void>;

  constructor(
    private readonly db: Database,
    readonly tenantId: string,
    private readonly log: Logger,
  ) {
    this.ready = this.head().then((head) => {
      this.position = head;
      this.started = true;
    });
  }

  /** Events this process committed: handed on straight away when they follow on, otherwise read. */
  committed(events: DomainEvent[]): void {
    if (this.started && !this.reading && events[0]?.sequence === this.position + 1 && events.every((e, i) => e.sequence === this.position + 1 + i)) {
      this.dispatch(events);
      return;
    }
    this.wake(events.at(-1)?.sequence);
  }

  /** Reads what was committed after the position; a wake-up during a read runs one more. */
  wake(sequence?: number): void {
    if (sequence !== undefined && sequence <= this.position) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      try {
        await this.ready;
        do {
          this.again = false;
          for (;;) {
            const page = await this.read(this.position, PAGE);
            if (page.length) this.dispatch(page);
            if (page.length < PAGE) break;
          }
        } while (this.again);
      } catch (error) {
        this.log.warn({ err: error, tenant: this.tenantId }, 'event stream: reading committed events failed; retried on the next wake-up or poll');
      } finally {
        this.reading = null;
      }
    })();
  }

  private dispatch(events: DomainEvent[]): void {
    for (const event of events) {
      if (event.sequence !== this.position + 1) continue;
      this.position = event.sequence;
      for (const s of this.subscribers) s.offer(event);
    }
  }

  read(after: number, limit: number, where: FilterQuery<DomainEvent> = {}): Promise<DomainEvent[]> {
    return this.db.forTenant(this.tenantId).find(DomainEvent, { $and: [{ sequence: { $gt: after } }, where] }, { orderBy: { sequence: 'asc' }, limit });
  }

  private async head(): Promise<number> {
    const [last] = await this.db.forTenant(this.tenantId).find(DomainEvent, {}, { orderBy: { sequence: 'desc' }, limit: 1, fields: ['sequence'] });
    return last?.sequence ?? 0;
  }
}

export interface StreamOptions {
  /** Which events the subscriber wants (after the tenant scope, which is always applied). */
  match: Match;
  /** The same selection in SQL, so a replay reads only matching events (it must select no more than `match`). */
  where?: FilterQuery<DomainEvent>;
  /** Replay from after this sequence (0: the tenant's first event) before going live; undefined: live only. */
  after?: number;
}

/**
 * Subscriptions fed from committed events only: woken after a commit here (handed over directly), by the
 * signal from another instance, or by the poll, and always reading the event table, so a lost wake-up costs
 * latency and never an event, and a rolled-back change is never seen.
 */
export class EventStreams {
  private readonly tails = new Map<string, TenantTail>();
  /** Subscriptions whose start position is fixed, since this process started. */
  private started = 0;
  private readonly stopListening: () => void;
  private readonly poll: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    signal: EventSignal,
    pollMs: number,
    private readonly log: Logger,
  ) {
    db.onCommit((events) => {
      const byTenant = new Map<string, DomainEvent[]>();
      for (const e of events) byTenant.set(e.tenant.id, [...(byTenant.get(e.tenant.id) ?? []), e]);
      for (const [tenantId, list] of byTenant) this.tails.get(tenantId)?.committed(list);
    });
    this.stopListening = signal.listen((tenantId, sequence) => this.tails.get(tenantId)?.wake(sequence));
    this.poll = setInterval(() => {
      for (const tail of this.tails.values()) tail.wake();
    }, pollMs).unref();
  }

  /** The tenant's events from the moment of the call (or replayed from `after`), in sequence order, each once. */
  async subscribe(tenantId: string, { match, where, after }: StreamOptions): Promise<AsyncIterableIterator<DomainEvent>> {
    let tail = this.tails.get(tenantId);
    if (!tail) this.tails.set(tenantId, (tail = new TenantTail(this.db, tenantId, this.log)));
    const owner = tail;
    const subscriber = new Subscriber(match, after ?? 0, after !== undefined, (s) => {
      owner.subscribers.delete(s);
      if (!owner.subscribers.size && this.tails.get(tenantId) === owner) this.tails.delete(tenantId);
    });
    // Registered before the replay reads anything: whatever the tail hands on from now is held, not missed.
    tail.subscribers.add(subscriber);
    try {
      await tail.ready;
      if (after === undefined) subscriber.position = tail.position;
      else void this.replay(tail, subscriber, where);
      this.started++;
    } catch (error) {
      await subscriber.return();
      throw error;
    }
    return subscriber;
  }

  /**
   * Pages through the record after the subscriber's position, then hands over to live. A filtered read skips
   * what does not match; live events held meanwhile at or before the last one read are dropped as repeats.
   */
  private async replay(tail: TenantTail, subscriber: Subscriber, where?: FilterQuery<DomainEvent>): Promise<void> {
    try {
      for (;;) {
        await subscriber.room();
        if (subscriber.done) return;
        const page = await tail.read(subscriber.position, PAGE, where);
        for (const event of page) subscriber.accept(event);
        if (page.length < PAGE) break;
      }
      subscriber.goLive();
    } catch (error) {
      subscriber.fail(error);
    }
  }

  /** Subscriptions started in this process, each counted once its start position is fixed: from then on it misses nothing (tests wait on it rather than on a pause). */
  startedCount(): number {
    return this.started;
  }

  /** Subscribers of a tenant in this process (for tests and metrics). */
  subscriberCount(tenantId: string): number {
    return this.tails.get(tenantId)?.subscribers.size ?? 0;
  }

  close(): void {
    clearInterval(this.poll);
    this.stopListening();
    for (const tail of this.tails.values()) for (const s of tail.subscribers) void s.return();
    this.tails.clear();
  }
}
