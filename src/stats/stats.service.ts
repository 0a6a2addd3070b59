import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { DateTime } from 'luxon';
import { actorOf } from '../auth';
import type { Database, WriteScope } from '../db/database';
import { parseShipmentsCsv, shipmentProblems } from './shipment-import';
import { appendEvent } from '../db/event-log';
import type { Clock } from '../scheduler';
import type { Context } from '../shared/request-context';
import { ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { DefectiveQuantity, type ImportShipmentsInput, ParetoMeasure, PpmDimension, type RecordShipmentInput, ShipmentImportMode, StatsDimension, type StatsFilter } from './stats.inputs';
import type { ComplaintStats, ComplaintStatsGroup, Pareto, PpmGroup, PpmReport, ShipmentImport, ShipmentRecord } from './stats.results';
import { Shipment } from './shipment.entity';
import { baseCurrencyOf } from '../costs';
import { currencyExponent } from '../costs';
import type { TemplateReader } from '../shared/template-reader';
import type { OrganizationTemplate } from '../__generated__';
import { cycleBucketBounds, ROLLUP_REPEAT_WINDOWS_DAYS } from './complaint-rollup';
import { complaintSource, CYCLE_HISTOGRAM, factWhere, FILTER_LISTS, type SourceMeasure, summaryFits } from './complaint-source';

/** Most values one filter list may hold, and most dimensions one query may group by. */
export const MAX_FILTER_VALUES = 100;
export const MAX_GROUP_BY = 3;

const COLUMN: Record<StatsDimension, string> = {
  [StatsDimension.MONTH]: 'received_month',
  [StatsDimension.WEEK]: 'received_week',
  [StatsDimension.CATEGORY]: 'category',
  [StatsDimension.DEPARTMENT]: 'department',
  [StatsDimension.PRODUCT]: 'product_key',
  [StatsDimension.CUSTOMER]: 'customer_key',
  [StatsDimension.SEVERITY]: 'severity',
  [StatsDimension.TYPE]: 'type_key',
};

/** investigation_fact names the dimensions as complaint_fact does, except the time buckets (of opening). */
const STAGE_TWO_COLUMN: Record<StatsDimension, string> = { ...COLUMN, [StatsDimension.MONTH]: 'opened_month', [StatsDimension.WEEK]: 'opened_week' };

/** Stage-1 sums read from complaintSource (rollup columns, see ROLLUP_MEASURES). */
const STAGE_ONE_SUMS = ['n', 'closed', 'cycle_n', 'cycle_sum', 'timed', 'on_time', 'rejected', 'reopened', 'ever_closed', 'sat_n', 'sat_sum', 'sat_1', 'sat_2', 'sat_3', 'sat_4', 'sat_5'];

/** The repeat window's bounds (days) and default. */
export const REPEAT_WINDOW_DAYS = { min: 1, max: 3650, default: 90 };

type Row = Record<string, unknown>;
/** PostgreSQL returns bigint and numeric aggregates as strings. */
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const hours = (seconds: number | null): number | null => (seconds === null ? null : seconds / 3600);

/** Orders keys by code point, nulls last: the same on both databases whatever their collation. */
function compareKeys(a: Array<string | null>, b: Array<string | null>): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === null) return 1;
    if (b[i] === null) return -1;
    return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}

const problem = (path: string, code: string, message: string) => new ValidationProblem(path, code, message);

function validDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid;
}


/**
 * Problems with a filter and a groupBy list; empty when they are fine. `at` prefixes the filter's paths
 * (an export nests it in /input) and `groupByPath` names the list.
 */
export function checkInput(filter: StatsFilter | null | undefined, groupBy: string[], { at = '', groupByPath = '/groupBy' } = {}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const range = filter?.dateRange;
  if (range) {
    if (!validDate(range.from)) problems.push(problem(`${at}/filter/dateRange/from`, 'FORMAT', 'must be a date YYYY-MM-DD'));
    if (!validDate(range.to)) problems.push(problem(`${at}/filter/dateRange/to`, 'FORMAT', 'must be a date YYYY-MM-DD'));
    if (validDate(range.from) && validDate(range.to) && range.from > range.to) problems.push(problem(`${at}/filter/dateRange`, 'DATE_RANGE', 'from must not be after to'));
  }
  for (const { name } of FILTER_LISTS) {
    const values = filter?.[name] as string[] | null | undefined;
    if (values && values.length > MAX_FILTER_VALUES) problems.push(problem(`${at}/filter/${name}`, 'TOO_MANY_VALUES', `at most ${MAX_FILTER_VALUES} values`));
  }
  if (groupBy.length > MAX_GROUP_BY) problems.push(problem(groupByPath, 'TOO_MANY_DIMENSIONS', `at most ${MAX_GROUP_BY} dimensions`));
  if (new Set(groupBy).size !== groupBy.length) problems.push(problem(groupByPath, 'DUPLICATE_DIMENSION', 'each dimension at most once'));
  return problems;
}

export { factWhere };

/** What a statistic needs of its caller: the tenant, an entity manager scoped to it, the language of errors. */
export type StatsScope = Pick<Context, 'tenant' | 'em' | 'locale'>;

/**
 * Statistics computed in SQL over complaint_fact and shipment (see README "Statistics"). Percentiles use
 * the nearest-rank definition, rank = ceil(p x n) = (n x p + 99) div 100 in integer arithmetic, picked with
 * row_number() over the group's window: the same SQL on SQLite (3.25+) and PostgreSQL.
 */
export class StatsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly templates: TemplateReader,
  ) {}

  async complaintStats(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: StatsDimension[], repeatWindowDays: number = REPEAT_WINDOW_DAYS.default): Promise<ComplaintStats | ValidationError> {
    const problems = checkInput(filter, groupBy);
    if (!Number.isInteger(repeatWindowDays) || repeatWindowDays < REPEAT_WINDOW_DAYS.min || repeatWindowDays > REPEAT_WINDOW_DAYS.max) {
      problems.push(problem('/repeatWindowDays', 'RANGE', `must be an integer from ${REPEAT_WINDOW_DAYS.min} to ${REPEAT_WINDOW_DAYS.max}`));
    }
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const window = repeatWindowDays * 86_400;
    const [total] = await this.statsGroups(ctx, filter, [], window);
    const groups = groupBy.length ? await this.statsGroups(ctx, filter, groupBy, window) : [];
    return { groupBy, repeatWindowDays, total: total ?? this.statsGroup([], {}, {}), groups };
  }

  /** Stage-1 figures per group from complaint_fact and stage-2 ones from investigation_fact, joined by key. */
  private async statsGroups(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: StatsDimension[], repeatWindowSeconds: number): Promise<ComplaintStatsGroup[]> {
    const one = await this.stageOneRows(ctx, filter, groupBy, repeatWindowSeconds);
    const two = await this.stageTwoRows(ctx, filter, groupBy);
    const keyOf = (r: Row) => JSON.stringify(groupBy.map((_, i) => (r[`g${i}`] as string | null) ?? null));
    const merged = new Map<string, { one: Row; two: Row; key: Array<string | null> }>();
    for (const [rows, side] of [[one, 'one'], [two, 'two']] as const) {
      for (const r of rows) {
        if (!groupBy.length && num(r.n) === 0) continue;
        const k = keyOf(r);
        const entry = merged.get(k) ?? { one: {}, two: {}, key: JSON.parse(k) as Array<string | null> };
        entry[side] = r;
        merged.set(k, entry);
      }
    }
    const groups = [...merged.values()].map((e) => this.statsGroup(groupBy.map((dimension, i) => ({ dimension, value: e.key[i] })), e.one, e.two));
    return groups.sort((a, b) => compareKeys(a.key.map((k) => k.value), b.key.map((k) => k.value)));
  }

  /** Stage 2 over investigation_fact: opened in the range (local day of opening), cycle time of those closed by a passed check. */
  private async stageTwoRows(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: StatsDimension[]): Promise<Row[]> {
    const where = factWhere(ctx.tenant.id, filter, 'opened_day');
    const cols = groupBy.map((d, i) => `${STAGE_TWO_COLUMN[d]} as g${i}`);
    const gs = groupBy.map((_, i) => `g${i}`);
    const partition = groupBy.length ? `partition by ${groupBy.map((d) => STAGE_TWO_COLUMN[d]).join(', ')}` : '';
    const sql = `
      select ${[...gs, ''].join(', ')}
        count(*) as n,
        sum(case when status in ('OPEN', 'EFFECTIVENESS_CHECK') then 1 else 0 end) as open,
        sum(case when status = 'CANCELLED' then 1 else 0 end) as cancelled,
        count(cycle_seconds) as closed,
        sum(cycle_seconds) as cycle_sum,
        min(case when rn = (cn * 50 + 99) / 100 then cycle_seconds end) as p50,
        min(case when rn = (cn * 90 + 99) / 100 then cycle_seconds end) as p90,
        sum(case when closure_on_time is not null then 1 else 0 end) as timed,
        sum(case when closure_on_time then 1 else 0 end) as on_time
      from (
        select ${[...cols, ''].join(', ')} status, cycle_seconds, closure_on_time,
          row_number() over (${partition} order by case when cycle_seconds is null then 1 else 0 end, cycle_seconds) as rn,
          sum(case when cycle_seconds is null then 0 else 1 end) over (${partition}) as cn
        from investigation_fact where ${where.sql}
      ) t
      ${gs.length ? `group by ${gs.join(', ')}` : ''}`;
    // tenant-scope: reviewed — where.sql comes from factWhere(ctx.tenant.id, …), which starts with tenant_id = ?
    return (ctx.em as SqlEntityManager).execute(sql, where.params);
  }

  /**
   * Stage 1: the counts and ratios summed per group from complaintSource (the monthly rollup for whole
   * months, complaint_fact for partial ones), then the cycle-time percentiles, exact nearest-rank either
   * way: from the cycle-time histogram and one bucket of a cycle-ordered index (percentilesFromHistogram)
   * when ungrouped, by MONTH or by CATEGORY and filtered at most by categories, else from a window over
   * the range's closed complaints' (group, cycle time) pairs.
   */
  private async stageOneRows(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: StatsDimension[], repeatWindowSeconds: number): Promise<Row[]> {
    const em = ctx.em as SqlEntityManager;
    const gs = groupBy.map((_, i) => `g${i}`);
    const repeatDays = repeatWindowSeconds / 86_400;
    const measures: SourceMeasure[] = [
      ...STAGE_ONE_SUMS.map((c) => ({ as: c, rollup: c })),
      (ROLLUP_REPEAT_WINDOWS_DAYS as readonly number[]).includes(repeatDays)
        ? { as: 'repeats', rollup: `repeats_${repeatDays}` }
        : { as: 'repeats', rollup: null, fact: `case when repeat_gap_seconds <= ${repeatWindowSeconds} then 1 else 0 end` },
    ];
    const source = complaintSource(ctx.tenant.id, filter, groupBy.map((d) => COLUMN[d]), measures);
    // tenant-scope: reviewed — source.sql comes from complaintSource(ctx.tenant.id, …), scoped by tenant_id = ?
    const counts: Row[] = await em.execute(
      `select ${[...gs, ''].join(', ')} ${measures.map((m) => `sum(${m.as}) as ${m.as}`).join(', ')}
       from (${source.sql}) u
       ${gs.length ? `group by ${gs.join(', ')} having sum(n) > 0` : ''}`,
      source.params,
    );
    if (groupBy.length <= 1 && summaryFits(CYCLE_HISTOGRAM, filter, [...groupBy.map((d) => COLUMN[d]), 'bucket'], [{ as: 'n', rollup: 'n' }])) {
      await this.percentilesFromHistogram(ctx, filter, groupBy, counts);
      return counts;
    }
    const cols = groupBy.map((d, i) => `${COLUMN[d]} as g${i}`);
    const partition = groupBy.length ? `partition by ${groupBy.map((d) => COLUMN[d]).join(', ')}` : '';
    const where = factWhere(ctx.tenant.id, filter);
    // tenant-scope: reviewed — where.sql comes from factWhere(ctx.tenant.id, …), which starts with tenant_id = ?
    const percentiles: Row[] = await em.execute(
      `select ${[...gs, ''].join(', ')}
        min(case when rn = (cn * 50 + 99) / 100 then cycle_seconds end) as p50,
        min(case when rn = (cn * 90 + 99) / 100 then cycle_seconds end) as p90
      from (
        select ${[...cols, ''].join(', ')} cycle_seconds,
          row_number() over (${partition} order by cycle_seconds) as rn,
          count(*) over (${partition}) as cn
        from complaint_fact where ${where.sql} and cycle_seconds is not null
      ) t
      ${gs.length ? `group by ${gs.join(', ')}` : ''}`,
      where.params,
    );
    const keyOf = (r: Row) => JSON.stringify(gs.map((g) => (r[g] as string | null) ?? null));
    const byKey = new Map(percentiles.map((r) => [keyOf(r), r]));
    return counts.map((r) => ({ ...r, p50: byKey.get(keyOf(r))?.p50 ?? null, p90: byKey.get(keyOf(r))?.p90 ?? null }));
  }

  /**
   * Sets p50 and p90 of each group in `counts` (ungrouped, by MONTH or by CATEGORY): the group's cycle-time
   * histogram (complaint_cycle_histogram for whole months, complaint_fact for partial ones) gives the bucket
   * that holds each nearest rank and the rank within it; one `limit 1 offset` then reads that bucket's
   * complaints in cycle order off (tenant, cycle_seconds, received_day), (tenant, received_month,
   * cycle_seconds, received_day) or (tenant, category, cycle_seconds, received_day): a few hundred index
   * entries instead of a sort of every closed complaint in the range.
   */
  private async percentilesFromHistogram(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: StatsDimension[], counts: Row[]): Promise<void> {
    const em = ctx.em as SqlEntityManager;
    const columns = groupBy.map((d) => COLUMN[d]);
    const gs = columns.map((_, i) => `g${i}`);
    const bucket = `g${columns.length}`;
    const source = complaintSource(ctx.tenant.id, filter, [...columns, 'bucket'], [{ as: 'n', rollup: 'n' }], CYCLE_HISTOGRAM);
    // tenant-scope: reviewed — source.sql comes from complaintSource(ctx.tenant.id, …), scoped by tenant_id = ?
    const histogram: Row[] = await em.execute(
      `select ${[...gs, bucket].join(', ')}, sum(n) as n from (${source.sql}) u group by ${[...gs, bucket].join(', ')} having sum(n) > 0 order by ${bucket}`,
      source.params,
    );
    const keyOf = (r: Row) => JSON.stringify(gs.map((g) => (r[g] as string | null) ?? null));
    const buckets = new Map<string, Array<{ bucket: number; n: number }>>();
    for (const r of histogram) {
      const key = keyOf(r);
      if (!buckets.has(key)) buckets.set(key, []);
      buckets.get(key)!.push({ bucket: num(r[bucket]), n: num(r.n) });
    }
    const where = factWhere(ctx.tenant.id, filter);
    for (const r of counts) {
      const group = buckets.get(keyOf(r)) ?? [];
      const total = group.reduce((a, b) => a + b.n, 0);
      const eq = columns.map((c, i) => (r[`g${i}`] === null || r[`g${i}`] === undefined ? `${c} is null` : `${c} = ?`));
      const eqParams = columns.map((_, i) => r[`g${i}`]).filter((v) => v !== null && v !== undefined);
      for (const p of [50, 90] as const) {
        r[`p${p}`] = null;
        if (!total) continue;
        const rank = Math.floor((total * p + 99) / 100);
        let before = 0;
        const at = group.find((b) => (before += b.n) >= rank)!;
        before -= at.n;
        const [from, to] = cycleBucketBounds(at.bucket);
        const range = at.bucket < 0 ? ['cycle_seconds < ?'] : ['cycle_seconds >= ?', 'cycle_seconds < ?'];
        // tenant-scope: reviewed — where.sql comes from factWhere(ctx.tenant.id, …), which starts with tenant_id = ?
        const rows: Row[] = await em.execute(
          `select cycle_seconds as c from complaint_fact where ${[where.sql, ...eq, ...range].join(' and ')} order by cycle_seconds limit 1 offset ?`,
          [...where.params, ...eqParams, ...(at.bucket < 0 ? [to] : [from, to]), rank - before - 1],
        );
        r[`p${p}`] = rows[0]?.c ?? null;
      }
    }
  }

  private statsGroup(key: ComplaintStatsGroup['key'], r: Row, two: Row): ComplaintStatsGroup {
    const n = num(r.n);
    const closed = num(r.closed);
    const timed = num(r.timed);
    const rejected = num(r.rejected);
    const reopened = num(r.reopened);
    const satN = num(r.sat_n);
    return {
      key,
      count: n,
      stageOne: {
        closedCount: closed,
        cycleTime: {
          count: closed,
          medianHours: hours(numOrNull(r.p50)),
          p90Hours: hours(numOrNull(r.p90)),
          meanHours: closed ? num(r.cycle_sum) / closed / 3600 : null,
        },
        timedCount: timed,
        onTimeCount: num(r.on_time),
        onTimeRate: ratio(num(r.on_time), timed),
        rejectedCount: rejected,
        rejectedShare: ratio(rejected, n),
        reopenedCount: reopened,
        reopenRate: ratio(reopened, num(r.ever_closed)),
      },
      stageTwo: {
        openedCount: num(two.n),
        openCount: num(two.open),
        cancelledCount: num(two.cancelled),
        closedCount: num(two.closed),
        cycleTime: {
          count: num(two.closed),
          medianHours: hours(numOrNull(two.p50)),
          p90Hours: hours(numOrNull(two.p90)),
          meanHours: num(two.closed) ? num(two.cycle_sum) / num(two.closed) / 3600 : null,
        },
        timedCount: num(two.timed),
        onTimeCount: num(two.on_time),
        onTimeRate: ratio(num(two.on_time), num(two.timed)),
      },
      repeatCount: num(r.repeats),
      repeatRate: ratio(num(r.repeats), n),
      satisfaction: { count: satN, mean: ratio(num(r.sat_sum), satN), distribution: [1, 2, 3, 4, 5].map((s) => num(r[`sat_${s}`])) },
    };
  }
  async pareto(ctx: StatsScope, dimension: StatsDimension, filter: StatsFilter | null | undefined, measure: ParetoMeasure = ParetoMeasure.COUNT): Promise<Pareto | ValidationError> {
    const problems = checkInput(filter, []);
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const amount = { COUNT: 'n', CLAIMED_QUANTITY: 'claimed', CONFIRMED_QUANTITY: 'confirmed', COST: 'cost' }[measure];
    const source = complaintSource(ctx.tenant.id, filter, [COLUMN[dimension]], [
      { as: 'n', rollup: 'n' },
      { as: 'a', rollup: amount },
    ]);
    // Ties by value in code-point order on both databases (PostgreSQL's default collation is the locale's).
    const ordered = `a desc, n desc, case when k is null then 1 else 0 end, k${this.db.dialect === 'postgresql' ? ' collate "C"' : ''}`;
    const running = `over (order by ${ordered} rows between unbounded preceding and current row)`;
    // tenant-scope: reviewed — source.sql comes from complaintSource(ctx.tenant.id, …), scoped by tenant_id = ?
    const rows: Row[] = await (ctx.em as SqlEntityManager).execute(
      `select k, n, a, sum(n) ${running} as cum_n, sum(a) ${running} as cum_a, sum(n) over () as total, sum(a) over () as total_a
       from (select g0 as k, sum(n) as n, sum(a) as a from (${source.sql}) u group by g0 having sum(n) > 0) t
       order by ${ordered}`,
      source.params,
    );
    // COST sums minor units (exact); shown in the base currency's major unit.
    const currency = measure === ParetoMeasure.COST ? baseCurrencyOf((await this.templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default'))?.content) : null;
    const unit = currency ? 10 ** (currencyExponent(currency) ?? 2) : 1;
    const total = rows.length ? num(rows[0].total) : 0;
    const totalAmount = rows.length ? num(rows[0].total_a) : 0;
    const share = (x: number) => (totalAmount > 0 ? (x * 100) / totalAmount : null);
    return {
      dimension,
      measure,
      total,
      totalAmount: totalAmount / unit,
      currency,
      items: rows.map((r) => ({
        value: (r.k as string | null) ?? null,
        count: num(r.n),
        amount: num(r.a) / unit,
        percentage: share(num(r.a)),
        cumulativeCount: num(r.cum_n),
        cumulativeAmount: num(r.cum_a) / unit,
        cumulativePercentage: share(num(r.cum_a)),
      })),
    };
  }

  /**
   * PPM per group: complaints' defective quantities by their local month of receipt, shipments by their
   * month. Without CUSTOMER (in groupBy or the filter) a product's month ships its total row (customer '')
   * when recorded, else the sum of its per-customer rows; with CUSTOMER only per-customer rows count.
   */
  async ppm(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: PpmDimension[], numerator: DefectiveQuantity): Promise<PpmReport | ValidationError> {
    const problems = checkInput(filter, groupBy);
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const perCustomer = groupBy.includes(PpmDimension.CUSTOMER) || !!filter?.customers?.length;
    const [total] = await this.ppmGroups(ctx, filter, [], numerator, perCustomer);
    const groups = groupBy.length ? await this.ppmGroups(ctx, filter, groupBy, numerator, perCustomer) : [];
    return { numerator, groupBy, total: total ?? this.ppmGroup([], {}), groups };
  }

  private async ppmGroups(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: PpmDimension[], numerator: DefectiveQuantity, perCustomer: boolean): Promise<PpmGroup[]> {
    const factCol: Record<PpmDimension, string> = { MONTH: 'received_month', PRODUCT: 'product_key', CUSTOMER: 'customer_key' };
    const shipCol: Record<PpmDimension, string> = { MONTH: 'period', PRODUCT: 'product_key', CUSTOMER: 'customer_key' };
    const ship = { parts: ['tenant_id = ?'], params: [ctx.tenant.id] as unknown[] };
    if (filter?.dateRange) {
      ship.parts.push('period >= ? and period <= ?');
      ship.params.push(filter.dateRange.from.slice(0, 7), filter.dateRange.to.slice(0, 7));
    }
    if (filter?.products?.length) {
      ship.parts.push(`product_key in (${filter.products.map(() => '?').join(', ')})`);
      ship.params.push(...filter.products);
    }
    if (perCustomer) {
      ship.parts.push(`customer_key <> ''`);
      if (filter?.customers?.length) {
        ship.parts.push(`customer_key in (${filter.customers.map(() => '?').join(', ')})`);
        ship.params.push(...filter.customers);
      }
    }
    const shipped = perCustomer
      ? `select product_key, customer_key, period, quantity as s from shipment where ${ship.parts.join(' and ')}`
      : `select product_key, null as customer_key, period,
           coalesce(max(case when customer_key = '' then quantity end), sum(case when customer_key <> '' then quantity end)) as s
         from shipment where ${ship.parts.join(' and ')} group by product_key, period`;
    const gs = groupBy.map((_, i) => `g${i}`);
    const complaints = complaintSource(ctx.tenant.id, filter, groupBy.map((g) => factCol[g]), [
      { as: 'd', rollup: numerator === DefectiveQuantity.CONFIRMED ? 'confirmed' : 'claimed' },
      { as: 'c', rollup: 'n' },
    ]);
    const sql = `
      select ${[...gs, ''].join(', ')} sum(d) as d, sum(c) as c, sum(s) as s, sum(sh) as sh
      from (
        select ${[...gs, ''].join(', ')} d, c, 0 as s, 0 as sh from (${complaints.sql}) cs
        union all
        select ${[...groupBy.map((g, i) => `${shipCol[g]} as g${i}`), ''].join(', ')} 0 as d, 0 as c, s, 1 as sh
        from (${shipped}) sh
      ) u
      ${gs.length ? `group by ${gs.join(', ')}` : ''}`;
    // tenant-scope: reviewed — complaintSource(ctx.tenant.id, …) and ship.parts start with tenant_id = ?
    const rows: Row[] = await (ctx.em as SqlEntityManager).execute(sql, [...complaints.params, ...ship.params]);
    const groups = rows
      .filter((r) => num(r.c) > 0 || num(r.sh) > 0)
      .map((r) => this.ppmGroup(groupBy.map((dimension, i) => ({ dimension, value: (r[`g${i}`] as string | null) ?? null })), r));
    return groups.sort((a, b) => compareKeys(a.key.map((k) => k.value), b.key.map((k) => k.value)));
  }

  private ppmGroup(key: PpmGroup['key'], r: Row): PpmGroup {
    const defective = num(r.d);
    const shipped = num(r.s);
    return { key, defectiveQuantity: defective, complaintCount: num(r.c), shippedQuantity: shipped, noShipments: shipped <= 0, ppm: shipped > 0 ? (defective * 1_000_000) / shipped : null };
  }

  /**
   * Imports shipped quantities from CSV (see ImportShipmentsInput): every row upserted like recordShipment,
   * in one transaction (all stored or none), a `shipment.recorded` event per key that changed.
   */
  async importShipments(ctx: Context, input: ImportShipmentsInput): Promise<ShipmentImport | ValidationError> {
    const parsed = parseShipmentsCsv(input.csv, '/input/csv');
    if ('problems' in parsed) return new ValidationError(parsed.problems, ctx.locale);
    const rejected = parsed.rows.filter((r) => r.problems.length);
    if (rejected.length && input.mode === ShipmentImportMode.ALL_OR_NOTHING && !input.dryRun) {
      return new ValidationError(rejected.flatMap((r) => r.problems.map((p) => problem(`/input/csv${p.path}`, p.code, p.message))), ctx.locale);
    }
    const good = parsed.rows.filter((r) => !r.problems.length).map((r) => r.input);
    const report: ShipmentImport = {
      mode: input.mode,
      dryRun: input.dryRun,
      rowCount: parsed.rows.length,
      createdCount: 0,
      updatedCount: 0,
      unchangedCount: 0,
      rejectedCount: rejected.length,
      rejectedRows: rejected.map((r) => ({ line: r.line, problems: r.problems })),
    };
    const storing = !input.dryRun && !(rejected.length && input.mode === ShipmentImportMode.ALL_OR_NOTHING);
    /** Counts what the good rows change; with a write scope, also stores it. */
    const apply = async (em: Context['em'], tenantId: string, scope: WriteScope | null) => {
      const now = this.clock.now();
      for (let i = 0; i < good.length; i += IMPORT_PREFETCH) {
        const chunk = good.slice(i, i + IMPORT_PREFETCH);
        const stored = await em.find(Shipment, { tenantId, productKey: { $in: [...new Set(chunk.map((r) => r.product))] }, period: { $in: [...new Set(chunk.map((r) => r.period))] } });
        const byKey = new Map(stored.map((s) => [JSON.stringify([s.productKey, s.customerKey, s.period]), s]));
        for (const row of chunk) {
          const key = { tenantId, productKey: row.product, customerKey: row.customer ?? '', period: row.period };
          const existing = byKey.get(JSON.stringify([key.productKey, key.customerKey, key.period]));
          if (existing?.quantity === row.quantity) {
            report.unchangedCount++;
            continue;
          }
          if (existing) report.updatedCount++;
          else report.createdCount++;
          if (!scope) continue;
          const view = (q: number) => ({ product: key.productKey, customer: key.customerKey || null, period: key.period, quantity: q });
          const before = existing ? view(existing.quantity) : null;
          const entity = existing ?? em.create(Shipment, { ...key, quantity: row.quantity, updatedAt: now, updatedBy: ctx.principal.id });
          Object.assign(entity, { quantity: row.quantity, updatedAt: now, updatedBy: ctx.principal.id });
          await appendEvent(scope, {
            type: 'shipment.recorded',
            subjectType: 'Shipment',
            subjectId: entity.id,
            actor: actorOf(ctx),
            reason: 'CSV import',
            data: { before, after: view(row.quantity) },
          });
        }
      }
    };
    if (storing) await this.writeShipments(ctx.tenant.id, (scope) => apply(scope.em, scope.tenantId, scope));
    else await apply(ctx.em, ctx.tenant.id, null);
    return report;
  }

  /** Records (replaces) the shipped quantity of a product, optionally per customer, in a month. */
  /**
   * A write that upserts shipments. PostgreSQL: two writers inserting the same new key at once both see none;
   * the later insert fails on the unique key once the first commits, and runs again, now updating that row.
   * Two updating one row at once: the later one's version is stale (OptimisticLockError) and it runs again,
   * so each event's `before` is what that write replaced.
   */
  private async writeShipments<T>(tenantId: string, fn: (scope: WriteScope) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.write(tenantId, fn);
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException || error instanceof OptimisticLockError) || attempt >= 5) throw error;
      }
    }
  }

  async recordShipment(ctx: Context, input: RecordShipmentInput): Promise<ShipmentRecord | ValidationError> {
    const problems = shipmentProblems(input, '');
    if (problems.length) return new ValidationError(problems, ctx.locale);
    return this.writeShipments(ctx.tenant.id, async (scope) => {
      const view = await upsertShipment(scope.em, scope.tenantId, input, ctx.principal.id, this.clock.now());
      await appendEvent(scope, {
        type: 'shipment.recorded',
        subjectType: 'Shipment',
        subjectId: view.id,
        actor: actorOf(ctx),
        data: { before: view.before, after: view.after },
      });
      return view.after;
    });
  }
}

/** Stored shipments of an import's rows are read this many rows at a time. */
const IMPORT_PREFETCH = 500;

async function upsertShipment(em: SqlEntityManager | Context['em'], tenantId: string, input: RecordShipmentInput, by: string, now: Date): Promise<{ id: string; before: ShipmentRecord | null; after: ShipmentRecord }> {
  const key = { tenantId, productKey: input.product.trim(), customerKey: input.customer?.trim() ?? '', period: input.period };
  const view = (s: Shipment): ShipmentRecord => ({ product: s.productKey, customer: s.customerKey || null, period: s.period, quantity: s.quantity });
  let row = await em.findOne(Shipment, key);
  const before = row ? view(row) : null;
  if (row) Object.assign(row, { quantity: input.quantity, updatedAt: now, updatedBy: by });
  else row = em.create(Shipment, { ...key, quantity: input.quantity, updatedAt: now, updatedBy: by });
  return { id: row.id, before, after: view(row) };
}
