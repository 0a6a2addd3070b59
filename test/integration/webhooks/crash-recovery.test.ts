import { knex, type Knex } from '@mikro-orm/knex';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../../fixtures/server-process';
import { refuseComplaintsContaining } from '../../fixtures/refusing-trigger';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/webhook-receiver';

/**
 * The server as a separate OS process, killed with SIGKILL while it delivers webhooks and while mutations
 * commit; restarted on the same database. The receiver must get every committed event at least once, none
 * that is not committed (a rolled-back change included), duplicates with the same webhook-id and body.
 */
const KEY = 'crash-test-admin-key-000000000000';
const ENV = { ADMIN_API_KEY: KEY, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENT_POLL_MS: '100', WEBHOOK_TIMEOUT_MS: '1000', LOG_LEVEL: 'warn' };

let db: TestDatabase;
let receiver: WebhookReceiver;
let sql: Knex | null = null;

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await killAllServerProcesses();
  await sql?.destroy();
  await receiver?.close();
  await db?.drop();
});

const databaseUrl = () => (db.database.kind === 'sqlite' ? `sqlite:${db.database.file}` : db.database.url);

function connect(): Knex {
  return db.database.kind === 'sqlite'
    ? knex({ client: 'sqlite3', connection: { filename: db.database.file }, useNullAsDefault: true, pool: { min: 1, max: 1, afterCreate: (c: { run(sql: string, cb: () => void): void }, done: () => void) => c.run('PRAGMA busy_timeout = 10000', done) } })
    : knex({ client: 'pg', connection: db.database.url, pool: { min: 0, max: 1 } });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped on purpose: a plain HTTP client
async function gql(server: ServerProcess, query: string, variables?: unknown): Promise<any> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query, variables }) });
  return response.json();
}

const CREATE = 'mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { __typename } }';
const input = (description: string) => ({
  typeKey: 'delivery',
  data: { customer: { organization: 'ACME', contactName: 'Li' }, receivedAt: '2026-11-21T01:00:00Z', channel: 'phone', orderNumber: 'SO-1', issue: 'late', description },
});

/** Mutations committing in a loop (4 at a time) until stopped; failures while the server is down are expected. */
interface Counts {
  ok: number;
  /** Answered with an error: the change rolled back (the test trigger refused it). */
  refused: number;
  /** No answer (server down or killed mid-request): committed or not, the event table says. */
  unanswered: number;
}

function mutate(server: () => ServerProcess, label: string, rollbackEvery = 0): { stop(): Promise<Counts> } {
  let stopped = false;
  const counts: Counts = { ok: 0, refused: 0, unanswered: 0 };
  let n = 0;
  const worker = async () => {
    while (!stopped) {
      const i = n++;
      const description = rollbackEvery && i % rollbackEvery === 0 ? `WH-ROLLBACK ${label} ${i}` : `${label} ${i}`;
      try {
        const r = await gql(server(), CREATE, { input: input(description) });
        if (r.data?.createComplaint?.__typename === 'Complaint') counts.ok++;
        else counts.refused++;
      } catch {
        counts.unanswered++;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const workers = Array.from({ length: 4 }, worker);
  return {
    async stop() {
      stopped = true;
      await Promise.all(workers);
      return counts;
    },
  };
}

const step = (what: string) => process.env.CRASH_TEST_DEBUG && console.error(`[crash] ${new Date().toISOString()} ${what}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function installRollbackTrigger(): Promise<void> {
  await refuseComplaintsContaining((statement) => sql!.raw(statement), db.database.kind, 'WH-ROLLBACK', 'wh_crash_refuse');
}

describe('webhook delivery across crashes (SIGKILL)', () => {
  it('delivers every committed event at least once, nothing uncommitted, duplicates identical', async () => {
    // Answers after a short random delay, so kills land while requests are in flight.
    receiver.setDefault(() => ({ status: 200, body: 'ok' }));
    let server = await startServerProcess({ ...ENV, DATABASE_URL: databaseUrl() });
    step('started');
    const created = await gql(server, 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename ... on WebhookEndpointWithSecret { secret endpoint { id lastSequence } } } }', {
      input: { url: `${receiver.url}/crash` },
    });
    const { secret, endpoint } = created.data.createWebhookEndpoint as { secret: string; endpoint: { id: string; lastSequence: number } };

    let load = mutate(() => server, 'round 1');
    let rounds = 0;
    const stats: Counts[] = [];
    for (const runFor of [1500, 1200, 1500]) {
      await sleep(runFor);
      // Kill while mutations commit and deliveries are in flight.
      await server.kill('SIGKILL');
      rounds++;
      step(`killed ${rounds}`);
      if (rounds === 1) {
        sql = connect();
        await installRollbackTrigger();
        step('trigger');
      }
      server = await startServerProcess({ ...ENV, DATABASE_URL: databaseUrl() });
      step('restarted');
      if (rounds === 1) {
        stats.push(await load.stop());
        load = mutate(() => server, `round ${rounds + 1}`, 5);
      }
    }
    stats.push(await load.stop());
    step(`load stopped ${JSON.stringify(stats)}`);
    expect(stats.reduce((a, s) => a + s.ok, 0)).toBeGreaterThan(10);

    sql ??= connect();
    const tenant = await sql('tenant').where({ slug: 'default' }).first('id');
    const events: Array<{ id: string; sequence: number }> = (await sql('event').where({ tenant_id: tenant.id }).andWhere('sequence', '>', endpoint.lastSequence).orderBy('sequence').select('id', 'sequence')).map(
      (e: { id: string; sequence: number | string }) => ({ id: e.id, sequence: Number(e.sequence) }),
    );
    const head = events.at(-1)!.sequence;
    // Once more while it catches up (deliveries in flight, no mutations).
    await receiver.waitFor(receiver.received.filter((r) => r.path === '/crash').length + 15, { path: '/crash', timeoutMs: 30_000 });
    await server.kill('SIGKILL');
    rounds++;
    step(`killed ${rounds} while catching up`);
    server = await startServerProcess({ ...ENV, DATABASE_URL: databaseUrl() });
    // Wait until the endpoint is done with the head (leases of killed instances expire after timeout + 5 s).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await gql(server, 'query($id: ID!) { webhookEndpoint(id: $id) { lastSequence } }', { id: endpoint.id });
      step(`cursor ${r.data?.webhookEndpoint?.lastSequence} head ${head}, received ${receiver.received.length}`);
      if (r.data?.webhookEndpoint?.lastSequence >= head) break;
      if (Date.now() > deadline) throw new Error(`cursor ${r.data?.webhookEndpoint?.lastSequence} never reached ${head}`);
      await sleep(200);
    }
    await server.kill('SIGTERM');

    const received = receiver.received.filter((r) => r.path === '/crash');
    const committed = new Map(events.map((e) => [e.id, e.sequence]));
    const bodies = new Map<string, string>();
    for (const r of received) {
      // Nothing that is not committed (a rolled-back change has no event row).
      expect(committed.has(r.id)).toBe(true);
      expect(r.body).not.toContain('WH-ROLLBACK');
      const body = JSON.parse(r.body) as { id: string; sequence: number };
      expect(body.id).toBe(r.id);
      expect(body.sequence).toBe(committed.get(r.id));
      // Duplicates carry the same webhook-id and the identical body.
      if (bodies.has(r.id)) expect(r.body).toBe(bodies.get(r.id));
      bodies.set(r.id, r.body);
      expect(new Webhook(secret).sign(r.id, new Date(Number(r.timestamp) * 1000), r.body)).toBe(r.signature);
    }
    // Every committed event at least once, first received in sequence order.
    const firstSeen = [...new Set(received.map((r) => r.id))].map((id) => committed.get(id)!);
    expect(firstSeen).toEqual(events.map((e) => e.sequence));
    const refused = stats.reduce((a, s) => a + s.refused, 0);
    expect(refused).toBeGreaterThan(0);
    step(`${events.length} committed events, ${received.length} deliveries (${received.length - bodies.size} duplicates), ${rounds} SIGKILLs, ${refused} rolled-back mutations`);
  }, 180_000);
});
