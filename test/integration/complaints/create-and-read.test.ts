import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { IdempotencyKey } from '../../../src/shared/idempotency/idempotency-key.entity';
import { ComplaintDocument, ComplaintTypesDocument, CreateComplaintDocument, NodeDocument, ViewerDocument } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const stored = () => server.stored();

describe('createComplaint', () => {
  it('stores a valid complaint pinned to the template version, with its event, and reads it back', async () => {
    const result = await server.query(CreateComplaintDocument, { input: createInput() });
    const created = result.createComplaint;
    if (created.__typename !== 'Complaint') throw new Error(`expected Complaint, got ${created.__typename}`);
    expect(created.number).toMatch(/^CC-\d{4}-000001$/);
    expect(created).toMatchObject({ typeKey: 'product-quality', templateVersion: 1, status: 'RECEIVED', version: 1, data: productQualityData() });

    const row = await stored().findOneOrFail(Complaint, { number: created.number });
    expect(row.data).toEqual(productQualityData());
    expect(row.createdBy).toBe((await server.app.services.auth.authenticate(`Bearer ${ADMIN_KEY}`))!.principal.id);

    const read = await server.query(ComplaintDocument, { id: created.id });
    expect(read.complaint).toMatchObject({ id: created.id, number: created.number, data: productQualityData() });
    expect(read.complaint.history).toHaveLength(1);
    expect(read.complaint.history[0]).toMatchObject({
      type: 'complaint.created',
      subjectId: created.id,
      subjectNumber: created.number,
      actor: { name: 'admin (ADMIN_API_KEY)' },
      data: { before: null, after: { number: created.number, status: 'RECEIVED', data: productQualityData() } },
    });

    const node = await server.query(NodeDocument, { id: created.id });
    expect(node.node).toEqual({ __typename: 'Complaint', id: created.id, number: created.number });
    const eventNode = await server.query(NodeDocument, { id: read.complaint.history[0].id });
    expect(eventNode.node).toMatchObject({ __typename: 'Event', type: 'complaint.created' });
  });

  it('numbers complaints per type prefix and year without gaps', async () => {
    const before = await stored().count(Complaint, { typeKey: 'product-quality' });
    const a = await server.query(CreateComplaintDocument, { input: createInput() });
    const delivery = await server.query(CreateComplaintDocument, {
      input: {
        typeKey: 'delivery',
        data: { customer: { organization: 'ACME', contactName: 'Li' }, receivedAt: '2026-11-21T01:00:00Z', channel: 'phone', orderNumber: 'SO-1', issue: 'late', description: '晚到三天 three days late' },
      },
    });
    expect(a.createComplaint.__typename === 'Complaint' && a.createComplaint.number).toMatch(new RegExp(`^CC-\\d{4}-${String(before + 1).padStart(6, '0')}$`));
    expect(delivery.createComplaint.__typename === 'Complaint' && delivery.createComplaint.number).toMatch(/^DC-\d{4}-000001$/);
  });

  it('returns the first result for a retry with the same idempotency key and creates nothing', async () => {
    const input = createInput({ idempotencyKey: 'intake-form-42' });
    const first = await server.query(CreateComplaintDocument, { input });
    const second = await server.query(CreateComplaintDocument, { input });
    expect(first.createComplaint.__typename).toBe('Complaint');
    expect(second.createComplaint).toEqual(first.createComplaint);
    const id = first.createComplaint.__typename === 'Complaint' ? first.createComplaint.number : '';
    expect(await stored().count(Complaint, { number: id })).toBe(1);
    expect(await stored().count(IdempotencyKey, { key: 'intake-form-42' })).toBe(1);
    expect(await stored().count(DomainEvent, { subjectNumber: id })).toBe(1);
  });

  it('creates exactly one complaint when retries with one key race', async () => {
    const input = createInput({ idempotencyKey: 'racing-key' });
    const before = await stored().count(Complaint);
    const results = await Promise.all(Array.from({ length: 8 }, () => server.query(CreateComplaintDocument, { input })));
    const numbers = new Set(results.map((r) => (r.createComplaint.__typename === 'Complaint' ? r.createComplaint.number : r.createComplaint.__typename)));
    expect([...numbers]).toHaveLength(1);
    expect(await stored().count(Complaint)).toBe(before + 1);
  });

  it('refuses a reused idempotency key with different input and changes nothing', async () => {
    await server.query(CreateComplaintDocument, { input: createInput({ idempotencyKey: 'reused' }) });
    const before = await stored().count(Complaint);
    const result = await server.query(CreateComplaintDocument, { input: createInput({ idempotencyKey: 'reused', data: productQualityData({ quantityAffected: 5 }) }) });
    expect(result.createComplaint).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: 'reused' });
    expect(await stored().count(Complaint)).toBe(before);
  });

  it('keeps concurrent writers apart: numbers and event sequences stay unique and gap-free', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => server.query(CreateComplaintDocument, { input: createInput() })));
    expect(results.every((r) => r.createComplaint.__typename === 'Complaint')).toBe(true);
    const complaints = await stored().find(Complaint, { typeKey: 'product-quality' }, { orderBy: { number: 'asc' } });
    const seqs = complaints.map((c) => Number(c.number.slice(-6)));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const events = await stored().find(DomainEvent, {}, { orderBy: { sequence: 'asc' } });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
  });
});

describe('complaintTypes and viewer', () => {
  it('lists the shipped types with bilingual titles and their intake schema', async () => {
    const { complaintTypes } = await server.query(ComplaintTypesDocument);
    expect(complaintTypes.map((t) => t.key)).toEqual(['delivery', 'product-quality', 'service']);
    const pq = complaintTypes.find((t) => t.key === 'product-quality')!;
    expect(pq.title).toEqual({ zhCN: '产品质量投诉', en: 'Product quality complaint' });
    expect(pq.intakeSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['customer', 'description']) });
  });

  it('serves each type\'s category tree, bilingual, to whoever may create or classify (not only admins)', async () => {
    const creators = await Promise.all(
      ['customer-service-agent', 'quality-engineer'].map(async (role) => (await server.app.services.apiKeys.create(server.tenantId, `${role}-reader`, [role])).key),
    );
    for (const key of creators) {
      const { complaintTypes } = await server.query(ComplaintTypesDocument, {}, key);
      const pq = complaintTypes.find((t) => t.key === 'product-quality')!;
      expect(pq.categories.map((c) => c.key)).toEqual([
        'design-defect', 'manufacturing-defect', 'stamping', 'welding', 'machining', 'surface-treatment', 'assembly', 'material', 'raw-material', 'purchased-part', 'packaging', 'labeling',
      ]);
      expect(pq.categories.slice(0, 3)).toEqual([
        { key: 'design-defect', parentKey: null, path: ['design-defect'], title: { zhCN: '设计缺陷', en: 'Design defect' }, children: [] },
        {
          key: 'manufacturing-defect',
          parentKey: null,
          path: ['manufacturing-defect'],
          title: { zhCN: '制造缺陷', en: 'Manufacturing defect' },
          children: [{ key: 'stamping' }, { key: 'welding' }, { key: 'machining' }, { key: 'surface-treatment' }, { key: 'assembly' }],
        },
        { key: 'stamping', parentKey: 'manufacturing-defect', path: ['manufacturing-defect', 'stamping'], title: { zhCN: '冲压', en: 'Stamping' }, children: [] },
      ]);
      for (const type of complaintTypes) {
        expect(type.categories.length, type.key).toBeGreaterThan(0);
        for (const c of type.categories) expect(c.title.zhCN && c.title.en, `${type.key}/${c.key}`).toBeTruthy();
      }
    }
  });

  it('tells the caller who they are', async () => {
    expect((await server.query(ViewerDocument)).viewer).toEqual({ tenant: 'default', name: 'admin (ADMIN_API_KEY)', roles: ['admin'] });
  });
});
