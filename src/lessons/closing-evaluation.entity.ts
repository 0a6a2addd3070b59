import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantScoped } from '../db/tenant-scoped.entity';

/** What a closing evaluation is about. */
export type EvaluationSubjectType = 'Complaint' | 'Investigation';

export interface PreventionProposal {
  /** Key of a prevention kind of the organization template (design, process, supplier, training ...). */
  kind: string;
  action: string;
}

/**
 * The closing evaluation (总结评价) of a complaint or an investigation: what went well and wrong, lessons
 * learned, proposed prevention, whether it becomes a training example. One per subject, edited in place
 * (each version an event with before and after). Product and category are copied from the subject so
 * that lessons are searched across complaints without joins; `searchText` is its texts lower-cased.
 */
@Entity({ tableName: 'closing_evaluation' })
@Unique({ properties: ['tenant', 'subjectType', 'subjectId'] })
@Index({ properties: ['tenant', 'updatedAt', 'id'] })
@Index({ properties: ['tenant', 'product'] })
@Index({ properties: ['tenant', 'category'] })
@Index({ properties: ['tenant', 'trainingExample'] })
export class ClosingEvaluation extends TenantScoped {
  [OptionalProps]?: 'version' | 'product' | 'category';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20 })
  subjectType!: EvaluationSubjectType;

  @Property({ type: 'uuid' })
  subjectId!: string;

  @Property({ type: 'text' })
  wentWell!: string;

  @Property({ type: 'text' })
  wentWrong!: string;

  @Property({ type: 'text' })
  lessonsLearned!: string;

  @Property({ type: 'json' })
  prevention!: PreventionProposal[];

  /** The prevention kinds as `|design|training|`, so that a kind is matched by one substring test in SQL. */
  @Property({ type: 'string', length: 1000 })
  preventionKinds!: string;

  @Property({ type: 'boolean' })
  trainingExample!: boolean;

  /** The complaint's data.product.partNumber or the investigation's part number. */
  @Property({ type: 'string', length: 200, nullable: true })
  product: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  category: string | null = null;

  /** The texts and proposed actions, lower-cased (JavaScript's case mapping: the same on every database). */
  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: Date })
  createdAt!: Date;

  @Property({ type: 'string', length: 64 })
  createdBy!: string;

  @Property({ type: Date })
  updatedAt!: Date;

  @Property({ type: 'string', length: 64 })
  updatedBy!: string;

  /** Optimistic concurrency: an edit names the version it read. */
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
