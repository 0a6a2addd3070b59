import { Field, ID, InputType, Int } from 'type-graphql';
import { SignatureInput } from '../signatures';
import { ResponsibilityKind } from './accountability.results';

@InputType({ description: 'One responsible party: a department, optionally people of it, the kind of responsibility and its share.' })
export class ResponsiblePartyInput {
  @Field({ description: 'A department key of the organization template.' })
  department!: string;

  @Field(() => [ID], { defaultValue: [], description: 'The users responsible, each as a User global ID, `user:<uuid>` (as `me.id` gives it) or the bare uuid (their printed names are kept as they are now).' })
  people!: string[];

  @Field(() => ResponsibilityKind)
  kind!: ResponsibilityKind;

  @Field({ description: 'Share in percent as a decimal string, at most 2 decimals, greater than 0 ("60", "33.33"); the shares of all parties sum to exactly 100.' })
  share!: string;
}

@InputType({ description: 'Decides who is responsible for the cause of a complaint, at or after its stage-1 close or from a linked investigation whose root cause is signed off.' })
export class DecideResponsibilityInput {
  @Field(() => ID)
  complaintId!: string;

  @Field(() => ID, { nullable: true, description: 'The linked investigation whose signed-off root cause it rests on; omit to decide on the closed complaint (stage-1 close).' })
  investigationId?: string | null;

  @Field(() => [ResponsiblePartyInput], { description: '1 to 20 parties, each department at most once.' })
  parties!: ResponsiblePartyInput[];

  @Field({ description: 'The evidence and reasoning (1 to 4000 characters).' })
  evidence!: string;
}

@InputType({ description: 'Replaces the responsibility decision of a complaint; the earlier one stays in its history, its consequences are superseded and new ones proposed.' })
export class ReviseResponsibilityInput {
  @Field(() => ID)
  complaintId!: string;

  @Field(() => Int, { description: "The decision's version as read." })
  version!: number;

  @Field(() => [ResponsiblePartyInput])
  parties!: ResponsiblePartyInput[];

  @Field()
  evidence!: string;

  @Field({ description: 'Why it is revised (1 to 2000 characters).' })
  reason!: string;
}

@InputType({ description: "A decision on a consequence's current approval step." })
export class DecideConsequenceInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'true approves the step; false rejects the consequence.' })
  approve!: boolean;

  @Field({ description: 'Why (1 to 2000 characters).' })
  reason!: string;

  @Field(() => SignatureInput, { nullable: true, description: "The approver's electronic signature, where the step takes one (required where its route says so)." })
  signature?: SignatureInput | null;
}

@InputType({ description: 'The one appeal against an effective consequence, by the person concerned or the head of their department on their behalf.' })
export class AppealConsequenceInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Grounds of the appeal (1 to 2000 characters).' })
  reason!: string;
}

@InputType({ description: 'The decision on an appeal, by a role the accountability policy names.' })
export class DecideAppealInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'true upholds the consequence; false overturns it.' })
  uphold!: boolean;

  @Field({ description: 'Why (1 to 2000 characters).' })
  reason!: string;
}
