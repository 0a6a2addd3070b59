import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { eventHash, GENESIS_HASH } from '../../../src/db/event-log';
import { DomainEvent } from '../../../src/db/event.entity';
import { ComplaintEventsDocument, CreateComplaintDocument, UpdateComplaintDocument } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { subscribeEvents } from '../../fixtures/subscriptions';
import { refuseComplaintsContaining } from '../../fixtures/refusing-trigger';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** Makes the database refuse complaints whose description contains "ROLLBACK-ME", at insert time inside the transaction. */
async function installFailingTrigger(): Promise<void> {
  const em = server.app.services.db.system() as SqlEntityManager;
  await refuseComplaintsContaining((sql) => em.execute(sql), server.config.database.kind, 'ROLLBACK-ME', 'refuse_rollback_me');
}

describe('events', () => {
  it('streams a committed change to a subscriber, filtered by type and complaint', async () => {
    const all = await subscribeEvents(server.wsClient(), ComplaintEventsDocument, undefined, server.subscriptions);
    const updatesOnly = await subscribeEvents(server.wsClient(), ComplaintEventsDocument, { filter: { types: ['complaint.updated'] } }, server.subscriptions);
    const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput() });
    if (c.__typename !== 'Complaint') throw new Error(c.__typename);
    const created = await all.next();
    expect(created).toMatchObject({ type: 'complaint.created', subjectId: c.id, subjectNumber: c.number, data: { after: { number: c.number } } });

    const oneComplaint = await subscribeEvents(server.wsClient(), ComplaintEventsDocument, { filter: { complaintId: c.id } }, server.subscriptions);
    await server.query(CreateComplaintDocument, { input: createInput() });
    await server.query(UpdateComplaintDocument, { input: { id: c.id, version: 1, data: productQualityData({ quantityAffected: 3 }) } });
    expect((await updatesOnly.next()).type).toBe('complaint.updated');
    expect(await oneComplaint.next()).toMatchObject({ type: 'complaint.updated', subjectId: c.id });
    await Promise.all([updatesOnly.expectNone(200), oneComplaint.expectNone(200)]);
    expect((await all.next()).type).toBe('complaint.created');
    expect((await all.next()).type).toBe('complaint.updated');
    for (const s of [all, updatesOnly, oneComplaint]) s.close();
  });

  it('never announces or stores an event of a rolled-back change, and masks the internal error', async () => {
    await installFailingTrigger();
    const em = server.stored();
    const [complaints, events] = [await em.count(Complaint), await em.count(DomainEvent)];
    const stream = await subscribeEvents(server.wsClient(), ComplaintEventsDocument, undefined, server.subscriptions);

    const failed = await server.request(CreateComplaintDocument, { input: createInput({ data: productQualityData({ description: 'ROLLBACK-ME please' }) }) });
    expect(failed.errors).toEqual([{ message: 'Internal server error', path: ['createComplaint'], locations: expect.any(Array), extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(failed)).not.toContain('trigger');
    await stream.expectNone(400);
    const after = server.stored();
    expect(await after.count(Complaint)).toBe(complaints);
    expect(await after.count(DomainEvent)).toBe(events);

    // The next change gets the next sequence number: the rolled-back one left no gap.
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
    const next = await stream.next();
    expect(next.subjectId).toBe(createComplaint.__typename === 'Complaint' && createComplaint.id);
    expect(next.sequence).toBe(events + 1);
    stream.close();
  });

  it('commits the other writes that share a transaction with a failing one, and only announces those', async () => {
    const em = server.stored();
    const eventsBefore = await em.count(DomainEvent);
    const stream = await subscribeEvents(server.wsClient(), ComplaintEventsDocument, undefined, server.subscriptions);
    const inputs = Array.from({ length: 12 }, (_, i) => createInput({ data: productQualityData({ description: i === 5 ? 'ROLLBACK-ME too' : `batch ${i}` }) }));
    const results = await Promise.all(inputs.map((input) => server.request(CreateComplaintDocument, { input })));
    const failed = results.filter((r) => r.errors);
    expect(failed).toHaveLength(1);
    expect(failed[0].errors![0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    const created = results.filter((r) => r.data?.createComplaint.__typename === 'Complaint');
    expect(created).toHaveLength(11);
    const announced = [];
    for (let i = 0; i < 11; i++) announced.push(await stream.next());
    await stream.expectNone(300);
    expect(announced.map((e) => e.sequence)).toEqual(announced.map((_, i) => eventsBefore + 1 + i));
    const stored = await server.stored().find(DomainEvent, { sequence: { $gt: eventsBefore } }, { orderBy: { sequence: 'asc' } });
    expect(stored.map((e) => e.sequence)).toEqual(announced.map((e) => e.sequence));
    stream.close();
  });

  it('chains every event to the previous one by hash', async () => {
    const events = await server.stored().find(DomainEvent, {}, { orderBy: { sequence: 'asc' } });
    expect(events.length).toBeGreaterThan(3);
    expect(events.map((e) => e.type)).toContain('template.published');
    let prev = GENESIS_HASH;
    for (const e of events) {
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(eventHash(prev, { ...e, tenantId: server.tenantId }));
      prev = e.hash;
    }
    // Tampering with stored data breaks the chain where it happened.
    const tampered = { ...events[1], data: { ...events[1].data, forged: true }, tenantId: server.tenantId };
    expect(eventHash(events[1].prevHash, tampered)).not.toBe(events[1].hash);
  });
});
