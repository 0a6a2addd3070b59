import type { SqlEntityManager } from '@mikro-orm/knex';
import { DateTime } from 'luxon';
import { actorOf } from '../auth/principal';
import type { Database } from '../db/database';
import { appendEvent } from '../events/event-log';
import type { Clock } from '../scheduler/clock';
import type { Context } from '../server/context';
import { ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { DefectiveQuantity, PpmDimension, type RecordShipmentInput, StatsDimension, type StatsFilter } from './stats.inputs';
import type { ComplaintStats, ComplaintStatsGroup, Pareto, PpmGroup, PpmReport, ShipmentRecord } from './stats.results';
import { Shipment } from './shipment.entity';

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

const LISTS: Array<[keyof StatsFilter, string]> = [
  ['types', 'type_key'],
  ['categories', 'category'],
  ['departments', 'department'],
  ['severities', 'severity'],
  ['products', 'product_key'],
  ['customers', 'customer_key'],
];

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

function validMonth(s: string): boolean {
  return /^\d{4}-\d{2}$/.test(s) && DateTime.fromISO(`${s}-01`, { zone: 'UTC' }).isValid;
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
  for (const [name] of LISTS) {
    const values = filter?.[name] as string[] | null | undefined;
    if (values && values.length > MAX_FILTER_VALUES) problems.push(problem(`${at}/filter/${name}`, 'TOO_MANY_VALUES', `at most ${MAX_FILTER_VALUES} values`));
  }
  if (groupBy.length > MAX_GROUP_BY) problems.push(problem(groupByPath, 'TOO_MANY_DIMENSIONS', `at most ${MAX_GROUP_BY} dimensions`));
  if (new Set(groupBy).size !== groupBy.length) problems.push(problem(groupByPath, 'DUPLICATE_DIMENSION', 'each dimension at most once'));
  return problems;
}

/** The WHERE clause of a filter over complaint_fact (alias-free), with its parameters. */
export function factWhere(tenantId: string, filter: StatsFilter | null | undefined): { sql: string; params: unknown[] } {
  const parts = ['tenant_id = ?'];
  const params: unknown[] = [tenantId];
  if (filter?.dateRange) {
    parts.push('received_day >= ? and received_day <= ?');
    params.push(filter.dateRange.from, filter.dateRange.to);
  }
  for (const [name, column] of LISTS) {
    const values = filter?.[name] as string[] | null | undefined;
    if (!values?.length) continue;
    parts.push(`${column} in (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  return { sql: parts.join(' and '), params };
}

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
  ) {}

  async complaintStats(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: StatsDimension[]): Promise<ComplaintStats | ValidationError> {
    const problems = checkInput(filter, groupBy);
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const [total] = await this.statsGroups(ctx, filter, []);
    const groups = groupBy.length ? await this.statsGroups(ctx, filter, groupBy) : [];
    return { groupBy, total: total ?? this.statsGroup([], {}), groups };
  }

  private async statsGroups(ctx: StatsScope, filter: StatsFilter | null | undefined, groupBy: StatsDimension[]): Promise<ComplaintStatsGroup[]> {
    const where = factWhere(ctx.tenant.id, filter);
    const cols = groupBy.map((d, i) => `${COLUMN[d]} as g${i}`);
    const gs = groupBy.map((_, i) => `g${i}`);
    const partition = groupBy.length ? `partition by ${groupBy.map((d) => COLUMN[d]).join(', ')}` : '';
    const sql = `
      select ${[...gs, ''].join(', ')}
        count(*) as n,
        sum(case when closed_at is not null then 1 else 0 end) as closed,
        sum(cycle_seconds) as cycle_sum,
        min(case when rn = (cn * 50 + 99) / 100 then cycle_seconds end) as p50,
        min(case when rn = (cn * 90 + 99) / 100 then cycle_seconds end) as p90,
        sum(case when close_on_time is not null then 1 else 0 end) as timed,
        sum(case when close_on_time then 1 else 0 end) as on_time,
        sum(case when rejected then 1 else 0 end) as rejected,
        sum(case when reopen_count > 0 then 1 else 0 end) as reopened,
        sum(case when closed_at is not null or reopen_count > 0 then 1 else 0 end) as ever_closed,
        count(satisfaction) as sat_n,
        sum(satisfaction) as sat_sum,
        ${[1, 2, 3, 4, 5].map((s) => `sum(case when satisfaction = ${s} then 1 else 0 end) as sat_${s}`).join(', ')}
      from (
        select ${[...cols, ''].join(', ')} closed_at, cycle_seconds, close_on_time, rejected, reopen_count, satisfaction,
          row_number() over (${partition} order by case when cycle_seconds is null then 1 else 0 end, cycle_seconds) as rn,
          sum(case when cycle_seconds is null then 0 else 1 end) over (${partition}) as cn
        from complaint_fact where ${where.sql}
      ) t
      ${gs.length ? `group by ${gs.join(', ')}` : ''}`;
    const rows: Row[] = await (ctx.em as SqlEntityManager).execute(sql, where.params);
    const groups = rows
      .filter((r) => gs.length || num(r.n) > 0)
      .map((r) => this.statsGroup(groupBy.map((dimension, i) => ({ dimension, value: (r[`g${i}`] as string | null) ?? null })), r));
    return groups.sort((a, b) => compareKeys(a.key.map((k) => k.value), b.key.map((k) => k.value)));
  }

  private statsGroup(key: ComplaintStatsGroup['key'], r: Row): ComplaintStatsGroup {
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
      satisfaction: { count: satN, mean: ratio(num(r.sat_sum), satN), distribution: [1, 2, 3, 4, 5].map((s) => num(r[`sat_${s}`])) },
    };
  }
  async pareto(ctx: StatsScope, dimension: StatsDimension, filter: StatsFilter | null | undefined): Promise<Pareto | ValidationError> {
    const problems = checkInput(filter, []);
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const where = factWhere(ctx.tenant.id, filter);
    // Ties by value in code-point order on both databases (PostgreSQL's default collation is the locale's).
    const ordered = `n desc, case when k is null then 1 else 0 end, k${this.db.dialect === 'postgresql' ? ' collate "C"' : ''}`;
    const rows: Row[] = await (ctx.em as SqlEntityManager).execute(
      `select k, n, sum(n) over (order by ${ordered} rows between unbounded preceding and current row) as cum, sum(n) over () as total
       from (select ${COLUMN[dimension]} as k, count(*) as n from complaint_fact where ${where.sql} group by ${COLUMN[dimension]}) t
       order by ${ordered}`,
      where.params,
    );
    const total = rows.length ? num(rows[0].total) : 0;
    return {
      dimension,
      total,
      items: rows.map((r) => ({
        value: (r.k as string | null) ?? null,
        count: num(r.n),
        percentage: (num(r.n) * 100) / total,
        cumulativeCount: num(r.cum),
        cumulativePercentage: (num(r.cum) * 100) / total,
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
    const facts = factWhere(ctx.tenant.id, filter);
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
    const defective = numerator === DefectiveQuantity.CONFIRMED ? 'defective_confirmed' : 'defective_claimed';
    const sql = `
      select ${[...gs, ''].join(', ')} sum(d) as d, sum(c) as c, sum(s) as s
      from (
        select ${[...groupBy.map((g, i) => `${factCol[g]} as g${i}`), ''].join(', ')} coalesce(${defective}, 0) as d, 1 as c, 0 as s
        from complaint_fact where ${facts.sql}
        union all
        select ${[...groupBy.map((g, i) => `${shipCol[g]} as g${i}`), ''].join(', ')} 0 as d, 0 as c, s
        from (${shipped}) sh
      ) u
      ${gs.length ? `group by ${gs.join(', ')}` : ''}`;
    const rows: Row[] = await (ctx.em as SqlEntityManager).execute(sql, [...facts.params, ...ship.params]);
    const groups = rows
      .filter((r) => gs.length || num(r.c) + num(r.s) > 0)
      .map((r) => this.ppmGroup(groupBy.map((dimension, i) => ({ dimension, value: (r[`g${i}`] as string | null) ?? null })), r));
    return groups.sort((a, b) => compareKeys(a.key.map((k) => k.value), b.key.map((k) => k.value)));
  }

  private ppmGroup(key: PpmGroup['key'], r: Row): PpmGroup {
    const defective = num(r.d);
    const shipped = num(r.s);
    return { key, defectiveQuantity: defective, complaintCount: num(r.c), shippedQuantity: shipped, noShipments: shipped <= 0, ppm: shipped > 0 ? (defective * 1_000_000) / shipped : null };
  }

  /** Records (replaces) the shipped quantity of a product, optionally per customer, in a month. */
  async recordShipment(ctx: Context, input: RecordShipmentInput): Promise<ShipmentRecord | ValidationError> {
    const problems = shipmentProblems(input, '');
    if (problems.length) return new ValidationError(problems, ctx.locale);
    return this.db.write(ctx.tenant.id, async (scope) => {
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

/** Problems with one shipment row; `at` prefixes the paths (a CSV row's pointer). */
export function shipmentProblems(input: RecordShipmentInput, at: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!input.product?.trim() || input.product.length > 200) problems.push(problem(`${at}/product`, 'LENGTH', 'must be 1 to 200 characters'));
  if (input.customer !== undefined && input.customer !== null && (!input.customer.trim() || input.customer.length > 200)) problems.push(problem(`${at}/customer`, 'LENGTH', 'must be 1 to 200 characters when given'));
  if (!validMonth(input.period ?? '')) problems.push(problem(`${at}/period`, 'FORMAT', 'must be a month YYYY-MM'));
  if (!Number.isInteger(input.quantity) || input.quantity < 0 || input.quantity > 2_147_483_647) problems.push(problem(`${at}/quantity`, 'RANGE', 'must be an integer from 0 to 2147483647'));
  return problems;
}

async function upsertShipment(em: SqlEntityManager | Context['em'], tenantId: string, input: RecordShipmentInput, by: string, now: Date): Promise<{ id: string; before: ShipmentRecord | null; after: ShipmentRecord }> {
  const key = { tenantId, productKey: input.product.trim(), customerKey: input.customer?.trim() ?? '', period: input.period };
  const view = (s: Shipment): ShipmentRecord => ({ product: s.productKey, customer: s.customerKey || null, period: s.period, quantity: s.quantity });
  let row = await em.findOne(Shipment, key);
  const before = row ? view(row) : null;
  if (row) Object.assign(row, { quantity: input.quantity, updatedAt: now, updatedBy: by });
  else row = em.create(Shipment, { ...key, quantity: input.quantity, updatedAt: now, updatedBy: by });
  return { id: row.id, before, after: view(row) };
}
