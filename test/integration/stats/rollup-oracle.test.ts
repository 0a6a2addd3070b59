import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localKeys } from '../../../src/stats/complaint-facts';
import { FullComplaintStatsDocument, ParetoDocument, PpmDocument, type ParetoMeasure, type StatsDimension, type StatsGroupFieldsFragment } from '../../__generated__/graphql';
import { storedAndRecomputedRollup } from '../../fixtures/rollup';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/**
 * The statistics against an oracle: 700 facts of the default tenant (and 150 of another) written straight
 * into complaint_fact from a seeded generator, then every statistic of many filters and groupings is
 * computed again in JavaScript from the stored rows and must match exactly. The filters cross the paths the
 * service picks: whole months (rollup), partial months at the edges (rollup + facts), a range within one
 * month (facts), filters the rollup lacks (facts), a repeat window the rollup does not count (facts), and
 * percentiles walked off an index or taken from a window.
 */
let server: TestServer;
const ZONE = 'Asia/Shanghai';
const OTHER_TENANT = '00000000-0000-4000-8000-00000000bbbb';

interface Fact {
  tenant_id: string;
  received_day: string;
  received_month: string;
  received_week: string;
  type_key: string;
  category: string | null;
  severity: string | null;
  department: string | null;
  product_key: string | null;
  customer_key: string | null;
  closed: boolean;
  cycle_seconds: number | null;
  close_on_time: boolean | null;
  rejected: boolean;
  reopen_count: number;
  satisfaction: number | null;
  defective_claimed: number | null;
  defective_confirmed: number | null;
  repeat_gap_seconds: number | null;
  /** Cost items in CNY fen. */
  cost_base_minor: number;
}

/** mulberry32: the same rows on every run and both databases. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const facts: Fact[] = [];

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' });
  const rnd = random(20261123);
  const pick = <T>(values: T[]): T => values[Math.floor(rnd() * values.length)];
  const maybe = <T>(p: number, value: () => T): T | null => (rnd() < p ? value() : null);
  const em = server.app.services.db.system() as SqlEntityManager;
  const sqlite = server.config.database.kind === 'sqlite';
  const start = Date.parse('2025-12-25T00:00:00Z');
  const span = Date.parse('2027-01-05T00:00:00Z') - start;
  for (let i = 0; i < 850; i++) {
    const tenant = i % 17 === 0 ? OTHER_TENANT : server.tenantId;
    // Receipts on whole hours so local midnights and month ends are hit; cycle times on whole hours so percentiles tie.
    const at = new Date(start + Math.floor((rnd() * span) / 3_600_000) * 3_600_000);
    const keys = localKeys(at, ZONE);
    const closed = rnd() < 0.7;
    const fact: Fact = {
      tenant_id: tenant,
      received_day: keys.day,
      received_month: keys.month,
      received_week: keys.week,
      type_key: pick(['product-quality', 'product-quality', 'delivery']),
      category: pick(['machining', 'material', 'welding', 'packaging', null]),
      severity: pick(['minor', 'major', 'critical', null]),
      department: pick(['quality', 'production', 'logistics', null]),
      product_key: pick(['P1', 'P2', 'P3', 'P4', null]),
      customer_key: pick(['C1', 'C2', 'C3', null]),
      closed,
      // Mostly within 400 hours (hourly and 4-hourly buckets, often on a bucket's edge), some up to 200 days (daily and weekly ones).
      cycle_seconds: closed ? (rnd() < 0.8 ? Math.floor(rnd() * 400) * 3600 : Math.floor(rnd() * 200) * 86_400 + Math.floor(rnd() * 86_400)) : null,
      close_on_time: closed ? pick([true, false, null]) : null,
      rejected: rnd() < 0.1,
      reopen_count: rnd() < 0.1 ? 1 : 0,
      satisfaction: closed ? maybe(0.6, () => 1 + Math.floor(rnd() * 5)) : null,
      defective_claimed: maybe(0.8, () => Math.floor(rnd() * 500)),
      defective_confirmed: maybe(0.4, () => Math.floor(rnd() * 300)),
      repeat_gap_seconds: maybe(0.7, () => Math.floor(rnd() * 200) * 86_400 + pick([0, 1, -1])),
      cost_base_minor: rnd() < 0.5 ? 0 : Math.floor(rnd() * 5_000_000),
    };
    if (fact.repeat_gap_seconds !== null && fact.repeat_gap_seconds < 0) fact.repeat_gap_seconds = 0;
    facts.push(fact);
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const bool = (b: boolean | null) => (b === null ? null : sqlite ? Number(b) : b);
    await em.execute(
      `insert into complaint_fact (complaint_id, tenant_id, received_at, received_day, received_month, received_week, type_key, category, severity, department,
        product_key, customer_key, closed_at, cycle_seconds, close_on_time, rejected, reopen_count, satisfaction, defective_claimed, defective_confirmed, repeat_gap_seconds, cost_base_minor)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id, fact.tenant_id, sqlite ? at.getTime() : at, fact.received_day, fact.received_month, fact.received_week, fact.type_key, fact.category, fact.severity, fact.department,
        fact.product_key, fact.customer_key, closed ? (sqlite ? at.getTime() + fact.cycle_seconds! * 1000 : new Date(at.getTime() + fact.cycle_seconds! * 1000)) : null,
        fact.cycle_seconds, bool(fact.close_on_time), bool(fact.rejected), fact.reopen_count, fact.satisfaction, fact.defective_claimed, fact.defective_confirmed, fact.repeat_gap_seconds, fact.cost_base_minor,
      ],
    );
  }
});
afterAll(() => server?.stop());

type Filter = { dateRange?: { from: string; to: string }; types?: string[]; categories?: (string)[]; departments?: string[]; severities?: string[]; products?: string[]; customers?: string[] };

const FILTERS: Array<[string, Filter | undefined]> = [
  ['no filter', undefined],
  ['whole months', { dateRange: { from: '2026-03-01', to: '2026-08-31' } }],
  ['partial months at both edges', { dateRange: { from: '2026-02-14', to: '2026-09-10' } }],
  ['one whole month and a partial one', { dateRange: { from: '2026-04-01', to: '2026-05-17' } }],
  ['within one month', { dateRange: { from: '2026-05-05', to: '2026-05-20' } }],
  ['two partial months', { dateRange: { from: '2026-05-20', to: '2026-06-10' } }],
  ['categories, types and severities', { dateRange: { from: '2026-01-01', to: '2026-12-31' }, categories: ['machining', 'welding'], types: ['product-quality'], severities: ['major', 'critical'] }],
  ['departments', { departments: ['quality'] }],
  ['products (not in the rollup)', { dateRange: { from: '2026-02-01', to: '2026-10-15' }, products: ['P1', 'P3'] }],
  ['customers (not in the rollup)', { customers: ['C2'] }],
];

const COLUMN: Record<string, keyof Fact> = { MONTH: 'received_month', WEEK: 'received_week', CATEGORY: 'category', DEPARTMENT: 'department', SEVERITY: 'severity', PRODUCT: 'product_key', CUSTOMER: 'customer_key', TYPE: 'type_key' };
const LIST: Record<string, keyof Fact> = { types: 'type_key', categories: 'category', departments: 'department', severities: 'severity', products: 'product_key', customers: 'customer_key' };

function selected(filter: Filter | undefined): Fact[] {
  return facts.filter(
    (f) =>
      f.tenant_id === server.tenantId &&
      (!filter?.dateRange || (f.received_day >= filter.dateRange.from && f.received_day <= filter.dateRange.to)) &&
      Object.entries(LIST).every(([name, column]) => !(filter as Record<string, string[] | undefined>)?.[name]?.length || (filter as Record<string, string[]>)[name].includes(f[column] as string)),
  );
}

/** Groups in code-point order of their keys, nulls last (as the service orders them). */
function grouped(rows: Fact[], groupBy: string[]): Array<[Array<string | null>, Fact[]]> {
  const groups = new Map<string, Fact[]>();
  for (const f of rows) {
    const key = JSON.stringify(groupBy.map((d) => f[COLUMN[d]] ?? null));
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const cmp = (a: Array<string | null>, b: Array<string | null>) => {
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      if (a[i] === null) return 1;
      if (b[i] === null) return -1;
      return a[i]! < b[i]! ? -1 : 1;
    }
    return 0;
  };
  return [...groups.entries()].map(([k, v]) => [JSON.parse(k) as Array<string | null>, v] as [Array<string | null>, Fact[]]).sort((a, b) => cmp(a[0], b[0]));
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const rank = (sorted: number[], p: number) => (sorted.length ? sorted[Math.ceil((sorted.length * p) / 100) - 1] / 3600 : null);

function expectedGroup(key: Array<{ dimension: string; value: string | null }>, rows: Fact[], windowDays: number) {
  const cycles = rows.flatMap((f) => (f.cycle_seconds === null ? [] : [f.cycle_seconds])).sort((a, b) => a - b);
  const closed = rows.filter((f) => f.closed).length;
  const timed = rows.filter((f) => f.close_on_time !== null).length;
  const onTime = rows.filter((f) => f.close_on_time === true).length;
  const rejected = rows.filter((f) => f.rejected).length;
  const reopened = rows.filter((f) => f.reopen_count > 0).length;
  const everClosed = rows.filter((f) => f.closed || f.reopen_count > 0).length;
  const sat = rows.flatMap((f) => (f.satisfaction === null ? [] : [f.satisfaction]));
  const repeats = rows.filter((f) => f.repeat_gap_seconds !== null && f.repeat_gap_seconds <= windowDays * 86_400).length;
  return {
    key,
    count: rows.length,
    stageOne: {
      closedCount: closed,
      cycleTime: { count: closed, medianHours: rank(cycles, 50), p90Hours: rank(cycles, 90), meanHours: closed ? cycles.reduce((a, b) => a + b, 0) / closed / 3600 : null },
      timedCount: timed,
      onTimeCount: onTime,
      onTimeRate: ratio(onTime, timed),
      rejectedCount: rejected,
      rejectedShare: ratio(rejected, rows.length),
      reopenedCount: reopened,
      reopenRate: ratio(reopened, everClosed),
    },
    satisfaction: { count: sat.length, mean: ratio(sat.reduce((a, b) => a + b, 0), sat.length), distribution: [1, 2, 3, 4, 5].map((v) => sat.filter((s) => s === v).length) },
    repeatCount: repeats,
    repeatRate: ratio(repeats, rows.length),
  };
}

/** Floats rounded to 9 significant digits: the two sides divide the same integers, possibly in another order. */
const rounded = (value: unknown): unknown =>
  typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(9)) : Array.isArray(value) ? value.map(rounded) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) : value;

describe(`statistics against an oracle (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('keeps the rollup equal to a fresh sum of the facts written straight into complaint_fact', async () => {
    const { stored, recomputed, histogram } = await storedAndRecomputedRollup(server.app.services.db.system());
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toEqual(recomputed);
    expect(histogram.stored.length).toBeGreaterThan(100);
    expect(histogram.stored).toEqual(histogram.recomputed);
  });

  const GROUPINGS: string[][] = [[], ['MONTH'], ['CATEGORY'], ['DEPARTMENT', 'SEVERITY'], ['WEEK'], ['TYPE', 'MONTH']];
  for (const [title, filter] of FILTERS) {
    it(`complaintStats: ${title}`, async () => {
      for (const groupBy of GROUPINGS) {
        for (const windowDays of [90, 45]) {
          const { complaintStats } = await server.query(FullComplaintStatsDocument, { filter, groupBy: groupBy as StatsDimension[], repeatWindowDays: windowDays });
          if (complaintStats.__typename !== 'ComplaintStats') throw new Error(JSON.stringify(complaintStats));
          const rows = selected(filter);
          const strip = (g: StatsGroupFieldsFragment & { repeatCount: number; repeatRate?: number | null }) => rounded(g);
          const context = `${JSON.stringify(groupBy)} window ${windowDays}`;
          expect(strip(complaintStats.total), context).toEqual(rounded(expectedGroup([], rows, windowDays)));
          const expected = groupBy.length ? grouped(rows, groupBy).map(([key, g]) => expectedGroup(key.map((value, i) => ({ dimension: groupBy[i], value })), g, windowDays)) : [];
          expect(complaintStats.groups.map(strip), context).toEqual(rounded(expected));
        }
      }
    });
  }

  it('pareto: every dimension and measure under every filter', async () => {
    for (const [title, filter] of FILTERS) {
      for (const dimension of ['CATEGORY', 'DEPARTMENT', 'PRODUCT', 'MONTH']) {
        for (const measure of ['COUNT', 'CLAIMED_QUANTITY', 'CONFIRMED_QUANTITY', 'COST']) {
          const { pareto } = await server.query(ParetoDocument, { dimension: dimension as StatsDimension, filter, measure: measure as ParetoMeasure });
          if (pareto.__typename !== 'Pareto') throw new Error(JSON.stringify(pareto));
          const amountOf = (f: Fact) => ({ COUNT: 1, CLAIMED_QUANTITY: f.defective_claimed ?? 0, CONFIRMED_QUANTITY: f.defective_confirmed ?? 0, COST: f.cost_base_minor })[measure]!;
          const unit = measure === 'COST' ? 100 : 1; // CNY has 2 decimals
          const items = grouped(selected(filter), [dimension])
            .map(([[value], rows]) => ({ value, count: rows.length, amount: rows.reduce((a, f) => a + amountOf(f), 0) }))
            .sort((a, b) => b.amount - a.amount || b.count - a.count || (a.value === b.value ? 0 : a.value === null ? 1 : b.value === null ? -1 : a.value < b.value ? -1 : 1));
          const totalAmount = items.reduce((a, i) => a + i.amount, 0);
          let cumN = 0;
          let cumA = 0;
          const expected = items.map((i) => {
            cumN += i.count;
            cumA += i.amount;
            return { ...i, amount: i.amount / unit, percentage: totalAmount ? (i.amount * 100) / totalAmount : null, cumulativeCount: cumN, cumulativeAmount: cumA / unit, cumulativePercentage: totalAmount ? (cumA * 100) / totalAmount : null };
          });
          expect(rounded({ total: pareto.total, totalAmount: pareto.totalAmount, currency: pareto.currency, items: pareto.items }), `${title} ${dimension} ${measure}`).toEqual(
            rounded({ total: cumN, totalAmount: totalAmount / unit, currency: measure === 'COST' ? 'CNY' : null, items: expected }),
          );
        }
      }
    }
  });

  it('ppm: the defective quantities and complaint counts by month and in total, without shipments', async () => {
    for (const [title, filter] of FILTERS) {
      for (const numerator of ['CLAIMED', 'CONFIRMED'] as const) {
        const { ppm } = await server.query(PpmDocument, { filter, groupBy: ['MONTH'], numerator });
        if (ppm.__typename !== 'PpmReport') throw new Error(JSON.stringify(ppm));
        const d = (f: Fact) => (numerator === 'CLAIMED' ? (f.defective_claimed ?? 0) : (f.defective_confirmed ?? 0));
        const view = (rows: Fact[]) => ({ defectiveQuantity: rows.reduce((a, f) => a + d(f), 0), complaintCount: rows.length, shippedQuantity: 0, noShipments: true, ppm: null });
        const rows = selected(filter);
        expect(ppm.total, `${title} ${numerator}`).toMatchObject(view(rows));
        expect(ppm.groups.map((g) => ({ month: g.key[0].value, ...g, key: undefined })), `${title} ${numerator}`).toEqual(
          grouped(rows, ['MONTH']).map(([[month], g]) => ({ month, ...view(g), key: undefined })),
        );
      }
    }
  });
});
