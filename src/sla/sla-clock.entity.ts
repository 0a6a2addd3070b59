import { type EntityManager, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { randomUUID } from 'node:crypto';
import type { BusinessDuration } from '../__generated__';

/**
 * One SLA clock of a complaint (stage 1: acknowledge, respond, close) or an investigation (stage 2).
 * Times are in the organization's business calendar. The clock runs from `startedAt`; time in waiting
 * states is accumulated in `pausedMinutes` (working minutes, or calendar minutes for calendar-day targets)
 * and pushes `dueAt` back. `dueAt` is null while paused; once met it keeps the deadline the clock was
 * measured against (running means: `dueAt` set and `metAt` null). `breachedAt` is set when due passes
 * unmet (by a timer) or when met late. Stored as rows so lists can filter on overdue and due-before.
 */
@Entity({ tableName: 'sla_clock' })
@Unique({ properties: ['tenantId', 'subjectId', 'stage', 'name'] })
// Running clocks (met_at null) by deadline: overdue and due-before scans skip the met ones, which keep their deadline.
@Index({ properties: ['tenantId', 'metAt', 'dueAt'] })
export class SlaClock {
  [OptionalProps]?: 'pausedAt' | 'pausedMinutes' | 'dueAt' | 'metAt' | 'metBy' | 'breachedAt' | 'escalations' | 'holidayDataMissing';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'string', length: 50 })
  subjectType!: string;

  @Property({ type: 'uuid' })
  subjectId!: string;

  /** "response" (stage 1) or "investigation" (stage 2). */
  @Property({ type: 'string', length: 20 })
  stage!: string;

  /** The target's key, e.g. acknowledge, respond, close. */
  @Property({ type: 'string', length: 50 })
  name!: string;

  /** The severity whose target applies. */
  @Property({ type: 'string', length: 100 })
  severity!: string;

  @Property({ type: 'json' })
  target!: BusinessDuration;

  @Property({ type: Date })
  startedAt!: Date;

  @Property({ type: Date, nullable: true })
  pausedAt: Date | null = null;

  @Property({ type: 'double' })
  pausedMinutes: number = 0;

  @Property({ type: Date, nullable: true })
  dueAt: Date | null = null;

  @Property({ type: Date, nullable: true })
  metAt: Date | null = null;

  /** What met it: the state entered ("state:UNDER_REVIEW") or the closure ("closure", undone by a reopen). */
  @Property({ type: 'string', length: 120, nullable: true })
  metBy: string | null = null;

  @Property({ type: Date, nullable: true })
  breachedAt: Date | null = null;

  /**
   * `dueAt` was computed over a local year (from the start's to the deadline's) whose public holidays the
   * calendar did not know: it may be too early. Set with every `dueAt`; false while paused.
   */
  @Property({ type: 'boolean' })
  holidayDataMissing: boolean = false;

  /** Escalation steps fired for this clock: each fires once. */
  @Property({ type: 'json' })
  escalations: Array<{ step: string; at: string }> = [];
}

/** Subquery for `id in (...)`: the subjects of a type with an SLA clock running and due before `time` (overdue when `time` is now). */
export function subjectsDueBefore(em: EntityManager, tenantId: string, subjectType: 'Complaint' | 'Investigation', time: Date): never {
  return (em as SqlEntityManager)
    .createQueryBuilder(SlaClock, 's')
    .select('s.subject_id')
    .where({ tenantId, subjectType, dueAt: { $ne: null, $lt: time }, metAt: null })
    .getKnexQuery() as never;
}
