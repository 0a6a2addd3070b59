import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Per-tenant gap-free counters (event sequence, complaint numbers per year). Incremented with one
 * UPSERT ... RETURNING, whose row lock also serialises a tenant's writers on PostgreSQL.
 */
@Entity({ tableName: 'counter' })
export class Counter {
  @PrimaryKey({ type: 'uuid' })
  tenantId!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'integer' })
  value!: number;
}
