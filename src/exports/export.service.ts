import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { createHash, randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { sightOf } from '../auth';
import type { OrganizationTemplate } from '../__generated__';
import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import type { Context } from '../shared/request-context';
import { ValidationError, ValidationProblem } from '../shared/errors/error-results';
import type { Locale } from '../shared/i18n/locale';
import { DefectiveQuantity, ParetoMeasure, PpmDimension, StatsDimension, type StatsFilter } from '../stats';
import { checkInput, factWhere, REPEAT_WINDOW_DAYS, type StatsScope, type StatsService } from '../stats';
import type { TemplateService } from '../templates';
import { svgToPng } from './chart-png';
import { complaintListTable } from './complaint-list';
import { baseCurrencyOf } from '../costs';
import { writeCsv } from './csv-writer';
import { ExportRequest, type ExportParameters } from './export-request.entity';
import type { ExportTable, TableFormat } from './export-table';
import { type KeyTitles, loadKeyTitles } from './export-titles';
import { ExportFormat, type ExportInput, ExportKind, TrendInterval } from './export.inputs';
import type { ExportLink } from './export.results';
import { paretoChartSvg } from './pareto-chart';
import { complaintStatsTable, paretoTable, ppmTable } from './stats-tables';
import { bucketKeys, MAX_TREND_BUCKETS, trendChartSvg } from './trend-chart';
import { writeXlsx } from './xlsx-writer';

/** How long a download link works. */
export const EXPORT_TTL_MS = 15 * 60_000;
/** Expired links deleted per sweep (the oldest first); more wait for the next tick. */
export const SWEEP_BATCH = 500;

const TABLES = new Set([ExportKind.COMPLAINTS, ExportKind.COMPLAINT_STATS, ExportKind.PARETO, ExportKind.PPM]);
const TABLE_FORMATS = new Set([ExportFormat.CSV, ExportFormat.XLSX]);

export const EXTENSION: Record<ExportFormat, string> = { CSV: 'csv', XLSX: 'xlsx', SVG: 'svg', PNG: 'png' };
export const CONTENT_TYPE: Record<ExportFormat, string> = {
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  SVG: 'image/svg+xml; charset=utf-8',
  PNG: 'image/png',
};
const FILE_STEM: Record<ExportKind, string> = {
  COMPLAINTS: 'complaints',
  COMPLAINT_STATS: 'complaint-stats',
  PARETO: 'pareto',
  PPM: 'ppm',
  PARETO_CHART: 'pareto-chart',
  TREND_CHART: 'trend-chart',
};

/** Which optional arguments each kind takes; any other one given is NOT_APPLICABLE. */
const ARGUMENTS: Record<ExportKind, Array<'groupBy' | 'ppmGroupBy' | 'dimension' | 'numerator' | 'interval' | 'measure' | 'repeatWindowDays'>> = {
  COMPLAINTS: [],
  COMPLAINT_STATS: ['groupBy', 'repeatWindowDays'],
  PARETO: ['dimension', 'measure'],
  PPM: ['ppmGroupBy', 'numerator'],
  PARETO_CHART: ['dimension', 'measure'],
  TREND_CHART: ['interval'],
};

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The path of an export's download. */
export const exportPath = (token: string, format: ExportFormat): string => `/exports/${token}.${EXTENSION[format]}`;

const problem = (path: string, code: string, message: string) => new ValidationProblem(path, code, message);

/** A stored request, ready to render. */
export interface ResolvedExport {
  request: ExportRequest;
  kind: ExportKind;
  format: ExportFormat;
  filename: string;
  contentType: string;
}

/**
 * Exports of the complaint list and the statistics (CSV, XLSX) and the charts (SVG, PNG): requestExport
 * validates and stores the request and hands out a link; the link's GET renders the file from current data.
 */
export class ExportService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly stats: StatsService,
    private readonly templates: TemplateService,
  ) {}

  async requestExport(ctx: Context, input: ExportInput): Promise<ExportLink | ValidationError> {
    const problems = this.problems(input);
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const parameters: ExportParameters = {
      filter: input.filter ? (JSON.parse(JSON.stringify(input.filter)) as Record<string, unknown>) : null,
      groupBy: input.groupBy ?? [],
      ppmGroupBy: input.ppmGroupBy ?? [],
      dimension: input.dimension ?? null,
      numerator: input.numerator ?? DefectiveQuantity.CLAIMED,
      interval: input.interval ?? TrendInterval.MONTH,
      measure: input.measure ?? ParetoMeasure.COUNT,
      repeatWindowDays: input.repeatWindowDays ?? REPEAT_WINDOW_DAYS.default,
      language: (input.language as Locale | null | undefined) ?? ctx.locale,
      ...(input.kind === ExportKind.COMPLAINTS && { sight: await sightOf(this.templates, ctx.em, ctx, this.db.dialect) }),
    };
    const expiresAt = new Date(now.getTime() + EXPORT_TTL_MS);
    await this.db.write(ctx.tenant.id, async ({ em, tenantId }) => {
      em.create(ExportRequest, { tenantId, tokenHash: hashToken(token), kind: input.kind, format: input.format, parameters, requestedBy: ctx.principal.id, createdAt: now, expiresAt });
    });
    const timeZone = await this.timeZone(ctx.em, ctx.tenant.id);
    return { url: exportPath(token, input.format), filename: this.filename(input.kind, input.format, parameters, now, timeZone), contentType: CONTENT_TYPE[input.format], expiresAt };
  }

  /**
   * Deletes expired links of all tenants, at most SWEEP_BATCH, each tenant's in its own write; the scheduler
   * runs it after every tick. Idempotent: instances sweeping side by side delete each row once.
   */
  async sweepExpired(): Promise<number> {
    // tenant-scope: reviewed — sweeper over every tenant, ids and tenant ids only; each tenant's rows are deleted in its own write
    const expired = await this.db.system().find(ExportRequest, { expiresAt: { $lte: this.clock.now() } }, { fields: ['id', 'tenantId'], orderBy: { expiresAt: 'asc', id: 'asc' }, limit: SWEEP_BATCH, filters: false });
    const byTenant = new Map<string, string[]>();
    for (const r of expired) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), r.id]);
    let deleted = 0;
    for (const [tenantId, ids] of byTenant) deleted += await this.db.write(tenantId, ({ em }) => em.nativeDelete(ExportRequest, { id: { $in: ids } }));
    return deleted;
  }

  private problems(input: ExportInput): ValidationProblem[] {
    const problems: ValidationProblem[] = [];
    const table = TABLES.has(input.kind);
    if (table !== TABLE_FORMATS.has(input.format)) {
      problems.push(problem('/input/format', 'FORMAT_NOT_SUPPORTED', table ? `${input.kind} is a table: CSV or XLSX` : `${input.kind} is a chart: SVG or PNG`));
    }
    for (const arg of ['groupBy', 'ppmGroupBy', 'dimension', 'numerator', 'interval', 'measure', 'repeatWindowDays'] as const) {
      if (input[arg] !== undefined && input[arg] !== null && !ARGUMENTS[input.kind].includes(arg)) problems.push(problem(`/input/${arg}`, 'NOT_APPLICABLE', `${input.kind} takes no ${arg}`));
    }
    if (ARGUMENTS[input.kind].includes('dimension') && !input.dimension) problems.push(problem('/input/dimension', 'REQUIRED', `${input.kind} needs a dimension`));
    const days = input.repeatWindowDays;
    if (days !== undefined && days !== null && (!Number.isInteger(days) || days < REPEAT_WINDOW_DAYS.min || days > REPEAT_WINDOW_DAYS.max)) {
      problems.push(problem('/input/repeatWindowDays', 'RANGE', `must be an integer from ${REPEAT_WINDOW_DAYS.min} to ${REPEAT_WINDOW_DAYS.max}`));
    }
    const groupBy = input.kind === ExportKind.PPM ? (input.ppmGroupBy ?? []) : input.kind === ExportKind.COMPLAINT_STATS ? (input.groupBy ?? []) : [];
    problems.push(...checkInput(input.filter, groupBy, { at: '/input', groupByPath: input.kind === ExportKind.PPM ? '/input/ppmGroupBy' : '/input/groupBy' }));
    const range = input.filter?.dateRange;
    if (input.kind === ExportKind.TREND_CHART && range && !problems.some((p) => p.path.startsWith('/input/filter/dateRange'))) {
      if (bucketKeys(range.from, range.to, input.interval ?? TrendInterval.MONTH).length > MAX_TREND_BUCKETS) {
        problems.push(problem('/input/filter/dateRange', 'TOO_MANY_BUCKETS', `a trend chart shows at most ${MAX_TREND_BUCKETS} buckets`));
      }
    }
    return problems;
  }

  /** The stored request of a token while it is valid; null when unknown or expired. */
  async resolve(token: string, extension: string): Promise<ResolvedExport | null> {
    // tenant-scope: reviewed — download by a secret 256-bit token in every tenant; the row names its tenant
    const request = await this.db.system().findOne(ExportRequest, { tokenHash: hashToken(token) }, { filters: false });
    const now = this.clock.now();
    if (!request || request.expiresAt <= now) return null;
    const format = request.format as ExportFormat;
    if (EXTENSION[format] !== extension) return null;
    const kind = request.kind as ExportKind;
    const timeZone = await this.timeZone(this.db.forTenant(request.tenantId), request.tenantId);
    return { request, kind, format, contentType: CONTENT_TYPE[format], filename: this.filename(kind, format, request.parameters, request.createdAt, timeZone) };
  }

  /** Writes the file of a resolved request into `out`, from the tenant's data now, and ends `out`. */
  async render(resolved: ResolvedExport, out: Writable): Promise<void> {
    const { request, kind, format } = resolved;
    const p = request.parameters;
    const filter = p.filter as StatsFilter | null;
    const scope: StatsScope = { tenant: { id: request.tenantId, slug: '' }, em: this.db.forTenant(request.tenantId), locale: p.language };
    const timeZone = await this.timeZone(scope.em, request.tenantId);
    const titles = await loadKeyTitles(this.templates, scope.em, request.tenantId, p.language);
    if (kind === ExportKind.PARETO_CHART || kind === ExportKind.TREND_CHART) {
      const svg = kind === ExportKind.PARETO_CHART ? await this.paretoSvg(scope, p.dimension as StatsDimension, filter, (p.measure as ParetoMeasure | undefined) ?? ParetoMeasure.COUNT, titles) : await this.trendSvg(scope, filter, p.interval as TrendInterval);
      out.end(format === ExportFormat.PNG ? await svgToPng(svg) : svg);
      return;
    }
    const table = await this.table(scope, kind, p, filter, titles);
    const tableFormat: TableFormat = { language: p.language, timeZone };
    if (format === ExportFormat.XLSX) return writeXlsx(table, tableFormat, out);
    await writeCsv(table, tableFormat, out);
    out.end();
  }

  private async table(scope: StatsScope, kind: ExportKind, p: ExportParameters, filter: StatsFilter | null, titles: KeyTitles): Promise<ExportTable> {
    const expect = <T>(result: T | ValidationError): T => {
      // Validated when requested; the filter stored is the one that passed.
      if (result instanceof ValidationError) throw new Error(`stored export parameters no longer valid: ${JSON.stringify(result.problems)}`);
      return result;
    };
    switch (kind) {
      case ExportKind.COMPLAINTS:
        return complaintListTable(scope.em, scope.tenant.id, filter, titles, baseCurrencyOf((await this.templates.latestTemplate<OrganizationTemplate>(scope.em, scope.tenant.id, 'organization', 'default'))?.content), p.sight);
      case ExportKind.COMPLAINT_STATS:
        return complaintStatsTable(expect(await this.stats.complaintStats(scope, filter, p.groupBy as StatsDimension[], p.repeatWindowDays ?? REPEAT_WINDOW_DAYS.default)), titles);
      case ExportKind.PARETO:
        return paretoTable(expect(await this.stats.pareto(scope, p.dimension as StatsDimension, filter, (p.measure as ParetoMeasure | undefined) ?? ParetoMeasure.COUNT)), titles);
      default:
        return ppmTable(expect(await this.stats.ppm(scope, filter, p.ppmGroupBy as PpmDimension[], p.numerator as DefectiveQuantity)), titles);
    }
  }

  async paretoSvg(scope: StatsScope, dimension: StatsDimension, filter: StatsFilter | null, measure: ParetoMeasure, titles: KeyTitles): Promise<string> {
    const pareto = await this.stats.pareto(scope, dimension, filter, measure);
    if (pareto instanceof ValidationError) throw new Error(JSON.stringify(pareto.problems));
    // The bars are the measure (the count for COUNT).
    return paretoChartSvg({ ...pareto, items: pareto.items.map((i) => ({ ...i, count: i.amount })) }, titles, measure === ParetoMeasure.COUNT ? 'count' : measure === ParetoMeasure.COST ? 'cost' : 'amount');
  }

  /** Counts per bucket over the filter's range (else from the first to the last complaint, at most the last MAX_TREND_BUCKETS), empty buckets 0. */
  async trendSvg(scope: StatsScope, filter: StatsFilter | null, interval: TrendInterval): Promise<string> {
    const dimension = interval === TrendInterval.MONTH ? StatsDimension.MONTH : StatsDimension.WEEK;
    const stats = await this.stats.complaintStats(scope, filter, [dimension]);
    if (stats instanceof ValidationError) throw new Error(JSON.stringify(stats.problems));
    let range = filter?.dateRange ?? null;
    if (!range) {
      const where = factWhere(scope.tenant.id, filter);
      // tenant-scope: reviewed — where.sql comes from factWhere(scope.tenant.id, …), which starts with tenant_id = ?
      const [row] = (await (scope.em as SqlEntityManager).execute(`select min(received_day) as first, max(received_day) as last from complaint_fact where ${where.sql}`, where.params)) as Array<{ first: string | null; last: string | null }>;
      range = row?.first && row.last ? { from: row.first, to: row.last } : null;
    }
    const counts = new Map(stats.groups.map((g) => [g.key[0].value, g.count]));
    const keys = range ? bucketKeys(range.from, range.to, interval).slice(-MAX_TREND_BUCKETS) : [];
    return trendChartSvg(keys.map((key) => ({ key, count: counts.get(key) ?? 0 })), interval, scope.locale);
  }

  /** e.g. pareto-chart-category-20261120-1530.png, stamped with the request's local time. */
  private filename(kind: ExportKind, format: ExportFormat, p: ExportParameters, at: Date, timeZone: string): string {
    const dimension = p.dimension && (kind === ExportKind.PARETO || kind === ExportKind.PARETO_CHART) ? `-${p.dimension.toLowerCase()}` : '';
    const interval = kind === ExportKind.TREND_CHART ? `-${p.interval.toLowerCase()}` : '';
    return `${FILE_STEM[kind]}${dimension}${interval}-${DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyyMMdd-HHmm')}.${EXTENSION[format]}`;
  }

  private async timeZone(em: EntityManager, tenantId: string): Promise<string> {
    const org = await this.templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default');
    return org?.content.calendar.timeZone ?? 'UTC';
  }
}
