import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { Shipment } from '../../../src/stats/shipment.entity';
import { PpmDocument, RecordShipmentDocument, type PpmDimension } from '../../__generated__/graphql';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { seedAll } from './stats-seed';

/**
 * PPM on the data set of stats-seed.ts. Claimed defects by local month: P1 2026-11 A100 + B50 + E10 = 160,
 * P2 2026-11 C30 + F40 = 70, P1 2026-12 D20. Shipped: P1 2026-11 total 10,000; P2 2026-11 2,000 + 3,000;
 * P1 2026-12 0.
 */
let server: TestServer;
const clock = new ManualClock('2026-10-31T17:00:00Z');

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  await seedAll(server, clock);
}, 120_000);
afterAll(() => server?.stop());

const ppm = async (variables: { groupBy?: PpmDimension[]; numerator?: 'CLAIMED' | 'CONFIRMED'; filter?: Record<string, unknown> }) => {
  const { ppm: report } = await server.query(PpmDocument, variables as never);
  if (report.__typename !== 'PpmReport') throw new Error(JSON.stringify(report));
  return report;
};
const row = (key: Array<[PpmDimension, string | null]>, defective: number, count: number, shipped: number) => ({
  key: key.map(([dimension, value]) => ({ dimension, value })),
  defectiveQuantity: defective,
  complaintCount: count,
  shippedQuantity: shipped,
  noShipments: shipped === 0,
  ppm: shipped ? (defective * 1_000_000) / shipped : null,
});

describe(`ppm (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('per product and local month, with both numbers; zero shipped gives null and the flag', async () => {
    const report = await ppm({ groupBy: ['PRODUCT', 'MONTH'] });
    expect(report.numerator).toBe('CLAIMED');
    expect(report.total).toEqual(row([], 250, 6, 15_000));
    expect(report.groups).toEqual([
      row([['PRODUCT', 'P1'], ['MONTH', '2026-11']], 160, 3, 10_000),
      row([['PRODUCT', 'P1'], ['MONTH', '2026-12']], 20, 1, 0),
      row([['PRODUCT', 'P2'], ['MONTH', '2026-11']], 70, 2, 5_000),
    ]);
    expect(report.groups[0].ppm).toBe(16_000);
    expect(report.groups[1]).toMatchObject({ ppm: null, noShipments: true });
  });

  it('per customer counts per-customer shipments only', async () => {
    const report = await ppm({ groupBy: ['CUSTOMER', 'MONTH'] });
    expect(report.total).toEqual(row([], 250, 6, 11_000));
    expect(report.groups).toEqual([
      row([['CUSTOMER', 'C1'], ['MONTH', '2026-11']], 200, 4, 8_000),
      row([['CUSTOMER', 'C2'], ['MONTH', '2026-11']], 30, 1, 3_000),
      row([['CUSTOMER', 'C2'], ['MONTH', '2026-12']], 20, 1, 0),
    ]);
  });

  it('counts confirmed quantities only when asked (none confirmed yet: 0 ppm where shipped)', async () => {
    const report = await ppm({ groupBy: ['PRODUCT'], numerator: 'CONFIRMED' });
    expect(report.groups).toEqual([row([['PRODUCT', 'P1']], 0, 4, 10_000), row([['PRODUCT', 'P2']], 0, 2, 5_000)]);
  });

  it('upserts a shipment per key and refuses bad rows', async () => {
    const { recordShipment } = await server.query(RecordShipmentDocument, { input: { product: 'P1', period: '2026-12', quantity: 4_000 } });
    expect(recordShipment).toEqual({ __typename: 'ShipmentRecord', product: 'P1', customer: null, period: '2026-12', quantity: 4_000 });
    const report = await ppm({ groupBy: ['MONTH'], filter: { products: ['P1'] } });
    expect(report.groups.map((g) => [g.key[0].value, g.shippedQuantity, g.ppm])).toEqual([
      ['2026-11', 10_000, 16_000],
      ['2026-12', 4_000, 5_000],
    ]);
    const { recordShipment: bad } = await server.query(RecordShipmentDocument, { input: { product: ' ', period: '2026-13', quantity: -1 } });
    expect(bad).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/product' }, { path: '/period', code: 'FORMAT' }, { path: '/quantity', code: 'RANGE' }] });
  });

  it('stores one row when several record the same new key at once, each change in the audit trail', async () => {
    const before = await server.stored().count(DomainEvent, { type: 'shipment.recorded' });
    const results = await Promise.all([1, 2, 3, 4, 5].map((q) => server.query(RecordShipmentDocument, { input: { product: 'P9', customer: 'C9', period: '2027-01', quantity: q } })));
    expect(results.map((r) => r.recordShipment.__typename)).toEqual(Array(5).fill('ShipmentRecord'));
    const rows = await server.stored().find(Shipment, { productKey: 'P9' });
    expect(rows).toHaveLength(1);
    const events = await server.stored().find(DomainEvent, { type: 'shipment.recorded', sequence: { $gt: 0 } }, { orderBy: { sequence: 'asc' } });
    const mine = events.slice(before);
    expect(mine).toHaveLength(5);
    // One creation, then four updates each from the quantity before it; the last one's quantity is stored.
    expect(mine.filter((e) => (e.data as { before: unknown }).before === null)).toHaveLength(1);
    expect((mine.at(-1)!.data as { after: { quantity: number } }).after.quantity).toBe(rows[0].quantity);
    // Each one replaced what the one before it stored: no write worked from a stale read.
    const chain = mine.map((e) => e.data as { before: { quantity: number } | null; after: { quantity: number } });
    for (let i = 1; i < chain.length; i++) expect(chain[i].before?.quantity).toBe(chain[i - 1].after.quantity);
  });
});
