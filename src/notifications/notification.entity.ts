import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ObjectType } from 'type-graphql';

/** An in-app message to one principal (e.g. an escalation); read with myNotifications, marked read by its recipient. */
@ObjectType({ description: 'A message to you, e.g. that a complaint was escalated.' })
@Entity({ tableName: 'notification' })
@Index({ properties: ['tenantId', 'recipientId', 'createdAt'] })
export class Notification {
  [OptionalProps]?: 'readAt' | 'emailedAt' | 'data';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  /** The principal it is for, e.g. api-key:<id>. */
  @Property({ type: 'string', length: 64 })
  recipientId!: string;

  @Field({ description: 'What it is about, e.g. escalation.' })
  @Property({ type: 'string', length: 50 })
  kind!: string;

  @Field({ description: 'Complaint or Investigation.' })
  @Property({ type: 'string', length: 50 })
  subjectType!: string;

  @Property({ type: 'uuid' })
  subjectId!: string;

  @Field(() => String, { nullable: true, description: 'The subject\'s number, e.g. CC-2026-000001.' })
  @Property({ type: 'string', length: 32, nullable: true })
  subjectNumber: string | null = null;

  /** Shown in the recipient's language (the `title` field). */
  @Property({ type: 'json' })
  title!: { 'zh-CN': string; en: string };

  @Field(() => GraphQLJSONObject, { description: 'Details: the escalation step, clock, due time, reason.' })
  @Property({ type: 'json' })
  data: Record<string, unknown> = {};

  @Field()
  @Property({ type: Date })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: Date, nullable: true })
  readAt: Date | null = null;

  /** When it went out by e-mail (SMTP configured and the recipient has an address). */
  @Property({ type: Date, nullable: true })
  emailedAt: Date | null = null;
}
