import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { SignatureInput } from '../signatures';

@InputType({ description: 'Open an investigation (stage 2) for one or more complaints that share a cause, or standalone (an internal nonconformance).' })
export class OpenInvestigationInput {
  @Field({ description: 'What is investigated, e.g. "Hole position off on BRK-2041".' })
  title!: string;

  @Field(() => [ID], { nullable: true, description: 'Complaints it answers; their types, severity and department apply (the first one decides).' })
  complaintIds?: string[] | null;

  @Field(() => String, { nullable: true, description: "Investigation template key (8d, 3d ...); default: the first complaint's rule, required for a standalone one." })
  templateKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Severity key, for a standalone investigation.' })
  severity?: string | null;

  @Field(() => String, { nullable: true, description: 'Responsible department key, for a standalone investigation.' })
  department?: string | null;

  @Field(() => String, { nullable: true, description: "Who leads it (a user or API key of the tenant, enabled / not revoked: `user:<uuid>` (as `me.id` gives it), `api-key:<uuid>`, the bare uuid or its global ID; stored as `user:<uuid>` / `api-key:<uuid>`); must be at or above the template's leader level by their level or roles." })
  leaderId?: string | null;

  @Field(() => String, { nullable: true, description: 'The champion (a user or API key of the tenant, enabled / not revoked: `user:<uuid>` (as `me.id` gives it), `api-key:<uuid>`, the bare uuid or its global ID; stored as `user:<uuid>` / `api-key:<uuid>`).' })
  championId?: string | null;

  @Field(() => String, { nullable: true, description: "Why it is opened (recorded on each link), e.g. \"third similar case\". Required when it overrides the stage-2 rules (a complaint whose rules make it not needed or whose type has no stage 2): only the roles the organization's investigationOverrides.open names may, else RULE_FORBIDS_INVESTIGATION at /complaintIds/<i>." })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: "When opening it overrides the stage-2 rules: a reason code of the organization's investigationOverrides.reasons (required when it lists any)." })
  overrideReasonCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why a further investigation is opened for complaints that already have an open one (e.g. a second, independent cause); recorded in the investigation.opened event. Without it such a request is refused with INVESTIGATION_ALREADY_OPEN.',
  })
  secondInvestigationReason?: string | null;
}

@InputType({ description: 'An investigation and the version you read.' })
export class InvestigationStepInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;
}

@InputType()
export class LinkComplaintsInput extends InvestigationStepInput {
  @Field(() => [ID])
  complaintIds!: string[];

  @Field({ description: 'Why they share the cause (a recorded decision).' })
  reason!: string;

  @Field(() => String, { nullable: true, description: "When linking a complaint overrides the stage-2 rules (its rules make an investigation not needed or its type has no stage 2; only the roles the organization's investigationOverrides.open names, else RULE_FORBIDS_INVESTIGATION at /complaintIds/<i>): a reason code of investigationOverrides.reasons (required when it lists any)." })
  overrideReasonCode?: string | null;
}

@InputType()
export class UnlinkComplaintInput extends InvestigationStepInput {
  @Field(() => ID)
  complaintId!: string;

  @Field()
  reason!: string;
}

@InputType({ description: 'A team member (D1): a principal and their role in the team.' })
export class TeamMemberInput {
  @Field({ description: 'The member (a user or API key of the tenant, enabled / not revoked: `user:<uuid>` (as `me.id` gives it), `api-key:<uuid>`, the bare uuid or its global ID; stored as `user:<uuid>` / `api-key:<uuid>`).' })
  principalId!: string;

  @Field({ description: 'e.g. process engineer, quality engineer, operator.' })
  role!: string;
}

@InputType({ description: 'The leader, champion and team (D1).' })
export class SetInvestigationTeamInput extends InvestigationStepInput {
  @Field({ description: "Who leads it (a user or API key of the tenant, enabled / not revoked: `user:<uuid>` (as `me.id` gives it), `api-key:<uuid>`, the bare uuid or its global ID; stored as `user:<uuid>` / `api-key:<uuid>`); must be at or above the investigation's leader level by their level or roles." })
  leaderId!: string;

  @Field(() => String, { nullable: true, description: 'The champion (a user or API key of the tenant, enabled / not revoked: `user:<uuid>` (as `me.id` gives it), `api-key:<uuid>`, the bare uuid or its global ID; stored as `user:<uuid>` / `api-key:<uuid>`).' })
  championId?: string | null;

  @Field(() => [TeamMemberInput])
  members!: TeamMemberInput[];
}

@InputType({ description: 'A section of an investigation and the version of the section you read.' })
export class SectionStepInput {
  @Field(() => ID, { description: 'The investigation.' })
  investigationId!: string;

  @Field({ description: 'Section key, e.g. D4.' })
  section!: string;

  @Field(() => Int, { description: "The section's version." })
  version!: number;
}

@InputType({ description: "Save a section's draft: kept even when invalid (the problems are returned with it)." })
export class SaveSectionDraftInput extends SectionStepInput {
  @Field(() => GraphQLJSONObject)
  data!: Record<string, unknown>;
}

@InputType({ description: 'Sign a submitted section off (21 CFR 11.50: who, when and the meaning of the signature are recorded).' })
export class SignOffSectionInput extends SectionStepInput {
  @Field(() => String, { nullable: true, description: 'Meaning of the sign-off; default "approved", or the electronic signature\'s meaning when one is given (they must agree).' })
  meaning?: string | null;

  @Field(() => String, { nullable: true })
  comment?: string | null;

  @Field(() => SignatureInput, { nullable: true, description: "Electronic signature of the sign-off; required where the section's template requires one." })
  signature?: SignatureInput | null;
}

@InputType()
export class ReopenSectionInput extends SectionStepInput {
  @Field()
  reason!: string;
}

@InputType({ description: 'Schedule the effectiveness check once every section is signed off.' })
export class ScheduleEffectivenessCheckInput extends InvestigationStepInput {
  @Field({ description: 'YYYY-MM-DD.' })
  scheduledFor!: string;

  @Field({ description: 'What must hold, e.g. "zero recurrences in 3 months of deliveries".' })
  criteria!: string;
}

@InputType({ description: 'The effectiveness check result: passed closes the investigation, failed reopens the root-cause analysis with the evidence.' })
export class RecordEffectivenessResultInput extends InvestigationStepInput {
  @Field()
  passed!: boolean;

  @Field()
  evidence!: string;

  @Field(() => String, { nullable: true, description: "Why the result is recorded before the check's scheduled date (in the organization's time zone): required then, and kept on the check and its event." })
  reason?: string | null;

  @Field(() => SignatureInput, { nullable: true, description: "Electronic signature of the closure (a passed check); required where the template's closure requires one." })
  signature?: SignatureInput | null;
}

@InputType({ description: 'Close without completing (e.g. duplicate of another investigation, not reproducible), with the reason.' })
export class CloseInvestigationInput extends InvestigationStepInput {
  @Field()
  reason!: string;

  @Field(() => SignatureInput, { nullable: true, description: "Electronic signature of the closure; required where the template's closure requires one." })
  signature?: SignatureInput | null;
}

@InputType({ description: 'Investigations matching every given condition.' })
export class InvestigationFilter {
  @Field(() => [String], { nullable: true })
  statuses?: string[];

  @Field(() => [String], { nullable: true })
  templateKeys?: string[];

  @Field(() => [String], { nullable: true })
  departments?: string[];

  @Field(() => [String], { nullable: true })
  severities?: string[];

  @Field(() => String, { nullable: true, description: 'The leader, as `user:<uuid>`, `api-key:<uuid>`, the bare uuid or the global ID.' })
  leaderId?: string;

  @Field(() => ID, { nullable: true, description: 'Linked to this complaint.' })
  complaintId?: string;

  @Field({ nullable: true, description: 'true: some stage-2 SLA clock is running past its deadline; false: none is.' })
  overdue?: boolean;

  @Field({ nullable: true, description: 'Some running stage-2 SLA clock is due before this time.' })
  dueBefore?: Date;
}

@ArgsType()
export class InvestigationsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  first: number = 20;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => InvestigationFilter, { nullable: true })
  filter?: InvestigationFilter | null;
}
