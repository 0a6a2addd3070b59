import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../../src/app';
import { DomainEvent } from '../../../src/db/event.entity';
import { CreateComplaintDocument, CreateWebhookEndpointDocument } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { testDialect } from '../../fixtures/test-database';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { startWebhookReceiver, type WebhookReceiver } from '../../fixtures/webhook-receiver';

// Several instances share a PostgreSQL database (SQLite is one process by design).
describe.skipIf(testDialect() !== 'postgresql')('webhooks with two server instances on one database', () => {
  let server: TestServer;
  let second: App;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startTestServer({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENT_POLL_MS: '50' });
    second = await startApp(server.config, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await second?.stop();
    await server?.stop();
    await receiver?.close();
  });

  it('delivers each event once and in order: the endpoint lease lets one instance at a time deliver it', async () => {
    const { createWebhookEndpoint: r } = await server.query(CreateWebhookEndpointDocument, { input: { url: `${receiver.url}/shared` } });
    if (r.__typename !== 'WebhookEndpointWithSecret') throw new Error(r.__typename);
    for (let i = 0; i < 20; i++) {
      await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ description: `shared ${i}` }) }) });
      // Both instances look for work at the same moment now and then (besides their polls).
      if (i % 5 === 0) await Promise.all([second.services.webhookDispatcher.wake(), server.app.services.webhookDispatcher.wake()]);
    }
    const expected = await server.stored().find(DomainEvent, { sequence: { $gt: r.endpoint.lastSequence } }, { orderBy: { sequence: 'asc' } });
    await receiver.waitFor(expected.length, { path: '/shared' });
    await Promise.all([second.services.webhookDispatcher.wake(), server.app.services.webhookDispatcher.wake()]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.filter((x) => x.path === '/shared').map((x) => x.id)).toEqual(expected.map((e) => e.id));
  });
});
