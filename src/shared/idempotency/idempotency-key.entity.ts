import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A client-chosen key for a mutation: a retry with the same key returns the first result and creates
 * nothing. Stored in the same transaction as the change it guards.
 */
@Entity({ tableName: 'idempotency_key' })
export class IdempotencyKey {
  @PrimaryKey({ type: 'uuid' })
  tenantId!: string;

  @PrimaryKey({ type: 'string', length: 200 })
  key!: string;

  @Property({ type: 'string', length: 100 })
  operation!: string;

  /** SHA-256 of the canonical request, so a reused key with other input is refused instead of ignored. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Property({ type: 'uuid' })
  resultId!: string;

  @Property({ type: Date })
  createdAt: Date = new Date();
}
