import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A tenant's events up to `sequence` are committed; `config`: among them configuration events (template.*, tenant.*). */
export type EventWakeListener = (tenantId: string, sequence: number, config: boolean) => void;

/**
 * "Committed events are waiting" as a wake-up only: readers (subscriptions, webhook delivery) then read the
 * event table, which stays the source of truth. A lost signal costs latency (until the next poll), never events.
 */
export interface EventSignal {
  /** Called after a commit in this process; `config` when it appended configuration events. */
  notify(tenantId: string, sequence: number, config?: boolean): void;
  /** Listens for commits in this process and, with a broker, in every other instance. Returns the unsubscribe. */
  listen(listener: EventWakeListener): () => void;
  close(): Promise<void>;
}

/** One process (the SQLite default): commits here are all there are. */
export class LocalEventSignal implements EventSignal {
  protected readonly listeners = new Set<EventWakeListener>();

  notify(tenantId: string, sequence: number, config = false): void {
    this.wake(tenantId, sequence, config);
  }

  listen(listener: EventWakeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected wake(tenantId: string, sequence: number, config: boolean): void {
    for (const listener of this.listeners) listener(tenantId, sequence, config);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

const CHANNEL = 'complaint-qms:events';

/** Several instances: each commit wakes this process at once and the others through Redis pub/sub. */
export class RedisEventSignal extends LocalEventSignal {
  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly log: Logger,
  ) {
    super();
  }

  static async connect(url: string, log: Logger): Promise<RedisEventSignal> {
    const options = { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false };
    const publisher = new Redis(url, options);
    const subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
    for (const client of [publisher, subscriber]) client.on('error', (error: Error) => log.warn({ err: error }, 'redis: connection problem (events are still read on the poll)'));
    await Promise.all([publisher.connect(), subscriber.connect()]);
    const signal = new RedisEventSignal(publisher, subscriber, log);
    subscriber.on('message', (_channel: string, message: string) => signal.received(message));
    await subscriber.subscribe(CHANNEL);
    return signal;
  }

  override notify(tenantId: string, sequence: number, config = false): void {
    this.wake(tenantId, sequence, config);
    // "<tenant> <sequence>[ config]": a reader that knows only the first two words still wakes.
    this.publisher.publish(CHANNEL, `${tenantId} ${sequence}${config ? ' config' : ''}`).catch((error: Error) => this.log.debug({ err: error }, 'redis: wake-up not sent'));
  }

  private received(message: string): void {
    const [tenantId, sequence, flag] = message.split(' ');
    if (tenantId && sequence && /^\d+$/.test(sequence)) this.wake(tenantId, Number(sequence), flag === 'config');
  }

  override async close(): Promise<void> {
    await super.close();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

export async function createEventSignal(redisUrl: string | null, log: Logger): Promise<EventSignal> {
  return redisUrl ? RedisEventSignal.connect(redisUrl, log) : new LocalEventSignal();
}
