import type { SqlEntityManager } from '@mikro-orm/knex';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { envelopeOf } from '../../../src/events/event-envelope';
import { ManualClock } from '../../../src/scheduler/clock';
import { DISABLE_AFTER_MS, MAX_ATTEMPTS, RETRY_SCHEDULE_MS } from '../../../src/webhooks/webhook-dispatcher';
import {
  CreateComplaintDocument,
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  MyWebhookNotificationsDocument,
  NodeDocument,
  RedeliverWebhookEventDocument,
  RotateWebhookSecretDocument,
  UpdateComplaintDocument,
  UpdateWebhookEndpointDocument,
  WebhookEndpointDocument,
  WebhookEndpointsDocument,
  type WebhookEndpointFieldsFragment,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { refuseComplaintsContaining } from '../../fixtures/refusing-trigger';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../../fixtures/webhook-receiver';

let server: TestServer;
let receiver: WebhookReceiver;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // A generous attempt timeout: a delivery that timed out on a loaded machine would wait for a retry on the manual clock, which only tests move.
  server = await startTestServer({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENT_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '30000', SCHEDULER_INTERVAL_MS: '0' }, { clock });
});
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

async function createEndpoint(path: string, extra: { eventTypes?: string[]; key?: string; on?: TestServer } = {}): Promise<{ endpoint: WebhookEndpointFieldsFragment; secret: string }> {
  const { createWebhookEndpoint: r } = await (extra.on ?? server).query(CreateWebhookEndpointDocument, { input: { url: `${receiver.url}${path}`, eventTypes: extra.eventTypes ?? [], description: `test ${path}` } }, extra.key);
  if (r.__typename !== 'WebhookEndpointWithSecret') throw new Error(JSON.stringify(r));
  return { endpoint: r.endpoint, secret: r.secret };
}

async function deleteEndpoint(id: string, on = server): Promise<void> {
  await on.query(DeleteWebhookEndpointDocument, { id });
}

async function complaint(description = 'webhook test', key?: string, on = server): Promise<{ id: string; version: number }> {
  const { createComplaint: c } = await on.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ description }) }) }, key);
  if (c.__typename !== 'Complaint') throw new Error(c.__typename);
  return c;
}

async function endpointState(id: string, key?: string, on = server) {
  return (await on.query(WebhookEndpointDocument, { id, first: 100 }, key)).webhookEndpoint;
}

/** True when one of the `v1,` signatures is the library's signature of this request with the secret (at the request's own timestamp). */
function signedWith(secret: string, r: ReceivedWebhook): boolean {
  const expected = new Webhook(secret).sign(r.id, new Date(Number(r.timestamp) * 1000), r.body);
  return r.signature.split(' ').includes(expected);
}

const until = async (what: () => Promise<boolean> | boolean, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const storedEvents = (after: number, tenantId = server.tenantId) =>
  server.app.services.db.forTenant(tenantId).find(DomainEvent, { sequence: { $gt: after } }, { orderBy: { sequence: 'asc' } });

// Ceilings, not budgets: a loaded 2-core machine may take long; each wait still ends as soon as its condition holds.
describe('webhooks: delivery', { timeout: 120_000 }, () => {
  it('delivers committed events in sequence order, signed (verifiable with the secret returned at creation), with the CloudEvents envelope as body', async () => {
    const { endpoint, secret } = await createEndpoint('/ordered');
    expect(secret).toMatch(/^whsec_/);
    for (let i = 0; i < 5; i++) await complaint(`ordered ${i}`);
    const expected = await storedEvents(endpoint.lastSequence);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const got = await receiver.waitFor(expected.length, { path: '/ordered' });
    expect(got.map((r) => JSON.parse(r.body).sequence)).toEqual(expected.map((e) => e.sequence));
    for (const [i, r] of got.entries()) {
      expect(r.id).toBe(expected[i].id);
      expect(r.body).toBe(JSON.stringify(envelopeOf(expected[i])));
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['user-agent']).toMatch(/^complaint-qms-webhooks\//);
      expect(r.signature).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      // The clock is still at real time here, so the library's own verify (5 minute tolerance) applies.
      expect(new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).toMatchObject({ id: expected[i].id, type: expected[i].type, specversion: '1.0' });
    }
    expect(() => new Webhook(secret).verify(got[0].body.replace('ordered', 'forged!'), got[0].headers as Record<string, string>)).toThrow();

    await until(async () => (await endpointState(endpoint.id)).lastSequence === expected.at(-1)!.sequence);
    const state = await endpointState(endpoint.id);
    expect(state.deliveries.totalCount).toBe(expected.length);
    expect(state.deliveries.edges[0].node).toMatchObject({ outcome: 'SUCCEEDED', httpStatus: 200, responseExcerpt: 'ok', attempt: 1, manual: false, eventSequence: expected.at(-1)!.sequence });
    expect(state.deliveries.edges[0].node.latencyMs).toBeGreaterThanOrEqual(0);
    await deleteEndpoint(endpoint.id);
  });

  it('delivers only the event types of the filter (exact types and prefixes)', async () => {
    const exact = await createEndpoint('/only-updates', { eventTypes: ['complaint.updated'] });
    const prefix = await createEndpoint('/complaints', { eventTypes: ['complaint.*'] });
    const c = await complaint('filter');
    await server.query(UpdateComplaintDocument, { input: { id: c.id, version: c.version, data: productQualityData({ quantityAffected: 7 }) } });
    const all = await storedEvents(prefix.endpoint.lastSequence);
    const complaintEvents = all.filter((e) => e.type.startsWith('complaint.'));
    const [update] = await receiver.waitFor(1, { path: '/only-updates' });
    expect(JSON.parse(update.body).type).toBe('complaint.updated');
    const got = await receiver.waitFor(complaintEvents.length, { path: '/complaints' });
    expect(got.map((r) => JSON.parse(r.body).id)).toEqual(complaintEvents.map((e) => e.id));
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received.filter((r) => r.path === '/only-updates')).toHaveLength(1);
    await deleteEndpoint(exact.endpoint.id);
    await deleteEndpoint(prefix.endpoint.id);
  });

  it('retries a failure after the back-off, in order, logs every attempt, and recovers', async () => {
    const { endpoint, secret } = await createEndpoint('/flaky');
    receiver.queue('/flaky', { status: 500, body: 'boom: database is down'.padEnd(1500, '!') });
    await complaint('retry 1');
    const [first] = await receiver.waitFor(1, { path: '/flaky' });
    await until(async () => (await endpointState(endpoint.id)).attempt === 1);
    let state = await endpointState(endpoint.id);
    const failed = state.deliveries.edges[0].node;
    expect(failed).toMatchObject({ outcome: 'FAILED_WILL_RETRY', httpStatus: 500, error: 'HTTP_500', attempt: 1, webhookId: first.id });
    expect(failed.responseExcerpt).toHaveLength(1000);
    const wait = new Date(failed.nextAttemptAt!).getTime() - new Date(failed.at).getTime();
    expect(wait).toBeGreaterThanOrEqual(RETRY_SCHEDULE_MS[0] * 0.8);
    expect(wait).toBeLessThanOrEqual(RETRY_SCHEDULE_MS[0] * 1.2);
    expect(state.failingSince).toBe(failed.at);

    // A later event waits behind the failed one; nothing is retried before the back-off.
    await complaint('retry 2');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.filter((r) => r.path === '/flaky')).toHaveLength(1);

    clock.set(failed.nextAttemptAt!);
    const got = await receiver.waitFor(3, { path: '/flaky' });
    expect(got[1].id).toBe(first.id);
    expect(got[1].body).toBe(first.body);
    expect(JSON.parse(got[2].body).sequence).toBe(JSON.parse(first.body).sequence + 1);
    for (const r of got) expect(signedWith(secret, r)).toBe(true);
    await until(async () => (await endpointState(endpoint.id)).deliveries.totalCount === 3);
    state = await endpointState(endpoint.id);
    expect(state.deliveries.edges.map((e) => [e.node.outcome, e.node.attempt])).toEqual([
      ['SUCCEEDED', 1],
      ['SUCCEEDED', 2],
      ['FAILED_WILL_RETRY', 1],
    ]);
    expect(state).toMatchObject({ failingSince: null, nextAttemptAt: null, attempt: 0 });
    const onlyFailed = (await server.query(WebhookEndpointDocument, { id: endpoint.id, filter: { outcome: 'FAILED_WILL_RETRY' } })).webhookEndpoint.deliveries;
    expect(onlyFailed.totalCount).toBe(1);
    await deleteEndpoint(endpoint.id);
  });

  it('disables an endpoint that answers 410 Gone; re-enabled, it resumes from where it stopped', async () => {
    const { endpoint } = await createEndpoint('/gone');
    receiver.queue('/gone', { status: 410, body: 'gone' });
    await complaint('gone 1');
    const [gone] = await receiver.waitFor(1, { path: '/gone' });
    await until(async () => !(await endpointState(endpoint.id)).enabled);
    const disabled = await endpointState(endpoint.id);
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'GONE', lastSequence: endpoint.lastSequence });
    expect(disabled.version).toBeGreaterThan(endpoint.version);
    expect(disabled.deliveries.edges[0].node).toMatchObject({ outcome: 'FAILED_GAVE_UP', httpStatus: 410 });
    await complaint('gone 2');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.filter((r) => r.path === '/gone')).toHaveLength(1);

    const { updateWebhookEndpoint: enabled } = await server.query(UpdateWebhookEndpointDocument, { input: { id: endpoint.id, version: disabled.version, enabled: true } });
    expect(enabled).toMatchObject({ __typename: 'WebhookEndpoint', enabled: true, disabledReason: null });
    const expected = await storedEvents(endpoint.lastSequence);
    const got = await receiver.waitFor(1 + expected.length, { path: '/gone' });
    expect(got[1].id).toBe(gone.id);
    expect(got.slice(1).map((r) => r.id)).toEqual(expected.map((e) => e.id));
    await deleteEndpoint(endpoint.id);
  });

  it('disables an endpoint failing for 5 days (each event given up after about 3 days of retries) and notifies the admins', async () => {
    const { endpoint } = await createEndpoint('/down');
    receiver.setDefault((r) => (r.path === '/down' ? { status: 503, body: 'down' } : { status: 200, body: 'ok' }));
    try {
      await complaint('down 1');
      await complaint('down 2');
      const start = clock.now().getTime();
      let state = await endpointState(endpoint.id);
      for (let i = 0; i < 3 * MAX_ATTEMPTS && state.enabled; i++) {
        await until(async () => {
          state = await endpointState(endpoint.id);
          return !state.enabled || state.nextAttemptAt !== null;
        });
        if (!state.enabled) break;
        clock.set(state.nextAttemptAt!);
        await server.app.services.webhookDispatcher.wake();
        state = await endpointState(endpoint.id);
      }
      expect(state).toMatchObject({ enabled: false, disabledReason: 'FAILING' });
      const failingFor = new Date(state.disabledAt!).getTime() - new Date(state.failingSince!).getTime();
      // The retry that would fall after the 5-day mark is brought forward to it: disabled on the mark exactly.
      expect(failingFor).toBe(DISABLE_AFTER_MS);
      expect(clock.now().getTime() - start).toBeLessThan(DISABLE_AFTER_MS + 60_000);
      const gaveUp = (await server.query(WebhookEndpointDocument, { id: endpoint.id, first: 100, filter: { outcome: 'FAILED_GAVE_UP' } })).webhookEndpoint.deliveries;
      expect(gaveUp.edges.map((e) => e.node.attempt)).toEqual([MAX_ATTEMPTS]);
      const firstGaveUpAfter = new Date(gaveUp.edges[0].node.at).getTime() - start;
      expect(firstGaveUpAfter).toBeGreaterThan(2.5 * 86_400_000);
      expect(firstGaveUpAfter).toBeLessThan(3.8 * 86_400_000);
      const { myNotifications } = await server.query(MyWebhookNotificationsDocument);
      expect(myNotifications).toContainEqual(expect.objectContaining({ kind: 'webhook-disabled', subjectType: 'WebhookEndpoint', data: expect.objectContaining({ url: `${receiver.url}/down` }) }));
    } finally {
      receiver.setDefault({ status: 200, body: 'ok' });
    }
  });

  it('signs with both secrets during a rotation overlap (new first), and with the new one only after it', async () => {
    // Only the complaints' creations: system events (an SLA breach of the days-old sample intake) must not slip in between.
    const { endpoint, secret: old } = await createEndpoint('/rotating', { eventTypes: ['complaint.created'] });
    const { rotateWebhookSecret: r } = await server.query(RotateWebhookSecretDocument, { id: endpoint.id, overlapHours: 1 });
    if (r.__typename !== 'WebhookEndpointWithSecret') throw new Error(r.__typename);
    expect(r.secret).not.toBe(old);
    expect(new Date(r.endpoint.previousSecretExpiresAt!).getTime()).toBe(clock.now().getTime() + 3_600_000);
    await complaint('rotation 1');
    const [during] = await receiver.waitFor(1, { path: '/rotating' });
    const parts = during.signature.split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(new Webhook(r.secret).sign(during.id, new Date(Number(during.timestamp) * 1000), during.body));
    expect(signedWith(old, during)).toBe(true);
    expect(signedWith(r.secret, during)).toBe(true);

    clock.advance(3_600_001);
    await complaint('rotation 2');
    const got = await receiver.waitFor(2, { path: '/rotating' });
    expect(got[1].signature.split(' ')).toHaveLength(1);
    expect(signedWith(r.secret, got[1])).toBe(true);
    expect(signedWith(old, got[1])).toBe(false);
    await deleteEndpoint(endpoint.id);
  });

  it('redelivers an event by hand with the same webhook-id and body, logged as a manual attempt', async () => {
    const { endpoint, secret } = await createEndpoint('/manual');
    await complaint('manual');
    const [original] = await receiver.waitFor(1, { path: '/manual' });
    await until(async () => (await endpointState(endpoint.id)).deliveries.totalCount === 1);
    const delivered = (await endpointState(endpoint.id)).deliveries.edges[0].node;
    const { redeliverWebhookEvent: q } = await server.query(RedeliverWebhookEventDocument, { endpointId: endpoint.id, eventId: delivered.eventId });
    expect(q).toMatchObject({ __typename: 'WebhookDelivery', outcome: 'PENDING', manual: true, attempt: 2, webhookId: original.id });
    const got = await receiver.waitFor(2, { path: '/manual' });
    expect(got[1].id).toBe(original.id);
    expect(got[1].body).toBe(original.body);
    expect(signedWith(secret, got[1])).toBe(true);
    await until(async () => (await endpointState(endpoint.id)).deliveries.edges[0].node.outcome === 'SUCCEEDED');
    const log = (await server.query(WebhookEndpointDocument, { id: endpoint.id, filter: { eventId: delivered.eventId } })).webhookEndpoint.deliveries;
    expect(log.edges.map((e) => [e.node.manual, e.node.outcome])).toEqual([
      [true, 'SUCCEEDED'],
      [false, 'SUCCEEDED'],
    ]);
    const { redeliverWebhookEvent: unknown } = await server.query(RedeliverWebhookEventDocument, { endpointId: endpoint.id, eventId: 'RXZlbnQ6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw' });
    expect(unknown).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    await deleteEndpoint(endpoint.id);
  });

  it('never delivers an event of a rolled-back change', async () => {
    const { endpoint } = await createEndpoint('/rollback');
    const em = server.app.services.db.system() as SqlEntityManager;
    await refuseComplaintsContaining((sql) => em.execute(sql), server.config.database.kind, 'WH-ROLLBACK', 'wh_refuse');
    const results = await Promise.all(['ok a', 'WH-ROLLBACK', 'ok b'].map((d) => server.request(CreateComplaintDocument, { input: createInput({ data: productQualityData({ description: d }) }) })));
    expect(results.filter((r) => r.errors)).toHaveLength(1);
    const expected = await storedEvents(endpoint.lastSequence);
    const got = await receiver.waitFor(expected.length, { path: '/rollback' });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.filter((r) => r.path === '/rollback').map((r) => r.id)).toEqual(expected.map((e) => e.id));
    expect(got.some((r) => r.body.includes('WH-ROLLBACK'))).toBe(false);
    await deleteEndpoint(endpoint.id);
  });
});

describe('webhooks: attempt timeout', { timeout: 120_000 }, () => {
  // Its own server with a short attempt timeout, so that only the hanging receiver here times out; long enough
  // that the receiver's immediate answer to the retry arrives well inside it on a loaded machine.
  const SHORT_TIMEOUT_MS = 2_000;
  const slowClock = new ManualClock(new Date());
  let slow: TestServer;
  beforeAll(async () => {
    slow = await startTestServer({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENT_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: String(SHORT_TIMEOUT_MS), SCHEDULER_INTERVAL_MS: '0' }, { clock: slowClock });
  });
  afterAll(async () => {
    await slow?.stop();
  });

  it('gives up an attempt after the timeout (WEBHOOK_TIMEOUT_MS) and honours Retry-After', async () => {
    const { endpoint } = await createEndpoint('/slow', { on: slow });
    receiver.queue('/slow', { hang: true }, { status: 429, body: 'slow down', headers: { 'retry-after': '120' } });
    await complaint('timeout', undefined, slow);
    await until(async () => (await endpointState(endpoint.id, undefined, slow)).attempt === 1);
    const timedOut = (await endpointState(endpoint.id, undefined, slow)).deliveries.edges[0].node;
    expect(timedOut).toMatchObject({ outcome: 'FAILED_WILL_RETRY', error: 'TIMEOUT', httpStatus: null });
    expect(timedOut.latencyMs).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 10);

    slowClock.set(timedOut.nextAttemptAt!);
    await until(async () => (await endpointState(endpoint.id, undefined, slow)).attempt === 2);
    const throttled = (await endpointState(endpoint.id, undefined, slow)).deliveries.edges[0].node;
    expect(throttled).toMatchObject({ httpStatus: 429, error: 'HTTP_429', responseExcerpt: 'slow down' });
    expect(new Date(throttled.nextAttemptAt!).getTime() - new Date(throttled.at).getTime()).toBe(120_000);
    slowClock.advance(119_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received.filter((r) => r.path === '/slow')).toHaveLength(2);
    slowClock.advance(1_000);
    await receiver.waitFor(3, { path: '/slow' });
    await until(async () => (await endpointState(endpoint.id, undefined, slow)).attempt === 0);
    await deleteEndpoint(endpoint.id, slow);
  });

});

describe('webhooks: administration', () => {
  it.each([
    { title: 'loopback outside the allow-list', url: 'http://127.0.0.2:9/hook', reason: 'LOOPBACK' },
    { title: 'IPv6 loopback', url: 'http://[::1]:9/hook', reason: 'LOOPBACK' },
    { title: 'the cloud metadata address', url: 'http://169.254.169.254/latest/meta-data/', reason: 'METADATA' },
    { title: 'a metadata host name', url: 'http://metadata.google.internal/', reason: 'METADATA' },
    { title: 'a 10/8 address', url: 'https://10.0.0.5/hook', reason: 'PRIVATE' },
    { title: 'a 192.168/16 address', url: 'https://192.168.1.20/hook', reason: 'PRIVATE' },
    { title: 'a 172.16/12 address', url: 'https://172.20.0.1/hook', reason: 'PRIVATE' },
    { title: 'a link-local address', url: 'http://169.254.1.1/hook', reason: 'LINK_LOCAL' },
    { title: 'an IPv4-mapped private address', url: 'http://[::ffff:10.0.0.1]/hook', reason: 'PRIVATE' },
    { title: 'another scheme', url: 'ftp://example.com/hook', reason: 'SCHEME' },
    { title: 'credentials in the URL', url: 'https://a:b@example.com/hook', reason: 'USERINFO' },
  ])('refuses $title with UNSAFE_URL at /url', async ({ url, reason }) => {
    const before = (await server.query(WebhookEndpointsDocument)).webhookEndpoints.length;
    const { createWebhookEndpoint: r } = await server.query(CreateWebhookEndpointDocument, { input: { url } });
    expect(r).toMatchObject({ __typename: 'UnsafeUrlError', code: 'UNSAFE_URL', path: '/url', reason });
    expect((await server.query(WebhookEndpointsDocument)).webhookEndpoints).toHaveLength(before);
  });

  it('refuses an unsafe URL on update and changes nothing; refuses bad event types and a stale version', async () => {
    const { endpoint } = await createEndpoint('/admin');
    const { updateWebhookEndpoint: unsafe } = await server.query(UpdateWebhookEndpointDocument, { input: { id: endpoint.id, version: endpoint.version, url: 'http://169.254.169.254/' } });
    expect(unsafe).toMatchObject({ code: 'UNSAFE_URL', path: '/url', reason: 'METADATA' });
    const { createWebhookEndpoint: bad } = await server.query(CreateWebhookEndpointDocument, { input: { url: `${receiver.url}/x`, eventTypes: ['complaint.created', 'Bad Type!'] } });
    expect(bad).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/eventTypes/1', code: 'PATTERN' }] });
    const { updateWebhookEndpoint: ok } = await server.query(UpdateWebhookEndpointDocument, { input: { id: endpoint.id, version: endpoint.version, description: 'changed' } });
    expect(ok).toMatchObject({ __typename: 'WebhookEndpoint', description: 'changed', url: endpoint.url, version: endpoint.version + 1 });
    const { updateWebhookEndpoint: stale } = await server.query(UpdateWebhookEndpointDocument, { input: { id: endpoint.id, version: endpoint.version, description: 'again' } });
    expect(stale).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    const node = await server.request(NodeDocument, { id: endpoint.id });
    expect(node.data?.node).toMatchObject({ __typename: 'WebhookEndpoint', id: endpoint.id });
    const events = await server.stored().find(DomainEvent, { type: { $like: 'webhook_endpoint.%' } });
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain('whsec_');
    await deleteEndpoint(endpoint.id);
    const r = await server.request(WebhookEndpointDocument, { id: endpoint.id });
    expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('is for admins only: FORBIDDEN for another role', async () => {
    const { key } = await server.app.services.apiKeys.create(server.tenantId, 'agent', ['customer-service-agent']);
    const list = await server.request(WebhookEndpointsDocument, undefined, { key });
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const create = await server.request(CreateWebhookEndpointDocument, { input: { url: `${receiver.url}/x` } }, { key });
    expect(create.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("keeps tenants apart: B's endpoint never receives A's events, and B cannot see or change A's endpoints", async () => {
    const a = await createEndpoint('/tenant-a');
    const b = await server.createTenant('webhooks-b', { withTemplates: true });
    const bEndpoint = await createEndpoint('/tenant-b', { key: b.key });
    await complaint('tenant A event');
    await complaint('tenant B event', b.key);
    const expectedA = await storedEvents(a.endpoint.lastSequence);
    const expectedB = await storedEvents(bEndpoint.endpoint.lastSequence, b.tenantId);
    await receiver.waitFor(expectedA.length, { path: '/tenant-a' });
    await receiver.waitFor(expectedB.length, { path: '/tenant-b' });
    await new Promise((r) => setTimeout(r, 300));
    const toB = receiver.received.filter((r) => r.path === '/tenant-b');
    expect(toB.map((r) => r.id)).toEqual(expectedB.map((e) => e.id));
    for (const r of toB) expect(JSON.parse(r.body).tenantid).toBe(b.tenantId);
    expect(receiver.received.filter((r) => r.path === '/tenant-a').map((r) => JSON.parse(r.body).tenantid)).not.toContain(b.tenantId);

    expect((await server.query(WebhookEndpointsDocument, undefined, b.key)).webhookEndpoints.map((e) => e.id)).toEqual([bEndpoint.endpoint.id]);
    const read = await server.request(WebhookEndpointDocument, { id: a.endpoint.id }, { key: b.key });
    expect(read.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const update = await server.query(UpdateWebhookEndpointDocument, { input: { id: a.endpoint.id, version: a.endpoint.version, enabled: false } }, b.key);
    expect(update.updateWebhookEndpoint).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.query(RotateWebhookSecretDocument, { id: a.endpoint.id }, b.key)).rotateWebhookSecret).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.query(DeleteWebhookEndpointDocument, { id: a.endpoint.id }, b.key)).deleteWebhookEndpoint).toMatchObject({ code: 'NOT_FOUND' });
    const aEvent = toGlobalEventId(expectedA[0].id);
    expect((await server.query(RedeliverWebhookEventDocument, { endpointId: a.endpoint.id, eventId: aEvent }, b.key)).redeliverWebhookEvent).toMatchObject({ code: 'NOT_FOUND' });
    expect((await server.query(RedeliverWebhookEventDocument, { endpointId: bEndpoint.endpoint.id, eventId: aEvent }, b.key)).redeliverWebhookEvent).toMatchObject({ code: 'NOT_FOUND' });
    expect(await endpointState(a.endpoint.id)).toMatchObject({ enabled: true, version: a.endpoint.version });
  });
});

const toGlobalEventId = (id: string) => Buffer.from(`Event:${id}`).toString('base64url');
