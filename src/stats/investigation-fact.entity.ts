import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What the stage-2 statistics need of one investigation, written in the transaction of every change of it
 * (after its SLA clocks were synced). Kept apart from complaint_fact: an investigation may answer several
 * complaints (or none), and a months-long clock must not be mixed with the days-long stage-1 one.
 * The complaint keys (type, customer) are those of the first linked complaint; standalone: null.
 *
 * Indexes: (tenant, opened_day) for the date range every dashboard query filters on.
 */
@Entity({ tableName: 'investigation_fact' })
@Index({ properties: ['tenantId', 'openedDay'] })
export class InvestigationFact {
  [OptionalProps]?: 'typeKey' | 'category' | 'severity' | 'department' | 'productKey' | 'customerKey' | 'closedAt' | 'cycleSeconds' | 'closureOnTime';

  @PrimaryKey({ type: 'uuid' })
  investigationId!: string;

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'string', length: 100 })
  templateKey!: string;

  @Property({ type: Date })
  openedAt!: Date;

  /** Local date, month and ISO week of opening in the organization's time zone. */
  @Property({ type: 'string', length: 10 })
  openedDay!: string;

  @Property({ type: 'string', length: 7 })
  openedMonth!: string;

  @Property({ type: 'string', length: 8 })
  openedWeek!: string;

  /** OPEN, EFFECTIVENESS_CHECK, CLOSED or CANCELLED. */
  @Property({ type: 'string', length: 30 })
  status!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  typeKey: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  category: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  severity: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  department: string | null = null;

  /** The investigation's part number. */
  @Property({ type: 'string', length: 200, nullable: true })
  productKey: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  customerKey: string | null = null;

  /** Closed (effectiveness check passed) or cancelled. */
  @Property({ type: Date, nullable: true })
  closedAt: Date | null = null;

  /** Stage-2 cycle time, opened -> closed by a passed effectiveness check, in seconds; null otherwise. */
  @Property({ type: 'integer', nullable: true })
  cycleSeconds: number | null = null;

  /** Closed with the stage-2 "closure" SLA clock met before it was due; null when not closed or without that clock. */
  @Property({ type: 'boolean', nullable: true })
  closureOnTime: boolean | null = null;
}
