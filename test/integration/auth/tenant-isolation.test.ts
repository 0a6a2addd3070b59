import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { ComplaintDocument, ComplaintEventsDocument, ComplaintsDocument, CreateComplaintDocument, NodeDocument, UpdateComplaintDocument, ViewerDocument } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { subscribeEvents } from '../../fixtures/subscriptions';

let server: TestServer;
let other: { tenantId: string; key: string };
let ownId: string;
let ownNumber: string;
let ownEventId: string;

beforeAll(async () => {
  server = await startTestServer();
  other = await server.createTenant('other-plant');
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ idempotencyKey: 'shared-key' }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  ownId = createComplaint.id;
  ownNumber = createComplaint.number;
  ownEventId = (await server.query(ComplaintDocument, { id: ownId })).complaint.history[0].id;
});
afterAll(() => server?.stop());

describe('tenant isolation', () => {
  it('knows who the other tenant is', async () => {
    expect((await server.query(ViewerDocument, undefined, other.key)).viewer.tenant).toBe('other-plant');
  });

  it.each([
    { title: 'complaint(id)', run: () => server.request(ComplaintDocument, { id: ownId }, { key: other.key }), path: 'complaint' },
    { title: 'node(complaint id)', run: () => server.request(NodeDocument, { id: ownId }, { key: other.key }), path: 'node' },
    { title: 'node(event id)', run: () => server.request(NodeDocument, { id: ownEventId }, { key: other.key }), path: 'node' },
  ])("gives NOT_FOUND, never the row, for another tenant's id via $title", async ({ run, path }) => {
    const result = await run();
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: [path], extensions: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(result)).not.toContain(ownNumber);
  });

  it("cannot update another tenant's complaint", async () => {
    const { updateComplaint } = await server.query(UpdateComplaintDocument, { input: { id: ownId, version: 1, data: productQualityData({ quantityAffected: 1 }) } }, other.key);
    expect(updateComplaint).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', id: ownId });
    const row = await server.app.services.db.forTenant(await server.defaultTenantId()).findOneOrFail(Complaint, { number: ownNumber });
    expect(row.version).toBe(1);
  });

  it('lists only its own complaints and numbers them independently', async () => {
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() }, other.key);
    expect(createComplaint.__typename === 'Complaint' && createComplaint.number).toBe(ownNumber);
    const theirs = await server.query(ComplaintsDocument, {}, other.key);
    expect(theirs.complaints.totalCount).toBe(1);
    expect(theirs.complaints.edges[0].node.id).not.toBe(ownId);
    const ours = await server.query(ComplaintsDocument, {});
    expect(ours.complaints.edges.map((e) => e.node.id)).not.toContain(theirs.complaints.edges[0].node.id);
  });

  it('keeps idempotency keys per tenant', async () => {
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ idempotencyKey: 'shared-key' }) }, other.key);
    expect(createComplaint.__typename).toBe('Complaint');
    expect(createComplaint.__typename === 'Complaint' && createComplaint.id).not.toBe(ownId);
  });

  it("streams only the subscriber's own tenant's events", async () => {
    const theirs = await subscribeEvents(server.wsClient(other.key), ComplaintEventsDocument, undefined, server.subscriptions);
    const ours = await subscribeEvents(server.wsClient(), ComplaintEventsDocument, undefined, server.subscriptions);
    const mine = (await server.query(CreateComplaintDocument, { input: createInput() })).createComplaint;
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() }, other.key);
    const theirEvent = await theirs.next();
    expect(theirEvent.subjectId).toBe(createComplaint.__typename === 'Complaint' && createComplaint.id);
    const ourEvent = await ours.next();
    expect(ourEvent.subjectId).toBe(mine.__typename === 'Complaint' && mine.id);
    await Promise.all([theirs.expectNone(300), ours.expectNone(300)]);
    theirs.close();
    ours.close();
  });

  it('keeps numbers and event sequences gap-free per tenant when both write at once', async () => {
    const keys = [undefined, other.key];
    await Promise.all(Array.from({ length: 30 }, (_, i) => server.query(CreateComplaintDocument, { input: createInput() }, keys[i % 2])));
    for (const tenantId of [server.tenantId, other.tenantId]) {
      const em = server.app.services.db.forTenant(tenantId);
      const numbers = (await em.find(Complaint, { typeKey: 'product-quality' }, { orderBy: { number: 'asc' } })).map((c) => Number(c.number.slice(-6)));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      const sequences = (await em.find(DomainEvent, {}, { orderBy: { sequence: 'asc' } })).map((e) => e.sequence);
      expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    }
  });

  it('scopes every query centrally: an entity manager without a tenant refuses to read tenant rows', async () => {
    const em = server.app.services.db.system();
    await expect(em.find(Complaint, {})).rejects.toThrow(/tenant/);
    await expect(em.count(DomainEvent, {})).rejects.toThrow(/tenant/);
  });
});
