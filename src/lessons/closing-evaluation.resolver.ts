import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Complaint } from '../complaints';
import { Investigation } from '../investigations';
import type { Context } from '../shared/request-context';
import type { ClosingEvaluationService } from './closing-evaluation.service';
import { LessonFilter, RecordClosingEvaluationInput } from './closing-evaluation.inputs';
import { ClosingEvaluationView, LessonConnection, RecordClosingEvaluationResult } from './closing-evaluation.results';

@ArgsType()
class LessonsArgs {
  @Field(() => LessonFilter, { nullable: true })
  filter?: LessonFilter | null;

  @Field(() => Int, { defaultValue: 20, description: '1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  after?: string | null;
}

/** Closing evaluations (总结评价) and the lessons search. */
@Resolver(() => ClosingEvaluationView)
export class ClosingEvaluationResolver {
  constructor(
    private readonly closingEvaluationService: ClosingEvaluationService,
  ) {}

  @Mutation(() => RecordClosingEvaluationResult, {
    description:
      'Records or edits (with `version`) the closing evaluation of a complaint at its closing step or closed, or of an investigation at its effectiveness check or closed; appends closing_evaluation.recorded / closing_evaluation.updated with before and after. A workflow transition can require it (`requires: ["closingEvaluation"]`).',
  })
  recordClosingEvaluation(@Arg('input') input: RecordClosingEvaluationInput, @Ctx() ctx: Context): Promise<typeof RecordClosingEvaluationResult> {
    return this.closingEvaluationService.record(ctx, input);
  }

  @Query(() => LessonConnection, { description: 'Lessons learned across complaints and investigations, newest change first, filtered by text (Chinese substrings; other scripts case-insensitively), product, category, prevention kind and training example.' })
  lessons(@Args() args: LessonsArgs, @Ctx() ctx: Context) {
    return this.closingEvaluationService.search(ctx, args.filter, args);
  }

  @FieldResolver(() => Complaint, { nullable: true, description: 'The complaint evaluated (null for an investigation).' })
  complaint(@Root() view: ClosingEvaluationView, @Ctx() ctx: Context): Promise<Complaint | null> {
    return view.entity.subjectType === 'Complaint' ? ctx.em.findOne(Complaint, { id: view.entity.subjectId }) : Promise.resolve(null);
  }

  @FieldResolver(() => Investigation, { nullable: true, description: 'The investigation evaluated (null for a complaint).' })
  investigation(@Root() view: ClosingEvaluationView, @Ctx() ctx: Context): Promise<Investigation | null> {
    return view.entity.subjectType === 'Investigation' ? ctx.em.findOne(Investigation, { id: view.entity.subjectId }) : Promise.resolve(null);
  }
}

@Resolver(() => Complaint)
export class ComplaintEvaluationResolver {
  constructor(
    private readonly closingEvaluationService: ClosingEvaluationService,
  ) {}

  @FieldResolver(() => ClosingEvaluationView, { nullable: true, description: 'Its closing evaluation (总结评价), once recorded.' })
  closingEvaluation(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<ClosingEvaluationView | null> {
    return this.closingEvaluationService.of(ctx, 'Complaint', complaint.id);
  }
}

@Resolver(() => Investigation)
export class InvestigationEvaluationResolver {
  constructor(
    private readonly closingEvaluationService: ClosingEvaluationService,
  ) {}

  @FieldResolver(() => ClosingEvaluationView, { nullable: true, description: 'Its closing evaluation (总结评价), once recorded.' })
  closingEvaluation(@Root() investigation: Investigation, @Ctx() ctx: Context): Promise<ClosingEvaluationView | null> {
    return this.closingEvaluationService.of(ctx, 'Investigation', investigation.id);
  }
}
