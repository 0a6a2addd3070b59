import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Tenant } from './tenant.entity';

/**
 * A caller's credential. Only the SHA-256 of the key is stored: keys are 256-bit random, so a slow hash
 * adds nothing. Looked up before the tenant is known, hence not TenantScoped.
 */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Tenant, { ref: true, deleteRule: 'cascade' })
  tenant!: Ref<Tenant>;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** First characters of the key, shown in listings so a key can be recognised without revealing it. */
  @Property({ type: 'string', length: 16 })
  prefix!: string;

  @Unique()
  @Property({ type: 'string', length: 64 })
  keyHash!: string;

  @Property({ type: 'json' })
  roles: string[] = [];

  @Property({ type: Date })
  createdAt: Date = new Date();

  @Property({ type: Date, nullable: true })
  revokedAt?: Date | null;
}
