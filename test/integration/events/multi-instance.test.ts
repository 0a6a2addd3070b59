import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateComplaintDocument, EventStreamDocument, type EventFieldsFragment } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../../fixtures/server-process';
import { subscribeEvents, type EventStream } from '../../fixtures/subscriptions';
import { createTestDatabase, testDialect, type TestDatabase } from '../../fixtures/test-database';

/**
 * Several server processes on one PostgreSQL database: a change made through one reaches subscribers on all.
 * SQLite is one process by design (its writer queue and chain head live in that process), so this runs on the
 * PostgreSQL suite, with the Redis that CI and the development machine run on 127.0.0.1:6379.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = 'multi-instance-admin-key-000000000';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const postgres = testDialect() === 'postgresql';
/** Without Redis the tests are skipped (reported as skipped, with the reason on the console). */
let redis = false;

let db: TestDatabase;
const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await killAllServerProcesses();
  await db?.drop();
});

function wsClient(server: ServerProcess): Client {
  const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${KEY}` }, retryAttempts: 0, lazy: true });
  clients.push(client);
  return client;
}

async function createOn(server: ServerProcess, description: string): Promise<string> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query: print(CreateComplaintDocument), variables: { input: createInput({ data: productQualityData({ description }) }) } }),
  });
  const json = (await response.json()) as { data?: { createComplaint?: { __typename: string; id?: string } }; errors?: unknown };
  if (json.data?.createComplaint?.__typename !== 'Complaint') throw new Error(`createComplaint failed: ${JSON.stringify(json)}`);
  return json.data.createComplaint.id!;
}

/** A ceiling, not a budget: well below the 60 s poll, so an event that arrives within it came by the wake-up (or the 300 ms poll of the instance without Redis). */
const WAKE_UP_CEILING_MS = 20_000;

async function take(stream: EventStream, n: number, timeoutMs: number): Promise<EventFieldsFragment[]> {
  const got: EventFieldsFragment[] = [];
  for (let i = 0; i < n; i++) got.push((await stream.next(timeoutMs)) as unknown as EventFieldsFragment);
  return got;
}

describe.skipIf(!postgres)('several server processes on one PostgreSQL database', { timeout: 120_000 }, () => {
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    redis = await redisReachable();
    if (!redis) return void console.warn(`multi-instance tests skipped: no Redis at ${REDIS_URL}`);
    db = await createTestDatabase();
    if (db.database.kind !== 'postgresql') throw new Error('expected PostgreSQL');
    // Polling is set to a minute: an event that arrives within seconds on the other instance came by the Redis wake-up.
    const env = { DATABASE_URL: db.database.url, ADMIN_API_KEY: KEY, REDIS_URL, EVENT_POLL_MS: '60000', SCHEDULER_INTERVAL_MS: '0' };
    a = await startServerProcess(env);
    b = await startServerProcess(env);
  }, 120_000);

  it('delivers a change made on either instance to subscribers on both, at once (Redis wake-up), in sequence order', async (ctx) => {
    if (!redis) ctx.skip();
    const onA = await subscribeEvents(wsClient(a), EventStreamDocument, { filter: { types: ['complaint.*'] } });
    const onB = await subscribeEvents(wsClient(b), EventStreamDocument, { filter: { types: ['complaint.*'] } });
    const first = await createOn(a, 'made on A');
    const [fromA] = await take(onA, 1, WAKE_UP_CEILING_MS);
    const [fromB] = await take(onB, 1, WAKE_UP_CEILING_MS);
    expect(fromA).toMatchObject({ type: 'complaint.created', subjectId: first });
    expect(fromB).toEqual(fromA);

    const second = await createOn(b, 'made on B');
    expect((await take(onA, 1, WAKE_UP_CEILING_MS))[0]).toMatchObject({ subjectId: second, sequence: expect.any(Number) });
    expect((await take(onB, 1, WAKE_UP_CEILING_MS))[0].subjectId).toBe(second);

    // Concurrent writers on both instances: each subscriber sees every event once, in sequence order.
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => createOn(i % 2 ? a : b, `concurrent ${i}`)));
    const gotA = await take(onA, 30, WAKE_UP_CEILING_MS);
    const gotB = await take(onB, 30, WAKE_UP_CEILING_MS);
    await Promise.all([onA.expectNone(300), onB.expectNone(300)]);
    for (const got of [gotA, gotB]) {
      expect(got.map((e) => e.sequence)).toEqual(got.map((_, i) => got[0].sequence + i));
      expect(new Set(got.map((e) => e.subjectId))).toEqual(new Set(ids));
    }
    expect(gotB).toEqual(gotA);
  });

  it('loses no event without the wake-up: an instance without Redis finds it at its next poll', async (ctx) => {
    if (!redis) ctx.skip();
    if (db.database.kind !== 'postgresql') throw new Error('expected PostgreSQL');
    const deaf = await startServerProcess({ DATABASE_URL: db.database.url, ADMIN_API_KEY: KEY, EVENT_POLL_MS: '300', SCHEDULER_INTERVAL_MS: '0' });
    const onDeaf = await subscribeEvents(wsClient(deaf), EventStreamDocument, { filter: { types: ['complaint.created'] } });
    const ids = [await createOn(a, 'no wake-up 1'), await createOn(b, 'no wake-up 2')];
    const got = await take(onDeaf, 2, WAKE_UP_CEILING_MS);
    expect(got.map((e) => e.subjectId)).toEqual(ids);
    await deaf.kill('SIGTERM');
  });

  it('resumes on the other instance from the cursor received on the first, after the first is killed', async (ctx) => {
    if (!redis) ctx.skip();
    const onA = await subscribeEvents(wsClient(a), EventStreamDocument, { filter: { types: ['complaint.created'] } });
    const before = await createOn(b, 'before the kill');
    const [last] = await take(onA, 1, WAKE_UP_CEILING_MS);
    expect(last.subjectId).toBe(before);
    await a.kill('SIGKILL');
    const during = [await createOn(b, 'while A is down 1'), await createOn(b, 'while A is down 2')];
    const onB = await subscribeEvents(wsClient(b), EventStreamDocument, { after: last.cursor, filter: { types: ['complaint.created'] } });
    const got = await take(onB, 2, WAKE_UP_CEILING_MS);
    expect(got.map((e) => e.subjectId)).toEqual(during);
    await onB.expectNone(300);
  });
});
