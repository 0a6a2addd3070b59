import { createUnionType, Field, ID, Int, ObjectType } from 'type-graphql';
import { NotAllowedError } from '../shared/errors/workflow-errors';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { ConnectionType } from '../shared/graphql/connection';
import { toGlobalId } from '../shared/graphql/global-id';
import type { Locale } from '../shared/i18n/locale';
import type { ClosingEvaluation } from './closing-evaluation.entity';

@ObjectType({ description: 'A proposed preventive action.' })
export class PreventionView {
  @Field({ description: 'Prevention kind key.' })
  kind!: string;

  @Field({ description: "The kind's title in the caller's language (the key when the template no longer has it)." })
  kindTitle!: string;

  @Field()
  action!: string;
}

@ObjectType('ClosingEvaluation', { description: 'The closing evaluation (总结评价) of a complaint or an investigation: a lesson, searchable across complaints.' })
export class ClosingEvaluationView {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Complaint or Investigation.' })
  subjectType!: string;

  @Field(() => ID, { description: 'Global ID of the complaint or investigation.' })
  subjectId!: string;

  @Field()
  wentWell!: string;

  @Field()
  wentWrong!: string;

  @Field()
  lessonsLearned!: string;

  @Field(() => [PreventionView])
  prevention!: PreventionView[];

  @Field()
  trainingExample!: boolean;

  @Field(() => String, { nullable: true, description: "The subject's part number." })
  product!: string | null;

  @Field(() => String, { nullable: true, description: "The subject's category key." })
  category!: string | null;

  @Field(() => Int, { description: 'Pass it back to edit.' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field({ description: 'Principal id of who recorded it first.' })
  createdBy!: string;

  @Field()
  updatedAt!: Date;

  @Field({ description: 'Principal id of who changed it last.' })
  updatedBy!: string;

  /** The row, for the complaint and investigation field resolvers. */
  entity!: ClosingEvaluation;

  static of(e: ClosingEvaluation, titles: Map<string, { 'zh-CN': string; en: string }>, locale: Locale): ClosingEvaluationView {
    const view = new ClosingEvaluationView();
    Object.assign(view, {
      id: toGlobalId('ClosingEvaluation', e.id),
      subjectType: e.subjectType,
      subjectId: toGlobalId(e.subjectType, e.subjectId),
      wentWell: e.wentWell,
      wentWrong: e.wentWrong,
      lessonsLearned: e.lessonsLearned,
      prevention: e.prevention.map((p) => ({ kind: p.kind, kindTitle: titles.get(p.kind)?.[locale] ?? p.kind, action: p.action })),
      trainingExample: e.trainingExample,
      product: e.product,
      category: e.category,
      version: e.version,
      createdAt: e.createdAt,
      createdBy: e.createdBy,
      updatedAt: e.updatedAt,
      updatedBy: e.updatedBy,
      entity: e,
    });
    return view;
  }
}

export const LessonConnection = ConnectionType(ClosingEvaluationView, 'Lesson');

export const RecordClosingEvaluationResult = createUnionType({
  name: 'RecordClosingEvaluationResult',
  description: 'The evaluation as stored, or why not (then nothing changed).',
  types: () => [ClosingEvaluationView, ValidationError, NotFoundError, ConflictError, NotAllowedError] as const,
});
