import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ObjectType } from 'type-graphql';
import { Tenant } from '../db/tenant.entity';

/**
 * A caller's credential. Only the SHA-256 of the key is stored: keys are 256-bit random, so a slow hash
 * adds nothing. Looked up before the tenant is known, hence not TenantScoped.
 */
@ObjectType({ description: 'An integrator\'s credential (admins only). The key itself was shown once, at creation.' })
@Entity({ tableName: 'api_key' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Tenant, { ref: true, deleteRule: 'cascade' })
  tenant!: Ref<Tenant>;

  @Field()
  @Property({ type: 'string', length: 200 })
  name!: string;

  /** First characters of the key, shown in listings so a key can be recognised without revealing it. */
  @Field({ description: 'First characters of the key, to recognise it without revealing it.' })
  @Property({ type: 'string', length: 16 })
  prefix!: string;

  @Unique()
  @Property({ type: 'string', length: 64 })
  keyHash!: string;

  @Field(() => [String], { description: 'Keys of the organization template\'s roles the key acts with.' })
  @Property({ type: 'json' })
  roles: string[] = [];

  @Field()
  @Property({ type: Date })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'When it last authenticated a request, to within a minute.' })
  @Property({ type: Date, nullable: true })
  lastUsedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set once revoked: the key stops working within 30 seconds.' })
  @Property({ type: Date, nullable: true })
  revokedAt?: Date | null;
}
