import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType } from 'type-graphql';
import { TenantScoped } from '../db/tenant-scoped.entity';
import { Node } from '../shared/graphql/node.interface';

@ObjectType({ implements: Node, description: 'A customer complaint, pinned to the template version it was created under.' })
@Entity({ tableName: 'complaint' })
@Unique({ properties: ['tenant', 'number'] })
@Index({ properties: ['tenant', 'createdAt'] })
@Index({ properties: ['tenant', 'status'] })
export class Complaint extends TenantScoped {
  [OptionalProps]?: 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Human-readable number, unique per tenant, e.g. CC-2026-000001.' })
  @Property({ type: 'string', length: 32 })
  number!: string;

  @Field({ description: 'Key of the complaint type template.' })
  @Property({ type: 'string', length: 100 })
  typeKey!: string;

  @Field(() => Int, { description: 'Version of the complaint type template this complaint is pinned to.' })
  @Property({ type: 'integer' })
  templateVersion!: number;

  @Field({ description: 'Current stage-1 status.' })
  @Property({ type: 'string', length: 50 })
  status!: string;

  @Field(() => GraphQLJSONObject, { description: "The template-defined form data, valid against the pinned type's intake schema." })
  @Property({ type: 'json' })
  data!: Record<string, unknown>;

  @Field({ description: 'When the complaint was recorded.' })
  @Property({ type: Date })
  createdAt: Date = new Date();

  @Field({ description: 'When the complaint last changed.' })
  @Property({ type: Date, onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Optimistic-concurrency version: pass it back on every change; a stale one gives CONFLICT.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Property({ type: 'string', length: 64 })
  createdBy!: string;
}
