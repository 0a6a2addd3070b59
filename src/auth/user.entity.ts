import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ObjectType } from 'type-graphql';
import { TenantScoped } from '../db/tenant-scoped.entity';

/** A person who logs in with a password. Departments, level and roles are keys of the tenant's organization template. */
@ObjectType({ description: 'A person of the tenant who logs in with a password (admins only, except `me`).' })
@Entity({ tableName: 'app_user' })
@Unique({ properties: ['tenant', 'username'] })
export class User extends TenantScoped {
  [OptionalProps]?: 'disabledAt' | 'lastLoginAt' | 'level';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Login name, unique in the tenant, lowercase.' })
  @Property({ type: 'string', length: 100 })
  username!: string;

  @Field({ description: 'Printed name: shown as the actor of what the user does.' })
  @Property({ type: 'string', length: 200 })
  displayName!: string;

  /** scrypt in PHC format ($scrypt$ln=..,r=..,p=..$salt$hash): the parameters travel with the hash. */
  @Property({ type: 'string', length: 200, lazy: true })
  passwordHash!: string;

  @Field(() => [String], { description: 'Keys of the organization template\'s roles.' })
  @Property({ type: 'json' })
  roles: string[] = [];

  @Field(() => [String], { description: 'Keys of the organization template\'s departments.' })
  @Property({ type: 'json' })
  departments: string[] = [];

  @Field(() => String, { nullable: true, description: 'Key of the organization template\'s levels.' })
  @Property({ type: 'string', length: 100, nullable: true })
  level: string | null = null;

  @Field(() => Date, { nullable: true, description: 'Set while the user is disabled: no login, no refresh, existing tokens refused.' })
  @Property({ type: Date, nullable: true })
  disabledAt: Date | null = null;

  @Field()
  @Property({ type: Date })
  createdAt!: Date;

  @Field()
  @Property({ type: Date })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: Date, nullable: true })
  lastLoginAt: Date | null = null;
}
