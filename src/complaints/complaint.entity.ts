import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType } from 'type-graphql';
import { TenantScoped } from '../db/tenant-scoped.entity';
import { Node } from '../shared/graphql/node.interface';
import type { ComplaintRecord } from './complaint-record';

@ObjectType({ implements: Node, description: 'A customer complaint, pinned to the template version it was created under.' })
@Entity({ tableName: 'complaint' })
@Unique({ properties: ['tenant', 'number'] })
@Index({ properties: ['tenant', 'createdAt', 'id'] })
@Index({ properties: ['tenant', 'status'] })
@Index({ properties: ['tenant', 'department', 'status'] })
export class Complaint extends TenantScoped {
  [OptionalProps]?: 'version' | 'createdAt' | 'updatedAt' | 'category' | 'severity' | 'department' | 'ownerId' | 'acknowledgedAt' | 'record';

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

  @Field({ description: "Current stage-1 status: a state of the pinned workflow." })
  @Property({ type: 'string', length: 50 })
  status!: string;

  @Field({ description: 'Key of the workflow (stage-1 state machine) this complaint follows.' })
  @Property({ type: 'string', length: 100 })
  workflowKey!: string;

  @Field(() => Int, { description: 'Version of that workflow the complaint is pinned to.' })
  @Property({ type: 'integer' })
  workflowVersion!: number;

  @Field(() => String, { nullable: true, description: 'Category key from the type\'s tree, set when classified.' })
  @Property({ type: 'string', length: 100, nullable: true })
  category: string | null = null;

  @Field(() => String, { nullable: true, description: "Severity key, set when classified (until then the clocks run on record.provisional.severity, the rules' severity for the intake)." })
  @Property({ type: 'string', length: 100, nullable: true })
  severity: string | null = null;

  @Field(() => String, { nullable: true, description: 'Responsible department key, set when routed.' })
  @Property({ type: 'string', length: 100, nullable: true })
  department: string | null = null;

  @Field(() => String, { nullable: true, description: 'Principal who owns the complaint within the department.' })
  @Property({ type: 'string', length: 64, nullable: true })
  ownerId: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the complaint was acknowledged (review started; ISO 10002 8.4).' })
  @Property({ type: Date, nullable: true })
  acknowledgedAt: Date | null = null;

  @Field(() => GraphQLJSONObject, { description: 'What stage 1 recorded: provisional (the severity and department the rules give the intake, until classified), validity, classification, routing, containment, remedy, notification, feedback, reopenings.' })
  @Property({ type: 'json' })
  record: ComplaintRecord = {};

  @Field(() => GraphQLJSONObject, { description: "The template-defined form data, valid against the pinned type's intake schema." })
  @Property({ type: 'json' })
  data!: Record<string, unknown>;

  @Field({ description: 'When the complaint was recorded.' })
  @Property({ type: Date })
  createdAt: Date = new Date();

  @Field({ description: 'When the complaint last changed (set by every change, by the app clock).' })
  @Property({ type: Date })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Optimistic-concurrency version: pass it back on every change; a stale one gives CONFLICT.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Property({ type: 'string', length: 64 })
  createdBy!: string;
}
