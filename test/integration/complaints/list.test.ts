import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintsDocument, CreateComplaintDocument } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
const numbers: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  for (let i = 0; i < 25; i++) {
    const input = i % 5 === 0
      ? { typeKey: 'delivery', data: { customer: { organization: 'ACME', contactName: 'Li' }, receivedAt: '2026-11-21T01:00:00Z', channel: 'phone', orderNumber: `SO-${i}`, issue: 'late', description: 'late' } }
      : createInput({ data: productQualityData({ quantityAffected: i + 1 }) });
    const { createComplaint } = await server.query(CreateComplaintDocument, { input });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    numbers.push(createComplaint.number);
  }
});
afterAll(() => server?.stop());

describe('complaints connection', () => {
  it('pages newest first with cursors, no gaps and no duplicates', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const { complaints } = await server.query(ComplaintsDocument, { first: 10, after });
      expect(complaints.totalCount).toBe(25);
      seen.push(...complaints.edges.map((e) => e.node.number));
      pages++;
      if (!complaints.pageInfo.hasNextPage) break;
      expect(complaints.pageInfo.endCursor).toBe(complaints.edges.at(-1)!.cursor);
      after = complaints.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...numbers].reverse());
  });

  it('orders by number ascending', async () => {
    const { complaints } = await server.query(ComplaintsDocument, { first: 100, orderBy: { field: 'NUMBER', direction: 'ASC' } });
    expect(complaints.edges.map((e) => e.node.number)).toEqual([...numbers].sort());
    expect(complaints.pageInfo).toMatchObject({ hasNextPage: false });
  });

  it('filters by type and creation time', async () => {
    const { complaints } = await server.query(ComplaintsDocument, { first: 100, filter: { typeKeys: ['delivery'] } });
    expect(complaints.totalCount).toBe(5);
    expect(complaints.edges.every((e) => e.node.typeKey === 'delivery')).toBe(true);
    const future = await server.query(ComplaintsDocument, { filter: { createdAfter: new Date(Date.now() + 60_000).toISOString() } });
    expect(future.complaints.totalCount).toBe(0);
    const byStatus = await server.query(ComplaintsDocument, { filter: { statuses: ['RECEIVED'] } });
    expect(byStatus.complaints.totalCount).toBe(25);
  });

  it.each([
    { title: 'first below 1', variables: { first: 0 }, argumentName: 'first' },
    { title: 'first above 100', variables: { first: 101 }, argumentName: 'first' },
    { title: 'a cursor that is not one', variables: { first: 5, after: 'bm90LWEtY3Vyc29y' }, argumentName: 'after' },
  ])('refuses $title with BAD_USER_INPUT', async ({ variables, argumentName }) => {
    const result = await server.request(ComplaintsDocument, variables);
    expect(result.data?.complaints ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['complaints'], extensions: { code: 'BAD_USER_INPUT', argumentName } });
  });
});
