import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Quantity shipped of one product in one month, to one customer or (customerKey '') in total: PPM's
 * denominator. One row per key (recordShipment and the CSV import upsert), so the unique index is also
 * the index PPM reads by (tenant, product, then customer and period).
 */
@Entity({ tableName: 'shipment' })
@Unique({ properties: ['tenantId', 'productKey', 'customerKey', 'period'] })
export class Shipment {
  [OptionalProps]?: 'version';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  /** Part number, as complaints name it (data.product.partNumber). */
  @Property({ type: 'string', length: 200 })
  productKey!: string;

  /** Customer organization, or '' for the product's total shipments of the month. */
  @Property({ type: 'string', length: 200 })
  customerKey!: string;

  /** Month shipped, e.g. 2026-11 (in the organization's calendar). */
  @Property({ type: 'string', length: 7 })
  period!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  /**
   * Optimistic lock: writes grouped in one SQLite transaction that change the same row conflict (and run again
   * one by one), so each event's before/after is what it replaced and the last event is what is stored.
   */
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: Date })
  updatedAt!: Date;

  @Property({ type: 'string', length: 64 })
  updatedBy!: string;
}
