import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../../src/shared/graphql/global-id';
import { ManualClock } from '../../../src/scheduler/clock';
import { ComplaintFact } from '../../../src/stats/complaint-fact.entity';
import { ComplaintStatsDocument, ParetoDocument, type StatsDimension, type StatsGroupFieldsFragment } from '../../__generated__/graphql';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { seedAll, SEED } from './stats-seed';

/**
 * Stage-1 statistics on the hand-computed data set of stats-seed.ts (see there), the same expectations on
 * SQLite and PostgreSQL. Closed: A 2 h (rejected), B 4 h, D 8 h, F 600 h (late: the close clock's 10 working
 * days passed); C closed after 6 h and was reopened; E is open. Satisfaction B 4, C 5, D 2, F 3.
 */
let server: TestServer;
const clock = new ManualClock('2026-10-31T17:00:00Z');
let refs: Awaited<ReturnType<typeof seedAll>>;

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  refs = await seedAll(server, clock);
}, 120_000);
afterAll(() => server?.stop());

const stats = async (variables: Parameters<typeof server.query<unknown, { filter?: unknown; groupBy?: StatsDimension[] }>>[1]) => {
  const { complaintStats } = await server.query(ComplaintStatsDocument, variables as never);
  if (complaintStats.__typename !== 'ComplaintStats') throw new Error(JSON.stringify(complaintStats));
  return complaintStats;
};

/** A group as the API returns it, from hand-computed figures. */
function group(key: Array<[StatsDimension, string | null]>, g: { count: number; cycle: number[]; onTime: [number, number]; rejected: number; reopened: [number, number]; satisfaction: number[] }): StatsGroupFieldsFragment {
  const sorted = [...g.cycle].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? null;
  const dist = [1, 2, 3, 4, 5].map((s) => g.satisfaction.filter((x) => x === s).length);
  return {
    key: key.map(([dimension, value]) => ({ dimension, value })),
    count: g.count,
    stageOne: {
      closedCount: g.cycle.length,
      cycleTime: { count: g.cycle.length, medianHours: rank(50), p90Hours: rank(90), meanHours: g.cycle.length ? g.cycle.reduce((a, b) => a + b, 0) / g.cycle.length : null },
      timedCount: g.onTime[1],
      onTimeCount: g.onTime[0],
      onTimeRate: g.onTime[1] ? g.onTime[0] / g.onTime[1] : null,
      rejectedCount: g.rejected,
      rejectedShare: g.count ? g.rejected / g.count : null,
      reopenedCount: g.reopened[0],
      reopenRate: g.reopened[1] ? g.reopened[0] / g.reopened[1] : null,
    },
    satisfaction: { count: g.satisfaction.length, mean: g.satisfaction.length ? g.satisfaction.reduce((a, b) => a + b, 0) / g.satisfaction.length : null, distribution: dist },
  };
}

describe(`complaint statistics (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('records each complaint\'s facts as plain columns, bucketed in the organization\'s time zone', async () => {
    const fact = async (name: keyof typeof SEED) => server.stored().findOneOrFail(ComplaintFact, { complaintId: fromGlobalId(refs[name].id)!.localId });
    // 2026-10-31T17:00Z is 1 November 01:00 in Shanghai (a Sunday: ISO week 44).
    expect(await fact('A')).toMatchObject({ receivedDay: '2026-11-01', receivedMonth: '2026-11', receivedWeek: '2026-W44', rejected: true, cycleSeconds: 7200, closeOnTime: true, productKey: 'P1', customerKey: 'C1', defectiveClaimed: 100, category: null });
    expect(await fact('D')).toMatchObject({ receivedDay: '2026-12-01', receivedMonth: '2026-12', receivedWeek: '2026-W49', cycleSeconds: 8 * 3600, closeOnTime: true, satisfaction: 2, category: 'machining', department: 'production' });
    expect(await fact('F')).toMatchObject({ cycleSeconds: 600 * 3600, closeOnTime: false, satisfaction: 3 });
    expect(await fact('C')).toMatchObject({ closedAt: null, cycleSeconds: null, closeOnTime: null, reopenCount: 1, satisfaction: 5 });
    expect(await fact('E')).toMatchObject({ closedAt: null, reopenCount: 0, satisfaction: null, severity: null, typeKey: 'product-quality' });
  });

  it('computes the totals: nearest-rank median and p90 of an even count, on-time, rejected, reopen and satisfaction', async () => {
    const result = await stats({});
    expect(result.groups).toEqual([]);
    expect(result.total).toEqual(group([], { count: 6, cycle: [2, 4, 8, 600], onTime: [3, 4], rejected: 1, reopened: [1, 5], satisfaction: [4, 5, 2, 3] }));
    // By hand: rank ceil(0.5 x 4) = 2 -> 4 h; rank ceil(0.9 x 4) = 4 -> 600 h; mean 614 / 4.
    expect(result.total.stageOne.cycleTime).toEqual({ count: 4, medianHours: 4, p90Hours: 600, meanHours: 153.5 });
    expect(result.total.satisfaction).toEqual({ count: 4, mean: 3.5, distribution: [0, 1, 1, 1, 1] });
  });

  it('buckets months in Asia/Shanghai, not UTC: A falls in November and D in December', async () => {
    const result = await stats({ groupBy: ['MONTH'] });
    expect(result.groups).toEqual([
      group([['MONTH', '2026-11']], { count: 5, cycle: [2, 4, 600], onTime: [2, 3], rejected: 1, reopened: [1, 4], satisfaction: [4, 5, 3] }),
      group([['MONTH', '2026-12']], { count: 1, cycle: [8], onTime: [1, 1], rejected: 0, reopened: [0, 1], satisfaction: [2] }),
    ]);
    expect(result.groups[0].stageOne.cycleTime).toMatchObject({ medianHours: 4, p90Hours: 600 });
    // The date range is in local dates too: 1-30 November holds A but not D.
    const november = await stats({ filter: { dateRange: { from: '2026-11-01', to: '2026-11-30' } } });
    expect(november.total.count).toBe(5);
    expect((await stats({ filter: { dateRange: { from: '2026-10-01', to: '2026-10-31' } } })).total.count).toBe(0);
  });

  it('groups by several dimensions, keys ascending with null last; a group with nothing closed has null times', async () => {
    const result = await stats({ groupBy: ['CATEGORY', 'PRODUCT'] });
    expect(result.groups.map((g) => g.key.map((k) => k.value))).toEqual([
      ['machining', 'P1'],
      ['machining', 'P2'],
      ['material', 'P1'],
      [null, 'P1'],
    ]);
    expect(result.groups[1]).toEqual(group([['CATEGORY', 'machining'], ['PRODUCT', 'P2']], { count: 2, cycle: [600], onTime: [0, 1], rejected: 0, reopened: [1, 2], satisfaction: [5, 3] }));
    expect(result.groups[3]).toEqual(group([['CATEGORY', null], ['PRODUCT', 'P1']], { count: 2, cycle: [2], onTime: [1, 1], rejected: 1, reopened: [0, 1], satisfaction: [] }));
    const byWeek = await stats({ groupBy: ['WEEK'], filter: { customers: ['C1'] } });
    expect(byWeek.groups.map((g) => [g.key[0].value, g.count])).toEqual([
      ['2026-W44', 1],
      ['2026-W45', 2],
      ['2026-W46', 1],
    ]);
  });

  it('gives an empty total (count 0, null statistics) when nothing matches', async () => {
    const result = await stats({ filter: { types: ['delivery'] }, groupBy: ['DEPARTMENT'] });
    expect(result.groups).toEqual([]);
    expect(result.total).toEqual(group([], { count: 0, cycle: [], onTime: [0, 0], rejected: 0, reopened: [0, 0], satisfaction: [] }));
    expect(result.total.stageOne).toMatchObject({ rejectedShare: null, onTimeRate: null, reopenRate: null, cycleTime: { medianHours: null, p90Hours: null, meanHours: null } });
  });

  it('orders a Pareto by count with cumulative percentages', async () => {
    const { pareto } = await server.query(ParetoDocument, { dimension: 'CATEGORY' });
    expect(pareto).toEqual({
      __typename: 'Pareto',
      dimension: 'CATEGORY',
      measure: 'COUNT',
      total: 6,
      totalAmount: 6,
      currency: null,
      items: [
        { value: 'machining', count: 3, amount: 3, percentage: 50, cumulativeCount: 3, cumulativeAmount: 3, cumulativePercentage: 50 },
        { value: null, count: 2, amount: 2, percentage: 200 / 6, cumulativeCount: 5, cumulativeAmount: 5, cumulativePercentage: 500 / 6 },
        { value: 'material', count: 1, amount: 1, percentage: 100 / 6, cumulativeCount: 6, cumulativeAmount: 6, cumulativePercentage: 100 },
      ],
    });
    const { pareto: empty } = await server.query(ParetoDocument, { dimension: 'CUSTOMER', filter: { customers: ['nobody'] } });
    expect(empty).toEqual({ __typename: 'Pareto', dimension: 'CUSTOMER', measure: 'COUNT', total: 0, totalAmount: 0, currency: null, items: [] });
  });

  it('orders a Pareto by claimed defective quantity; with nothing confirmed, shares are null rather than a division by zero', async () => {
    // Claimed: A 100 and E 10 (no category), B 50 (material), C 30, D 20 and F 40 (machining).
    const { pareto } = await server.query(ParetoDocument, { dimension: 'CATEGORY', measure: 'CLAIMED_QUANTITY' });
    expect(pareto).toEqual({
      __typename: 'Pareto',
      dimension: 'CATEGORY',
      measure: 'CLAIMED_QUANTITY',
      total: 6,
      totalAmount: 250,
      currency: null,
      items: [
        { value: null, count: 2, amount: 110, percentage: 44, cumulativeCount: 2, cumulativeAmount: 110, cumulativePercentage: 44 },
        { value: 'machining', count: 3, amount: 90, percentage: 36, cumulativeCount: 5, cumulativeAmount: 200, cumulativePercentage: 80 },
        { value: 'material', count: 1, amount: 50, percentage: 20, cumulativeCount: 6, cumulativeAmount: 250, cumulativePercentage: 100 },
      ],
    });
    const { pareto: confirmed } = await server.query(ParetoDocument, { dimension: 'CATEGORY', measure: 'CONFIRMED_QUANTITY' });
    expect(confirmed).toMatchObject({ totalAmount: 0, items: [{ value: 'machining', amount: 0, percentage: null, cumulativePercentage: null }, { value: null }, { value: 'material' }] });
  });

  const refusals = [
    { title: 'a date range that ends before it starts', variables: { filter: { dateRange: { from: '2026-12-01', to: '2026-11-01' } } }, path: '/filter/dateRange', code: 'DATE_RANGE' },
    { title: 'a date that is no date', variables: { filter: { dateRange: { from: '2026-02-30', to: '2026-03-01' } } }, path: '/filter/dateRange/from', code: 'FORMAT' },
    { title: 'too many filter values', variables: { filter: { products: Array.from({ length: 101 }, (_, i) => `P${i}`) } }, path: '/filter/products', code: 'TOO_MANY_VALUES' },
    { title: 'a dimension twice', variables: { groupBy: ['MONTH', 'MONTH'] }, path: '/groupBy', code: 'DUPLICATE_DIMENSION' },
    { title: 'more than three dimensions', variables: { groupBy: ['MONTH', 'CATEGORY', 'PRODUCT', 'CUSTOMER'] }, path: '/groupBy', code: 'TOO_MANY_DIMENSIONS' },
  ];
  it.each(refusals)('refuses $title with VALIDATION_FAILED', async ({ variables, path, code }) => {
    const { complaintStats } = await server.query(ComplaintStatsDocument, variables as never);
    expect(complaintStats).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path, code }] });
  });

  it('refuses an unknown groupBy dimension as a GraphQL validation error', async () => {
    const result = await server.request(ComplaintStatsDocument, { groupBy: ['COLOUR' as StatsDimension] });
    expect(result.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });
});
