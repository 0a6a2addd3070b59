import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * complaint_fact summed per tenant, local month of receipt, type, category, severity and department (null
 * keys stored as ''): the statistics read whole months here instead of every complaint. Kept by triggers
 * on complaint_fact (migration ComplaintRollup), in the transaction of each fact write; the column values
 * are ROLLUP_MEASURES in complaint-rollup.ts. Declared as an entity so the schema diff knows the table; it
 * is only ever read and written in SQL. Rows whose count fell to 0 stay (they add nothing).
 */
@Entity({ tableName: 'complaint_rollup' })
export class ComplaintRollup {
  @PrimaryKey({ type: 'uuid' })
  tenantId!: string;

  @PrimaryKey({ type: 'string', length: 7 })
  receivedMonth!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  typeKey!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  category!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  severity!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  department!: string;

  @Property({ type: 'integer', fieldName: 'n' })
  n!: number;

  @Property({ type: 'integer', fieldName: 'closed' })
  closed!: number;

  @Property({ type: 'integer', fieldName: 'cycle_n' })
  cycleN!: number;

  @Property({ type: 'bigint', fieldName: 'cycle_sum' })
  cycleSum!: string;

  @Property({ type: 'integer', fieldName: 'timed' })
  timed!: number;

  @Property({ type: 'integer', fieldName: 'on_time' })
  onTime!: number;

  @Property({ type: 'integer', fieldName: 'rejected' })
  rejected!: number;

  @Property({ type: 'integer', fieldName: 'reopened' })
  reopened!: number;

  @Property({ type: 'integer', fieldName: 'ever_closed' })
  everClosed!: number;

  @Property({ type: 'integer', fieldName: 'repeats_7' })
  repeats7!: number;

  @Property({ type: 'integer', fieldName: 'repeats_14' })
  repeats14!: number;

  @Property({ type: 'integer', fieldName: 'repeats_30' })
  repeats30!: number;

  @Property({ type: 'integer', fieldName: 'repeats_60' })
  repeats60!: number;

  @Property({ type: 'integer', fieldName: 'repeats_90' })
  repeats90!: number;

  @Property({ type: 'integer', fieldName: 'repeats_180' })
  repeats180!: number;

  @Property({ type: 'integer', fieldName: 'repeats_365' })
  repeats365!: number;

  @Property({ type: 'integer', fieldName: 'sat_n' })
  satN!: number;

  @Property({ type: 'bigint', fieldName: 'sat_sum' })
  satSum!: string;

  @Property({ type: 'integer', fieldName: 'sat_1' })
  sat1!: number;

  @Property({ type: 'integer', fieldName: 'sat_2' })
  sat2!: number;

  @Property({ type: 'integer', fieldName: 'sat_3' })
  sat3!: number;

  @Property({ type: 'integer', fieldName: 'sat_4' })
  sat4!: number;

  @Property({ type: 'integer', fieldName: 'sat_5' })
  sat5!: number;

  @Property({ type: 'bigint', fieldName: 'claimed' })
  claimed!: string;

  @Property({ type: 'bigint', fieldName: 'confirmed' })
  confirmed!: string;

  /** Sum of complaint_fact.cost_base_minor: cost items in the base currency's minor units. */
  @Property({ type: 'bigint', fieldName: 'cost' })
  cost!: string;
}
