import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType } from 'type-graphql';

/**
 * A message sent to a complaint's customer, exactly as rendered (ISO 10002 8.7, 21 CFR 820.198(e): the reply
 * to the complainant is part of the record). Append-only: never edited or deleted.
 */
@ObjectType({ description: 'A message sent to the customer of a complaint, with the exact text rendered at the time.' })
@Entity({ tableName: 'customer_message' })
@Index({ properties: ['tenantId', 'complaintId', 'sentAt'] })
export class CustomerMessage {
  [OptionalProps]?: 'recipient' | 'htmlBody' | 'outboundEmailId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  complaintId!: string;

  @Field({ description: 'Key of the message template.' })
  @Property({ type: 'string', length: 63 })
  messageKey!: string;

  @Field(() => Int, { description: 'Version of the message template it was rendered from.' })
  @Property({ type: 'integer' })
  messageVersion!: number;

  @Field({ description: "The template's purpose, e.g. acknowledgement, rejection." })
  @Property({ type: 'string', length: 40 })
  purpose!: string;

  @Field({ description: 'zh-CN or en.' })
  @Property({ type: 'string', length: 10 })
  locale!: string;

  @Field({ description: 'EMAIL, PORTAL, LETTER or CHAT.' })
  @Property({ type: 'string', length: 20 })
  channel!: string;

  @Field(() => String, { nullable: true, description: 'Where it went: the e-mail address for EMAIL; as given otherwise.' })
  @Property({ type: 'string', length: 254, nullable: true })
  recipient: string | null = null;

  @Field()
  @Property({ type: 'string', length: 500 })
  subject!: string;

  @Field({ description: 'The plain-text body as sent.' })
  @Property({ type: 'text' })
  textBody!: string;

  @Field(() => String, { nullable: true, description: 'The HTML body as sent (EMAIL and PORTAL).' })
  @Property({ type: 'text', nullable: true })
  htmlBody: string | null = null;

  @Field(() => [String], { description: 'Placeholders the template used.' })
  @Property({ type: 'json' })
  placeholders!: string[];

  @Field(() => [String], { description: 'Placeholders the complaint had no value for (sent as visible markers).' })
  @Property({ type: 'json' })
  missing!: string[];

  @Field({ description: 'Principal who sent it.' })
  @Property({ type: 'string', length: 64 })
  sentBy!: string;

  @Field()
  @Property({ type: 'string', length: 200 })
  sentByName!: string;

  @Field()
  @Property({ type: Date })
  sentAt!: Date;

  /** The outbox row when it was e-mailed (SMTP configured, channel EMAIL). */
  @Property({ type: 'uuid', nullable: true })
  outboundEmailId: string | null = null;
}
