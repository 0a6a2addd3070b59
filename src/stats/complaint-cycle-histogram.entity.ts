import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How many closed complaints of a tenant, local month of receipt and category (null stored as '') have a
 * stage-1 cycle time in each bucket (CYCLE_BUCKET in complaint-rollup.ts: hourly up to a day, 4-hourly to
 * 14 days, daily to 90, weekly beyond). A percentile finds its bucket here and reads only that bucket's
 * complaints off a cycle-ordered index. Kept by triggers on complaint_fact like complaint_rollup, and
 * declared as an entity only so the schema diff knows the table.
 */
@Entity({ tableName: 'complaint_cycle_histogram' })
export class ComplaintCycleHistogram {
  @PrimaryKey({ type: 'uuid' })
  tenantId!: string;

  @PrimaryKey({ type: 'string', length: 7 })
  receivedMonth!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  category!: string;

  @PrimaryKey({ type: 'integer' })
  bucket!: number;

  @Property({ type: 'integer' })
  n!: number;
}
