import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../src/auth/api-key.entity';
import { hashApiKey } from '../../../src/auth/api-key.service';
import { ComplaintEventsDocument, ComplaintsDocument, CreateComplaintDocument } from '../../__generated__/graphql';
import { createInput } from '../../fixtures/complaints';
import { subscribeEvents } from '../../fixtures/subscriptions';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe('authentication', () => {
  it.each([
    { title: 'no Authorization header', key: null },
    { title: 'an unknown key', key: 'cqk_this-key-does-not-exist-anywhere-000' },
    { title: 'an empty bearer', key: ' ' },
  ])('refuses $title with 401 UNAUTHENTICATED and creates nothing', async ({ key }) => {
    const result = await server.request(CreateComplaintDocument, { input: createInput() }, { key });
    expect(result.status).toBe(401);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
    const { complaints } = await server.query(ComplaintsDocument, {});
    expect(complaints.totalCount).toBe(0);
  });

  it('stores API keys only as SHA-256 hashes', async () => {
    const keys = await server.app.services.db.system().find(ApiKey, {});
    expect(keys.length).toBeGreaterThan(0);
    const stored = JSON.stringify(keys);
    expect(stored).not.toContain(ADMIN_KEY);
    expect(keys.map((k) => k.keyHash)).toContain(hashApiKey(ADMIN_KEY));
  });

  it('refuses a subscription whose connection_init carries no valid key (close 4403)', async () => {
    const closed = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
      const client = server.wsClient('cqk_wrong-key-wrong-key-wrong-key-wrong');
      client.on('closed', (event) => resolve(event as { code: number; reason: string }));
      client.subscribe({ query: print(ComplaintEventsDocument) }, { next: () => reject(new Error('got data')), error: () => undefined, complete: () => undefined });
    });
    expect(closed.code).toBe(4403);
  });

  it('accepts a subscription with the key in connection_init', async () => {
    const stream = await subscribeEvents(server.wsClient(ADMIN_KEY), ComplaintEventsDocument, undefined, server.subscriptions);
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
    expect((await stream.next()).subjectId).toBe(createComplaint.__typename === 'Complaint' && createComplaint.id);
    stream.close();
  });
});
