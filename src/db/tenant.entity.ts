import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ObjectType } from 'type-graphql';

/** Where a tenant's first templates came from: the shipped set (TEMPLATES_DIR), an exported bundle, or none. */
export type TenantSeedSource = 'shipped' | 'bundle' | 'empty';

/** A company using this deployment. Not tenant-scoped itself: it is the scope. */
@ObjectType({ description: 'A company using this deployment (platform operators only).' })
@Entity({ tableName: 'tenant' })
export class Tenant {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Lowercase letters, digits and "-": the tenant at login.' })
  @Unique()
  @Property({ type: 'string', length: 63 })
  slug!: string;

  @Field()
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field()
  @Property({ type: Date })
  createdAt: Date = new Date();

  @Field(() => String, { nullable: true, description: 'Where its first templates came from: shipped, bundle or empty; null for tenants made before tenants were provisioned.' })
  @Property({ type: 'string', length: 16, nullable: true })
  seedSource?: TenantSeedSource | null;

  /** Set once the first templates are in; a tenant created from the shipped set without it is seeded at the next start. */
  @Field(() => Date, { nullable: true, description: 'When its first templates were in place; null while creation is unfinished.' })
  @Property({ type: Date, nullable: true })
  seededAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set while disabled: its credentials, subscriptions and webhooks stop.' })
  @Property({ type: Date, nullable: true })
  disabledAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was disabled.' })
  @Property({ type: 'string', length: 500, nullable: true })
  disabledReason?: string | null;
}
