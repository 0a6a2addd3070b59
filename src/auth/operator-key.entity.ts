import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * A platform operator's credential: it belongs to no tenant and serves only tenant provisioning. Only the
 * SHA-256 of the key is stored, as for API keys.
 */
@Entity({ tableName: 'operator_key' })
export class OperatorKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 16 })
  prefix!: string;

  @Unique()
  @Property({ type: 'string', length: 64 })
  keyHash!: string;

  @Property({ type: Date })
  createdAt: Date = new Date();

  @Property({ type: Date, nullable: true })
  revokedAt?: Date | null;
}
