import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Something the server must do at `dueAt` (a workflow's timed system transition, later SLA and escalation
 * steps). Rows are indexed by due time so a tick reads only what is due; a fired timer is deleted in the
 * same transaction as its effect, so it fires once even across restarts and several instances.
 */
@Entity({ tableName: 'timer' })
@Index({ properties: ['dueAt'] })
@Index({ properties: ['tenantId', 'subjectId'] })
export class Timer {
  [OptionalProps]?: 'attempts' | 'lastError' | 'createdAt' | 'payload';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  /** Which handler fires it, e.g. "workflow". */
  @Property({ type: 'string', length: 50 })
  kind!: string;

  @Property({ type: 'string', length: 50 })
  subjectType!: string;

  @Property({ type: 'uuid' })
  subjectId!: string;

  /** What to do, e.g. the workflow action "closeWithoutFeedback". */
  @Property({ type: 'string', length: 100 })
  action!: string;

  /** The subject's state when armed: the timer only fires while the subject is still in it. */
  @Property({ type: 'string', length: 100 })
  armedIn!: string;

  @Property({ type: Date })
  dueAt!: Date;

  @Property({ type: 'json', nullable: true })
  payload: Record<string, unknown> | null = null;

  /** Failed firings so far (an unexpected error; retried with back-off). */
  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: Date })
  createdAt: Date = new Date();
}
