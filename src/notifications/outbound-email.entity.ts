import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * An e-mail to send, written in the transaction that decided it (an outbox): nothing is sent for a
 * rolled-back change, and nothing decided is lost when SMTP is down; the mailer retries with back-off.
 */
@Entity({ tableName: 'outbound_email' })
@Index({ properties: ['sentAt', 'nextAttemptAt'] })
export class OutboundEmail {
  [OptionalProps]?: 'sentAt' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'html';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'string', length: 254 })
  to!: string;

  @Property({ type: 'string', length: 500 })
  subject!: string;

  @Property({ type: 'text' })
  text!: string;

  /** An HTML alternative of `text` (customer messages); null for plain-text mail. */
  @Property({ type: 'text', nullable: true })
  html: string | null = null;

  @Property({ type: Date })
  createdAt!: Date;

  @Property({ type: Date, nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: Date, nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;
}
