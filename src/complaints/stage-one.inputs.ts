import { Field, Float, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { SignatureInput } from '../signatures';

/** Every step names the complaint and the version that was read; steps that need nothing more take just this. */
@InputType({ description: 'A complaint and the version you read.' })
export class ComplaintStepInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale one gives CONFLICT and changes nothing.' })
  version!: number;
}

@InputType({ description: "Accept the complaint as justified, classify it and route it. Severity and department default to the type's rules; overriding either needs a reason." })
export class AcceptComplaintInput extends ComplaintStepInput {
  @Field({ description: "Category key from the type's tree." })
  category!: string;

  @Field(() => String, { nullable: true, description: 'Severity key; omitted: the rules decide.' })
  severity?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the severity differs from what the rules propose.' })
  severityReason?: string | null;

  @Field(() => String, { nullable: true, description: 'Responsible department key; omitted: the routing rules decide.' })
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the department differs from what the routing rules propose.' })
  departmentReason?: string | null;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@InputType({ description: 'Reject the complaint as unjustified, with the reply sent to the customer.' })
export class RejectComplaintInput extends ComplaintStepInput {
  @Field({ description: "Reason code from the workflow's rejectionReasons, e.g. within-specification, not-our-product." })
  reasonCode!: string;

  @Field(() => String, { nullable: true, description: "The reply sent to the customer; omitted: the reason's reply text from the template, in the caller's language." })
  reply?: string | null;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@InputType({ description: 'Record a containment action (stop shipment, sort stock, replace ...); from an accepted complaint this starts containment.' })
export class AddContainmentActionInput extends ComplaintStepInput {
  @Field()
  description!: string;

  @Field(() => String, { nullable: true, description: 'Who is responsible (a user or API key of the tenant, enabled / not revoked: `user:<uuid>`, `api-key:<uuid>`, the bare uuid or its global ID; stored as `user:<uuid>` / `api-key:<uuid>`); defaults to the complaint owner, else the caller.' })
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Due date, YYYY-MM-DD.' })
  dueDate?: string | null;
}

@InputType({ description: "Propose a remedy of one of the organization's remedy types." })
export class ProposeRemedyInput extends ComplaintStepInput {
  @Field({ description: 'Remedy type key, e.g. exchange, compensation.' })
  type!: string;

  @Field(() => Int, { nullable: true })
  quantity?: number | null;

  @Field(() => Float, { nullable: true, description: 'Required by remedy types that carry an amount.' })
  amount?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217; defaults to the organization currency.' })
  currency?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType({ description: 'Record how the customer was told of the decision.' })
export class NotifyCustomerInput extends ComplaintStepInput {
  @Field({ description: 'phone, email, web, social-media, visit, internal ...' })
  channel!: string;

  @Field()
  text!: string;
}

@InputType({ description: "The customer's satisfaction with the handling (ISO 10002 9.x); a rejected decision is recorded too (8.9)." })
export class RecordCustomerFeedbackInput extends ComplaintStepInput {
  @Field(() => Int, { description: '1 (very dissatisfied) to 5 (very satisfied).' })
  satisfaction!: number;

  @Field({ description: 'Whether the customer accepts the resolution.' })
  acceptsResolution!: boolean;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@InputType({ description: 'Reopen a closed or rejected complaint.' })
export class ReopenComplaintInput extends ComplaintStepInput {
  @Field()
  reason!: string;
}

export enum ApprovalDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ApprovalDecision, { name: 'ApprovalDecision' });

@InputType({ description: 'An approver\'s decision on the current step of the remedy approval route.' })
export class DecideApprovalInput extends ComplaintStepInput {
  @Field(() => ApprovalDecision)
  decision!: ApprovalDecision;

  @Field(() => String, { nullable: true, description: 'Why; recorded with who and when.' })
  comment?: string | null;

  @Field(() => SignatureInput, { nullable: true, description: "Electronic signature of the decision; required where the route's step requires one." })
  signature?: SignatureInput | null;
}

@InputType({ description: 'Give the complaint an owner, and optionally move it to another department (with a reason).' })
export class AssignComplaintInput extends ComplaintStepInput {
  @Field(() => String, { nullable: true, description: 'Who owns the complaint (a user or API key of the tenant, enabled / not revoked: `user:<uuid>`, `api-key:<uuid>`, the bare uuid or its global ID; stored as `user:<uuid>` / `api-key:<uuid>`).' })
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Department key to move the complaint to.' })
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'Why; required when the department changes.' })
  reason?: string | null;
}

@InputType({ description: 'Reclassify an accepted complaint (the workflow requires a reason).' })
export class ClassifyComplaintInput extends ComplaintStepInput {
  @Field()
  category!: string;

  @Field(() => String, { nullable: true, description: 'Severity key; omitted: the rules decide for the new category.' })
  severity?: string | null;

  @Field()
  reason!: string;
}

@InputType({ description: 'Close a complaint whose customer did not give feedback, or disputes the resolution (ISO 10002 8.9: record that the customer was told of other recourse).' })
export class CloseComplaintInput extends ComplaintStepInput {
  @Field({ description: 'Why it is closed without the customer accepting, e.g. the decision stands and the customer was told of other recourse.' })
  reason!: string;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@InputType({ description: "Decide whether stage 2 (an investigation) is needed, overriding the type's rule where it allows (21 CFR 820.198(b): a decision against needs the reason and who decided)." })
export class DecideInvestigationInput extends ComplaintStepInput {
  @Field({ description: "true: an investigation is needed; false: not needed. Against the rules (needed where they make it not needed or the type has no stage 2, or not needed where they require one) only for the roles the organization's investigationOverrides name: RULE_FORBIDS_INVESTIGATION / RULE_REQUIRES_INVESTIGATION at /required otherwise." })
  required!: boolean;

  @Field()
  reason!: string;

  @Field(() => String, { nullable: true, description: "When the decision overrides the stage-2 rules: a reason code of the organization's investigationOverrides.reasons (required when it lists any)." })
  overrideReasonCode?: string | null;
}
