import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { Shipment } from '../../../src/stats/shipment.entity';
import { ImportShipmentsDocument, type ImportShipmentsInput, PpmDocument } from '../../__generated__/graphql';
import { createCrew } from '../../fixtures/investigations';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let crew: Awaited<ReturnType<typeof createCrew>>;

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' });
  crew = await createCrew(server);
});
afterAll(() => server?.stop());
beforeEach(async () => {
  await server.stored().nativeDelete(Shipment, {});
});

const importCsv = async (csv: string, options: Partial<ImportShipmentsInput> = {}) => (await server.query(ImportShipmentsDocument, { input: { csv, ...options } })).importShipments;
const stored = async () =>
  (await server.stored().find(Shipment, {}, { orderBy: { productKey: 'asc', customerKey: 'asc', period: 'asc' } })).map((s) => [s.productKey, s.customerKey, s.period, s.quantity]);
const events = () => server.stored().count(DomainEvent, { type: 'shipment.recorded' });

/** Chinese headers in another order, a BOM, CRLF, a quoted customer with a comma, a grouped quantity, a product total (no customer). */
const GOOD = '\uFEFF月份,零件号,客户,数量\r\n2026-11,P1,"Acme, Inc.","12,000"\r\n2026-11,P1,,20000\r\n2026-11,P2,上海汽车,3000\r\n';

describe(`shipments CSV import (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('stores every row of a good file in one go, with an event per key, and PPM uses them', async () => {
    const before = await events();
    expect(await importCsv(GOOD)).toEqual({
      __typename: 'ShipmentImport',
      mode: 'ALL_OR_NOTHING',
      dryRun: false,
      rowCount: 3,
      createdCount: 3,
      updatedCount: 0,
      unchangedCount: 0,
      rejectedCount: 0,
      rejectedRows: [],
    });
    expect(await stored()).toEqual([
      ['P1', '', '2026-11', 20000],
      ['P1', 'Acme, Inc.', '2026-11', 12000],
      ['P2', '上海汽车', '2026-11', 3000],
    ]);
    expect((await events()) - before).toBe(3);
    const { ppm } = await server.query(PpmDocument, { filter: { products: ['P1'], dateRange: { from: '2026-11-01', to: '2026-11-30' } } });
    expect(ppm).toMatchObject({ __typename: 'PpmReport', total: { shippedQuantity: 20000 } });

    // The same file again changes nothing; one changed quantity is one update and one event.
    expect(await importCsv(GOOD)).toMatchObject({ createdCount: 0, updatedCount: 0, unchangedCount: 3 });
    expect((await events()) - before).toBe(3);
    const changed = await importCsv('product\tcustomer\tperiod\tquantity\nP2\t上海汽车\t2026-11\t3500\nP2\t上海汽车\t2026-12\t100\n');
    expect(changed).toMatchObject({ rowCount: 2, createdCount: 1, updatedCount: 1, unchangedCount: 0 });
    expect((await events()) - before).toBe(5);
    const last = await server.stored().findOneOrFail(DomainEvent, { type: 'shipment.recorded' }, { orderBy: { sequence: 'desc' } });
    expect(last).toMatchObject({ reason: 'CSV import', data: { before: null, after: { product: 'P2', customer: '上海汽车', period: '2026-12', quantity: 100 } } });
  });

  /** Line 3: bad month; line 4: bad quantity; lines 5-6: a customer with a line break, fine; line 7: the key of line 2 again. */
  const MIXED = 'product,customer,period,quantity\nP1,C1,2026-11,100\nP1,C1,2026-13,100\nP2,C1,2026-11,-5\nP3,"two\nlines",2026-11,7\nP1,C1,2026-11,200\n';

  it('refuses the whole file when a row is bad (the default), listing every problem by line, and stores nothing', async () => {
    const before = await events();
    expect(await importCsv(MIXED)).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      problems: [
        { path: '/input/csv/rows/3/period', code: 'FORMAT' },
        { path: '/input/csv/rows/4/quantity', code: 'RANGE' },
        { path: '/input/csv/rows/7', code: 'DUPLICATE_ROW' },
      ],
    });
    expect(await stored()).toEqual([]);
    expect(await events()).toBe(before);
  });

  it('stores the good rows and reports the bad ones in VALID_ROWS mode; a dry run stores nothing', async () => {
    const dry = await importCsv(MIXED, { mode: 'VALID_ROWS', dryRun: true });
    const expected = {
      __typename: 'ShipmentImport',
      mode: 'VALID_ROWS',
      rowCount: 5,
      createdCount: 2,
      updatedCount: 0,
      unchangedCount: 0,
      rejectedCount: 3,
      rejectedRows: [
        { line: 3, problems: [{ path: '/rows/3/period', code: 'FORMAT' }] },
        { line: 4, problems: [{ path: '/rows/4/quantity', code: 'RANGE' }] },
        { line: 7, problems: [{ path: '/rows/7', code: 'DUPLICATE_ROW' }] },
      ],
    };
    expect(dry).toEqual({ ...expected, dryRun: true });
    expect(await stored()).toEqual([]);
    // A dry run of the default mode says what would be refused, without refusing.
    expect(await importCsv(MIXED, { dryRun: true })).toMatchObject({ __typename: 'ShipmentImport', mode: 'ALL_OR_NOTHING', rejectedCount: 3, createdCount: 2 });

    expect(await importCsv(MIXED, { mode: 'VALID_ROWS' })).toEqual({ ...expected, dryRun: false });
    expect(await stored()).toEqual([
      ['P1', 'C1', '2026-11', 100],
      ['P3', 'two\nlines', '2026-11', 7],
    ]);
  });

  it('refuses a file it cannot read as a whole, with one clear code', async () => {
    const cases: Array<[string, string[]]> = [
      ['', ['EMPTY']],
      ['product,period,quantity\n', ['EMPTY']],
      ['product,period\nP1,2026-11\n', ['MISSING_COLUMN']],
      ['product,period,quantity,colour\nP1,2026-11,5,red\n', ['UNKNOWN_COLUMN']],
      ['product,零件号,period,quantity\nP1,P1,2026-11,5\n', ['DUPLICATE_COLUMN']],
      ['product,period,quantity\n"P1,2026-11,5\n', ['CSV_SYNTAX']],
    ];
    for (const [csv, codes] of cases) {
      const result = await importCsv(csv, { mode: 'VALID_ROWS' });
      expect(result, JSON.stringify(csv)).toEqual({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: codes.map((code) => ({ path: '/input/csv', code })) });
    }
    expect(await stored()).toEqual([]);
  });

  it('lets only admins and quality managers import', async () => {
    const refused = await server.request(ImportShipmentsDocument, { input: { csv: GOOD } }, { key: crew.engineer.key });
    expect(refused.errors?.[0]).toMatchObject({ path: ['importShipments'], extensions: { code: 'FORBIDDEN' } });
    const allowed = await server.query(ImportShipmentsDocument, { input: { csv: GOOD } }, crew.manager.key);
    expect(allowed.importShipments).toMatchObject({ __typename: 'ShipmentImport', createdCount: 3 });
  });
});
