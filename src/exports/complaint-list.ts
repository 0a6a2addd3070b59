import type { SqlEntityManager } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/core';
import { type Sight, visibleComplaintIds } from '../auth';
import { factWhere } from '../stats';
import type { StatsFilter } from '../stats';
import { keyHeader, label } from './export-labels';
import type { Cell, Column, ExportTable } from './export-table';
import type { KeyTitles } from './export-titles';
import type { Locale } from '../shared/i18n/locale';
import { currencyExponent } from '../costs';
import { intakeValue } from '../templates';
import type { ComplaintTypeTemplate } from '../__generated__';

/** Rows read per query: one page of the keyset walk. */
export const PAGE_SIZE = 500;
const SUMMARY_MAX = 1000;

type Row = Record<string, unknown>;

/** SQLite returns datetime columns as epoch milliseconds, PostgreSQL as Date. */
const instant = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as number | string)));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const boolOrNull = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 1 || v === '1' || v === 't');

/**
 * The complaints matching a statistics filter, oldest receipt first, read PAGE_SIZE at a time by keyset
 * (received_at, complaint_id) over the index of that name, so memory stays flat however many there are.
 */
export async function* complaintPages(em: EntityManager, tenantId: string, filter: StatsFilter | null | undefined, pageSize = PAGE_SIZE, sight: Sight = { all: true }): AsyncGenerator<Row[]> {
  const where = factWhere(tenantId, filter);
  if (!sight.all) {
    const visible = visibleComplaintIds(em, sight).toSQL();
    where.sql += ` and complaint_id in (${visible.sql})`;
    where.params.push(...visible.bindings);
  }
  let after: { at: unknown; id: string } | null = null;
  for (;;) {
    const keyset = after ? ' and (received_at > ? or (received_at = ? and complaint_id > ?))' : '';
    const params = after ? [...where.params, after.at, after.at, after.id] : where.params;
    // tenant-scope: reviewed — where.sql comes from factWhere(tenantId, …), which starts with tenant_id = ?
    const rows: Row[] = await (em as SqlEntityManager).execute(
      `select f.*, c.number, c.status, c.workflow_key, c.workflow_version, c.template_version, c.data
       from (select * from complaint_fact where ${where.sql}${keyset} order by received_at, complaint_id limit ${Number(pageSize)}) f
       join complaint c on c.id = f.complaint_id
       order by f.received_at, f.complaint_id`,
      params,
    );
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { at: last.received_at, id: last.complaint_id as string };
  }
}

/** `currency`: the organization's base currency, named in the cost column's header. */
export function complaintColumns(language: Locale, currency: string): Column[] {
  const col = (key: Parameters<typeof label>[0], kind: Column['kind'], width?: number): Column => ({ header: label(key, language), kind, width });
  return [
    col('number', 'text', 20),
    col('type', 'text', 16),
    col('status', 'text', 14),
    col('summary', 'text', 40),
    col('category', 'text'),
    col('severity', 'text', 10),
    col('department', 'text'),
    col('product', 'text'),
    col('customer', 'text', 24),
    col('receivedAt', 'datetime', 17),
    col('closedAt', 'datetime', 17),
    col('cycleHours', 'hours'),
    col('onTime', 'boolean', 10),
    col('rejected', 'boolean', 10),
    col('reopenCount', 'integer', 10),
    col('satisfaction', 'integer', 10),
    col('claimedDefective', 'integer'),
    { header: `${label('cost', language)} (${currency})`, kind: 'decimal', width: 14 },
    // The stored keys of the titled columns, last so a reader of the sheet can ignore them and an import can match on them.
    ...(['TYPE', 'CATEGORY', 'SEVERITY', 'DEPARTMENT', 'STATUS'] as const).map((d): Column => ({ header: keyHeader(d, language), kind: 'text', width: 16 })),
  ];
}

/** A title or summary the intake has, else its description (where the pinned type keeps it: intakeFields.description). */
function summaryOf(data: unknown, type: ComplaintTypeTemplate | undefined): string | null {
  const parsed = typeof data === 'string' ? (JSON.parse(data) as Record<string, unknown>) : (data as Record<string, unknown> | null);
  const text = parsed?.title ?? parsed?.summary ?? intakeValue(type, parsed, 'description');
  return typeof text === 'string' ? text.slice(0, SUMMARY_MAX) : null;
}

/**
 * One complaint: type, status, category, severity and department by their titles (the keys in the last
 * columns); its cost items not voided in the base currency's major unit (`unit` minor units each).
 */
export async function complaintRow(r: Row, titles: KeyTitles, unit: number): Promise<Cell[]> {
  const cycle = numOrNull(r.cycle_seconds);
  const type = r.type_key as string;
  const category = (r.category as string | null) ?? null;
  const severity = (r.severity as string | null) ?? null;
  const department = (r.department as string | null) ?? null;
  const status = r.status as string;
  const titled = (dimension: string, key: string | null) => (key === null ? null : titles.title(dimension, key, type));
  return [
    r.number as string,
    titled('TYPE', type),
    await titles.status(r.workflow_key as string, Number(r.workflow_version), status),
    summaryOf(r.data, await titles.complaintType(type, Number(r.template_version))),
    titled('CATEGORY', category),
    titled('SEVERITY', severity),
    titled('DEPARTMENT', department),
    (r.product_key as string | null) ?? null,
    (r.customer_key as string | null) ?? null,
    instant(r.received_at),
    instant(r.closed_at),
    cycle === null ? null : cycle / 3600,
    boolOrNull(r.close_on_time),
    boolOrNull(r.rejected),
    numOrNull(r.reopen_count),
    numOrNull(r.satisfaction),
    numOrNull(r.defective_claimed),
    Number(r.cost_base_minor ?? 0) / unit,
    type,
    category,
    severity,
    department,
    status,
  ];
}

/** The complaint list as a table whose rows are read page by page while it is written. */
export function complaintListTable(em: EntityManager, tenantId: string, filter: StatsFilter | null | undefined, titles: KeyTitles, currency: string, sight?: Sight): ExportTable {
  const language = titles.language;
  const unit = 10 ** (currencyExponent(currency) ?? 2);
  return {
    sheetName: label('complaintsSheet', language),
    columns: complaintColumns(language, currency),
    rows: (async function* () {
      for await (const page of complaintPages(em, tenantId, filter, PAGE_SIZE, sight)) for (const r of page) yield await complaintRow(r, titles, unit);
    })(),
  };
}
