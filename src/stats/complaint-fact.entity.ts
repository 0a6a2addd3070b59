import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What the statistics need of one complaint, as plain columns written in the same transaction as every
 * change of the complaint (create, update, each stage-1 step), so the stats queries are plain SQL on both
 * dialects with no JSON functions. Local day/month/ISO-week keys are computed with luxon in the
 * organization's time zone when written (a UTC offset in SQL would be wrong across DST).
 *
 * Indexes, each led by the tenant (every query is per tenant):
 * - (tenant, received_day): the date range every dashboard query filters on.
 * - (tenant, category, received_day): Pareto by category and category filters within a range.
 * - (tenant, product_key, received_month): PPM joins defective quantities to shipments per product and month.
 * - (tenant, customer_key, received_month): per-customer PPM, complaint counts and filters.
 * - (tenant, product_key, category, received_at): the neighbours that make a complaint a repeat.
 * - (tenant, received_at, complaint_id): the complaint-list export's keyset pages, oldest receipt first.
 * - (tenant, cycle_seconds, received_day), (tenant, received_month, cycle_seconds, received_day) and
 *   (tenant, category, cycle_seconds, received_day): exact cycle-time percentiles read as `order by
 *   cycle_seconds limit 1 offset rank - 1` walking one index in cycle order (overall, per month, per
 *   category), the day range checked in the index, instead of sorting every closed complaint of the range.
 *
 * The monthly rollup (complaint_rollup) is kept from this table by triggers.
 */
@Entity({ tableName: 'complaint_fact' })
@Index({ properties: ['tenantId', 'receivedDay'] })
@Index({ properties: ['tenantId', 'category', 'receivedDay'] })
@Index({ properties: ['tenantId', 'productKey', 'receivedMonth'] })
@Index({ properties: ['tenantId', 'customerKey', 'receivedMonth'] })
@Index({ properties: ['tenantId', 'productKey', 'category', 'receivedAt'] })
@Index({ properties: ['tenantId', 'receivedAt', 'complaintId'] })
@Index({ properties: ['tenantId', 'cycleSeconds', 'receivedDay'] })
@Index({ properties: ['tenantId', 'receivedMonth', 'cycleSeconds', 'receivedDay'] })
@Index({ properties: ['tenantId', 'category', 'cycleSeconds', 'receivedDay'] })
export class ComplaintFact {
  [OptionalProps]?: 'category' | 'severity' | 'department' | 'productKey' | 'customerKey' | 'closedAt' | 'cycleSeconds' | 'closeOnTime' | 'rejected' | 'reopenCount' | 'satisfaction' | 'defectiveClaimed' | 'defectiveConfirmed' | 'repeatGapSeconds' | 'costBaseMinor';

  @PrimaryKey({ type: 'uuid' })
  complaintId!: string;

  @Property({ type: 'uuid' })
  tenantId!: string;

  /** data.receivedAt when it is a time not after recording, else the recording time (as the SLA clocks start). */
  @Property({ type: Date })
  receivedAt!: Date;

  /** Local date in the organization's time zone, e.g. 2026-11-30. */
  @Property({ type: 'string', length: 10 })
  receivedDay!: string;

  /** Local month, e.g. 2026-11. */
  @Property({ type: 'string', length: 7 })
  receivedMonth!: string;

  /** Local ISO week, e.g. 2026-W49. */
  @Property({ type: 'string', length: 8 })
  receivedWeek!: string;

  @Property({ type: 'string', length: 100 })
  typeKey!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  category: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  severity: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  department: string | null = null;

  /** data.product.partNumber. */
  @Property({ type: 'string', length: 200, nullable: true })
  productKey: string | null = null;

  /** data.customer.organization. */
  @Property({ type: 'string', length: 200, nullable: true })
  customerKey: string | null = null;

  /** When the complaint entered a closed state (closed or rejected); null while open (also after a reopen). */
  @Property({ type: Date, nullable: true })
  closedAt: Date | null = null;

  /** Stage-1 cycle time: received -> closed, in seconds; null while open. */
  @Property({ type: 'integer', nullable: true })
  cycleSeconds: number | null = null;

  /** Closed with the stage-1 "close" SLA clock met before it was due; null while open or without that clock. */
  @Property({ type: 'boolean', nullable: true })
  closeOnTime: boolean | null = null;

  /** Judged unjustified (the validity decision is "rejected"). */
  @Property({ type: 'boolean' })
  rejected: boolean = false;

  @Property({ type: 'integer' })
  reopenCount: number = 0;

  /** The customer's stage-1 feedback, 1..5. */
  @Property({ type: 'integer', nullable: true })
  satisfaction: number | null = null;

  /** Defective quantity the customer claims (data.quantityAffected). */
  @Property({ type: 'integer', nullable: true })
  defectiveClaimed: number | null = null;

  /** Defective quantity confirmed after investigation; null until confirmed. */
  @Property({ type: 'integer', nullable: true })
  defectiveConfirmed: number | null = null;

  /**
   * Seconds since the complaint received last before this one on the same product and category (ties by
   * id); null without an earlier one or without product or category. A repeat within a window W is
   * repeat_gap_seconds <= W: kept current when complaints are recorded or their keys change.
   */
  @Property({ type: 'integer', nullable: true })
  repeatGapSeconds: number | null = null;

  /**
   * Sum of the complaint's cost items not voided, in minor units of the organization's base currency (0 when
   * none). Moved by each cost item added or voided, in that change's transaction (costs/cost.service.ts).
   */
  @Property({ type: new BigIntType('number'), default: 0 })
  costBaseMinor: number = 0;
}
