import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { toGlobalId } from '../../../src/shared/graphql/global-id';
import { CreateComplaintDocument, UpdateComplaintDocument } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function create() {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  return createComplaint;
}

describe('updateComplaint', () => {
  it('replaces the data, bumps the version and records before/after with the reason', async () => {
    const c = await create();
    const data = productQualityData({ quantityAffected: 80 });
    const { updateComplaint } = await server.query(UpdateComplaintDocument, { input: { id: c.id, version: 1, data, reason: '客户更正数量 customer corrected the quantity' } });
    expect(updateComplaint).toMatchObject({ __typename: 'Complaint', version: 2, data });
    const em = server.stored();
    const events = await em.find(DomainEvent, { subjectNumber: c.number }, { orderBy: { sequence: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['complaint.created', 'complaint.updated']);
    expect(events[1].reason).toBe('客户更正数量 customer corrected the quantity');
    expect(events[1].data).toMatchObject({ before: { version: 1, data: { quantityAffected: 120 } }, after: { version: 2, data: { quantityAffected: 80 } } });
  });

  it('gives CONFLICT for a stale version and changes nothing', async () => {
    const c = await create();
    await server.query(UpdateComplaintDocument, { input: { id: c.id, version: 1, data: productQualityData({ quantityAffected: 7 }) } });
    const { updateComplaint } = await server.query(UpdateComplaintDocument, { input: { id: c.id, version: 1, data: productQualityData({ quantityAffected: 9 }) } });
    expect(updateComplaint).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', expectedVersion: 1, currentVersion: 2 });
    const em = server.stored();
    const row = await em.findOneOrFail(Complaint, { number: c.number });
    expect(row.version).toBe(2);
    expect(row.data.quantityAffected).toBe(7);
    expect(await em.count(DomainEvent, { subjectNumber: c.number })).toBe(2);
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const c = await create();
    const results = await Promise.all(
      [11, 12].map((q) => server.query(UpdateComplaintDocument, { input: { id: c.id, version: 1, data: productQualityData({ quantityAffected: q }) } })),
    );
    expect(results.map((r) => r.updateComplaint.__typename).sort()).toEqual(['Complaint', 'ConflictError']);
    const em = server.stored();
    expect((await em.findOneOrFail(Complaint, { number: c.number })).version).toBe(2);
  });

  it.each([
    { title: 'invalid data against the pinned template', mutate: (id: string) => ({ id, version: 1, data: productQualityData({ channel: 'fax' }) }), expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED' } },
    { title: 'unknown id', mutate: () => ({ id: toGlobalId('Complaint', '00000000-0000-4000-8000-000000000000'), version: 1, data: productQualityData() }), expected: { __typename: 'NotFoundError', code: 'NOT_FOUND' } },
    { title: 'malformed id', mutate: () => ({ id: 'nonsense', version: 1, data: productQualityData() }), expected: { __typename: 'NotFoundError', code: 'NOT_FOUND', id: 'nonsense' } },
  ])('returns a typed error for $title and changes nothing', async ({ mutate, expected }) => {
    const c = await create();
    const { updateComplaint } = await server.query(UpdateComplaintDocument, { input: mutate(c.id) });
    expect(updateComplaint).toMatchObject(expected);
    const em = server.stored();
    const row = await em.findOneOrFail(Complaint, { number: c.number });
    expect(row.version).toBe(1);
    expect(row.data).toEqual(productQualityData());
  });
});
