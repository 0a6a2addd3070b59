/**
 * Webhook delivery benchmark: a server (dist/, SQLite synchronous=FULL) delivers pre-committed events to a
 * receiver in this process on 127.0.0.1, to 1 endpoint and then to 10; measured from enabling the endpoints
 * until every endpoint's cursor reaches the head. Beside it, a baseline in the same run: plain `fetch` POSTs of
 * the same bodies to the same receiver (one at a time, and 10 at a time).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sqlite3 = require('sqlite3');
import { startServer } from './server';
import { Samples, summarize, type Summary } from './stats';

export interface WebhookBenchOptions {
  root: string;
  dir: string;
  apiKey: string;
  /** Events committed before each scenario (each delivered once per endpoint). */
  events: number;
  log(line: string): void;
}

export interface WebhookScenario {
  endpoints: number;
  deliveries: number;
  seconds: number;
  deliveriesPerSec: number;
  /** Time between two deliveries to the same endpoint as the receiver sees them: the per-endpoint cycle (send, answer, commit, next). */
  cycle: Summary;
  /** HTTP request to answer, as the server logged it per attempt (whole milliseconds). */
  attemptLatency: Summary;
  duplicates: number;
  failedAttempts: number;
}

export interface WebhookBaseline {
  concurrency: number;
  posts: number;
  postsPerSec: number;
  latency: Summary;
}

export interface WebhookBenchResult {
  events: number;
  scenarios: WebhookScenario[];
  baselines: WebhookBaseline[];
  failures: string[];
}

interface Arrival {
  id: string;
  at: number;
}

/** Answers 200 to everything and records arrivals per path. */
async function startReceiver(): Promise<{ url: string; arrivals: Map<string, Arrival[]>; bodies: string[]; server: Server }> {
  const arrivals = new Map<string, Arrival[]>();
  /** The first webhook bodies, sent again by the baseline. */
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => bodies.length < 50 && chunks.push(c));
    req.on('end', () => {
      if (chunks.length && bodies.length < 50 && req.headers['webhook-id']) bodies.push(Buffer.concat(chunks).toString('utf8'));
      const path = req.url ?? '/';
      if (!arrivals.has(path)) arrivals.set(path, []);
      arrivals.get(path)!.push({ id: String(req.headers['webhook-id'] ?? ''), at: performance.now() });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, bodies, server };
}

const all = <T>(db: sqlite3.Database, sql: string, params: unknown[] = []) => new Promise<T[]>((res, rej) => db.all(sql, params, (err: Error | null, rows: T[]) => (err ? rej(err) : res(rows))));

async function readOnly<T>(file: string, fn: (db: sqlite3.Database) => Promise<T>): Promise<T> {
  const db = await new Promise<sqlite3.Database>((res, rej) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? rej(err) : res(opened)));
  });
  try {
    return await fn(db);
  } finally {
    await new Promise<void>((res) => db.close(() => res()));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runWebhookBench(options: WebhookBenchOptions): Promise<WebhookBenchResult> {
  const { log } = options;
  const failures: string[] = [];
  const receiver = await startReceiver();
  const dbFile = join(options.dir, 'webhooks.db');
  const server = await startServer({ root: options.root, dbFile, apiKey: options.apiKey, env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
  const url = `${server.origin}/graphql`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plain HTTP client
  const gql = async (query: string, variables?: unknown): Promise<any> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` }, body: JSON.stringify({ query, variables }) });
    const json = (await response.json()) as { data?: unknown; errors?: unknown };
    if (json.errors) throw new Error(`GraphQL errors: ${JSON.stringify(json.errors)}`);
    return json.data;
  };
  const scenarios: WebhookScenario[] = [];
  try {
    for (const count of [1, 10]) {
      log(`bench: webhooks, ${options.events} events to ${count} endpoint(s)...`);
      const endpoints: Array<{ id: string; version: number; path: string }> = [];
      for (let i = 0; i < count; i++) {
        const path = `/e${count}-${i}`;
        const r = await gql('mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename ... on WebhookEndpointWithSecret { endpoint { id version } } ... on ErrorResult { code message } } }', {
          input: { url: `${receiver.url}${path}`, enabled: false },
        });
        if (r.createWebhookEndpoint.__typename !== 'WebhookEndpointWithSecret') throw new Error(JSON.stringify(r.createWebhookEndpoint));
        endpoints.push({ ...r.createWebhookEndpoint.endpoint, path });
      }
      // Pre-commit the events (createComplaint, 16 at a time).
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < options.events) {
            next++;
            await gql('mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { __typename } }', {
              input: { typeKey: 'delivery', data: { customer: { organization: 'ACME', contactName: 'Li' }, receivedAt: '2026-11-21T01:00:00Z', channel: 'phone', orderNumber: 'SO-1', issue: 'late', description: `bench ${next}` } },
            });
          }
        }),
      );
      const started = performance.now();
      for (const e of endpoints) await gql('mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { __typename } }', { input: { id: e.id, version: e.version, enabled: true } });
      const head = await readOnly(dbFile, async (db) => Number((await all<{ head: number }>(db, 'select max(sequence) as head from event'))[0].head));
      for (;;) {
        const r = await gql('{ webhookEndpoints { id lastSequence } }');
        const mine = (r.webhookEndpoints as Array<{ id: string; lastSequence: number }>).filter((e) => endpoints.some((x) => x.id === e.id));
        if (mine.every((e) => e.lastSequence >= head)) break;
        if (performance.now() - started > 600_000) throw new Error('webhook deliveries did not reach the head within 10 minutes');
        await sleep(20);
      }
      const arrivals = endpoints.map((e) => receiver.arrivals.get(e.path) ?? []);
      const end = Math.max(...arrivals.map((a) => a.at(-1)?.at ?? started));
      const deliveries = arrivals.reduce((n, a) => n + a.length, 0);
      const cycle = new Samples();
      for (const a of arrivals) for (let i = 1; i < a.length; i++) cycle.push(a[i].at - a[i - 1].at);
      const duplicates = arrivals.reduce((n, a) => n + a.length - new Set(a.map((x) => x.id)).size, 0);
      const ids = endpoints.map((e) => e.id);
      const logged = await readOnly(dbFile, (db) =>
        all<{ latency_ms: number; outcome: string; endpoint_id: string }>(db, `select latency_ms, outcome, endpoint_id from webhook_delivery where endpoint_id in (${ids.map(() => '?').join(',')})`, ids.map((id) => Buffer.from(id, 'base64url').toString().split(':')[1])),
      );
      const latency = new Samples();
      for (const row of logged) if (row.outcome === 'SUCCEEDED') latency.push(row.latency_ms);
      const seconds = (end - started) / 1000;
      scenarios.push({
        endpoints: count,
        deliveries,
        seconds: Math.round(seconds * 1000) / 1000,
        deliveriesPerSec: Math.round((deliveries / seconds) * 10) / 10,
        cycle: summarize(cycle.values()),
        attemptLatency: summarize(latency.values()),
        duplicates,
        failedAttempts: logged.filter((r) => r.outcome !== 'SUCCEEDED').length,
      });
      if (duplicates) failures.push(`webhooks (${count} endpoints): ${duplicates} duplicate deliveries without a crash`);
      for (const e of endpoints) await gql('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { __typename } }', { id: e.id });
    }
  } finally {
    const stopped = await server.stop();
    if (stopped.code !== 0) failures.push(`webhook server shutdown: exit ${stopped.code ?? stopped.signal}`);
  }

  // Baseline: the same receiver, plain fetch POSTs (keep-alive), bodies of the same size.
  const baselines: WebhookBaseline[] = [];
  for (const concurrency of [1, 10]) {
    const posts = options.events * (concurrency === 1 ? 1 : 10);
    const latency = new Samples();
    let sent = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (sent < posts) {
          const i = sent++;
          const started = performance.now();
          const response = await fetch(`${receiver.url}/baseline-${w}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: receiver.bodies[i % receiver.bodies.length] ?? '{}' });
          await response.arrayBuffer();
          latency.push(performance.now() - started);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    baselines.push({ concurrency, posts, postsPerSec: Math.round((posts / seconds) * 10) / 10, latency: summarize(latency.values()) });
  }
  await new Promise<void>((resolve) => {
    receiver.server.closeAllConnections();
    receiver.server.close(() => resolve());
  });
  return { events: options.events, scenarios, baselines, failures };
}
