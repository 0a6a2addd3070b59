import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { createUnionType, Field, ID, Int, ObjectType } from 'type-graphql';
import { NotFoundError } from '../shared/errors/error-results';
import { TemplateInvalidError } from './template-admin.types';

@ObjectType({ description: "What the complaint type's rules decide for a complaint, from its pinned template version." })
export class ProposedHandling {
  @Field({ description: 'Severity key: the classified one, else the first matching severity rule, else the default.' })
  severity!: string;

  @Field({ description: 'Responsible department key from the routing rules.' })
  department!: string;

  @Field({ description: 'Stage 2 (8D): required, optional or not-needed by the rules; never when the type has no stage 2.' })
  investigation!: string;

  @Field(() => String, { nullable: true, description: 'Key of the investigation template stage 2 uses; null when the type has no stage 2.' })
  investigationTemplate!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'SLA targets of both stages for this severity: {response: {acknowledge, respond, close}, investigation: {containment, rootCause, closure}}.' })
  sla!: Record<string, unknown>;

  @Field()
  approvalRoute!: string;

  @Field()
  escalationPolicy!: string;
}

@ObjectType({ description: 'One decision that would change.' })
export class DryRunChange {
  @Field({ description: 'severity, department, investigation, investigationTemplate, sla, approvalRoute, escalationPolicy or dataValid.' })
  field!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after!: unknown;
}

@ObjectType()
export class DryRunComplaint {
  @Field(() => ID)
  complaintId!: string;

  @Field()
  number!: string;

  @Field(() => Int, { description: 'The version the complaint is pinned to (compared against the draft).' })
  templateVersion!: number;

  @Field(() => [DryRunChange])
  changes!: DryRunChange[];
}

@ObjectType({ description: "What publishing a complaint type's draft would change for the tenant's recent complaints of that type." })
export class TemplateDryRun {
  @Field(() => Int, { description: 'Complaints evaluated (most recent first).' })
  evaluated!: number;

  @Field(() => Int)
  changed!: number;

  @Field(() => [DryRunComplaint], { description: 'Only the complaints for which something would change.' })
  complaints!: DryRunComplaint[];
}

export const DryRunTemplateResult = createUnionType({
  name: 'DryRunTemplateResult',
  types: () => [TemplateDryRun, TemplateInvalidError, NotFoundError] as const,
});
