/**
 * Subscription delivery phase: N graphql-ws clients (one connection each) subscribe to `events` on the built
 * server; a writer commits M complaints one after another; each subscriber times the arrival of each event.
 * Latency = arrival at the subscriber - when the mutation was sent (an upper bound of commit -> subscriber; the
 * mutation's own round trip is printed beside it). The baseline is the same run with one subscriber.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { procStatusKb, round, Samples, summarize, type Summary } from './stats';

export interface SubscriptionBenchOptions {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  apiKey: string;
  serverPid: number;
  subscribers: number;
  events: number;
  createVariables: Record<string, unknown>;
}

export interface SubscriptionRound {
  subscribers: number;
  events: number;
  /** Deliveries expected and received (subscribers x events). */
  expected: number;
  received: number;
  /** Send of the mutation -> arrival at a subscriber, over every delivery. */
  latency: Summary;
  /** The mutation's own round trip (send -> response, after commit). */
  mutation: Summary;
  /** Deliveries per second while the writer ran. */
  deliveriesPerSec: number;
  connectMs: number;
  serverRssKb: number | null;
}

const CREATE =
  'mutation Create($input: CreateComplaintInput!) { createComplaint(input: $input) { __typename ... on Complaint { id } ... on ErrorResult { code message } } }';
const SUBSCRIBE = 'subscription { events(filter: {types: ["complaint.created"]}) { subjectId } }';

export async function runSubscriptionRound(o: SubscriptionBenchOptions): Promise<SubscriptionRound> {
  const wsUrl = o.url.replace(/^http/, 'ws');
  const clients: Client[] = [];
  const sentAt = new Map<string, number>();
  const early = new Map<string, number[]>();
  const latency = new Samples();
  let received = 0;
  let allIn: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allIn = resolve));
  const expected = o.subscribers * o.events;

  const arrive = (subjectId: string) => {
    const now = performance.now();
    const sent = sentAt.get(subjectId);
    // The event can beat the mutation's response: the id is only known then, so the arrival waits for it.
    if (sent === undefined) early.set(subjectId, [...(early.get(subjectId) ?? []), now]);
    else latency.push(now - sent);
    if (++received === expected) allIn();
  };

  const connectStarted = performance.now();
  let acknowledged = 0;
  await Promise.all(
    Array.from({ length: o.subscribers }, () => {
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${o.apiKey}` }, retryAttempts: 0, lazy: false });
      clients.push(client);
      return new Promise<void>((resolve, reject) => {
        client.on('connected', () => {
          acknowledged++;
          resolve();
        });
        client.on('error', reject);
        client.subscribe<{ events: { subjectId: string } }>(
          { query: SUBSCRIBE },
          { next: (r) => r.data && arrive(r.data.events.subjectId), error: (e) => process.stderr.write(`subscription error: ${JSON.stringify(e)}\n`), complete: () => undefined },
        );
      });
    }),
  );
  const connectMs = performance.now() - connectStarted;
  // Subscribe messages follow connection_ack; give the server a moment to register every one.
  await new Promise((r) => setTimeout(r, 500 + o.subscribers));
  if (acknowledged !== o.subscribers) throw new Error(`only ${acknowledged} of ${o.subscribers} connections acknowledged`);

  const mutation = new Samples();
  const started = performance.now();
  for (let i = 0; i < o.events; i++) {
    const t0 = performance.now();
    const response = await fetch(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.apiKey}` },
      body: JSON.stringify({ query: CREATE, variables: o.createVariables }),
    });
    const json = (await response.json()) as { data?: { createComplaint?: { __typename: string; id?: string } } };
    const id = json.data?.createComplaint?.id;
    if (!id) throw new Error(`createComplaint failed: ${JSON.stringify(json)}`);
    mutation.push(performance.now() - t0);
    sentAt.set(id, t0);
    for (const at of early.get(id) ?? []) latency.push(at - t0);
    early.delete(id);
  }
  const timeout = setTimeout(() => allIn(), 30_000);
  await done;
  clearTimeout(timeout);
  const seconds = (performance.now() - started) / 1000;
  const serverRssKb = procStatusKb(o.serverPid, 'VmRSS');
  await Promise.all(clients.map((c) => c.dispose()));
  return {
    subscribers: o.subscribers,
    events: o.events,
    expected,
    received,
    latency: summarize(latency.values()),
    mutation: summarize(mutation.values()),
    deliveriesPerSec: round(received / seconds, 1),
    connectMs: round(connectMs, 0),
    serverRssKb,
  };
}
