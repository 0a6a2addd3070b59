import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A preventive action the evaluation proposes.' })
export class PreventionInput {
  @Field({ description: 'A prevention kind key of the organization template (see preventionKinds), e.g. design, process, supplier, training.' })
  kind!: string;

  @Field({ description: 'What to do (1 to 2000 characters).' })
  action!: string;
}

@InputType({ description: 'The closing evaluation (总结评价) of a complaint (at its closing step or closed) or an investigation (at its effectiveness check or closed).' })
export class RecordClosingEvaluationInput {
  @Field(() => ID, { description: 'Global ID of the complaint or investigation.' })
  subjectId!: string;

  @Field(() => Int, { nullable: true, description: 'The version read, to edit an existing evaluation; omit to record the first one. A stale or missing one gives CONFLICT.' })
  version?: number | null;

  @Field({ description: 'What went well (at most 10000 characters; may be empty).' })
  wentWell!: string;

  @Field({ description: 'What went wrong (at most 10000 characters; may be empty).' })
  wentWrong!: string;

  @Field({ description: 'Lessons learned (1 to 10000 characters).' })
  lessonsLearned!: string;

  @Field(() => [PreventionInput], { description: 'Proposed prevention (at most 20).' })
  prevention!: PreventionInput[];

  @Field({ description: 'Whether the case becomes a training example.' })
  trainingExample!: boolean;
}

@InputType({ description: 'Which lessons to find; every given field must match.' })
export class LessonFilter {
  @Field(() => String, { nullable: true, description: 'A substring of the texts or proposed actions: Chinese as written, other scripts case-insensitively (1 to 200 characters).' })
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact part number (of the complaint: intakeFields.partNumber of its type, by default data.product.partNumber).' })
  product?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact category key.' })
  category?: string | null;

  @Field(() => String, { nullable: true, description: 'A prevention kind key the evaluation proposes.' })
  preventionKind?: string | null;

  @Field(() => Boolean, { nullable: true })
  trainingExample?: boolean | null;
}
