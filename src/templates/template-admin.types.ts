import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { createUnionType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConflictError, ErrorResult, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { SignatureInput } from '../signatures';
import { SignatureSummaryView } from '../signatures';
import { SignatureError } from '../signatures';
import type { Locale } from '../shared/i18n/locale';
import { ErrorCode } from '../shared/errors/error-code';
import type { TemplateKind as Kind } from '../shared/template-kinds';
import type { TemplateProblem as Problem } from './template-check';
import { TemplateSource } from './template-source';

export enum TemplateKindEnum {
  ORGANIZATION = 'organization',
  COMPLAINT_TYPE = 'complaint-type',
  INVESTIGATION = 'investigation',
  APPROVAL_ROUTE = 'approval-route',
  ESCALATION_POLICY = 'escalation-policy',
  WORKFLOW = 'workflow',
  MESSAGE = 'message',
}
registerEnumType(TemplateKindEnum, { name: 'TemplateKind', description: 'What a template configures; each kind has a meta-schema under schemas/.' });

export const kindOf = (k: TemplateKindEnum): Kind => k as unknown as Kind;

export enum ProblemSeverity {
  ERROR = 'error',
  WARNING = 'warning',
}
registerEnumType(ProblemSeverity, { name: 'ProblemSeverity' });

@ObjectType({ description: 'Something wrong with a template (ERROR: it cannot be published) or worth a look (WARNING).' })
export class TemplateProblem {
  @Field({ description: 'JSON pointer into the template content, e.g. /routing/rules/0/department.' })
  path!: string;

  @Field({ description: 'Stable code, e.g. REQUIRED, UNKNOWN_REFERENCE, REMOTE_REF, UNSAFE_REGEX, MISSING_TRANSLATION, SCHEMA_INVALID.' })
  code!: string;

  @Field()
  message!: string;

  @Field(() => ProblemSeverity)
  severity!: ProblemSeverity;
}

export const toProblemType = (p: Problem): TemplateProblem => ({ ...p, severity: p.severity as ProblemSeverity });

export enum Compatibility {
  COMPATIBLE = 'COMPATIBLE',
  BREAKING = 'BREAKING',
}
registerEnumType(Compatibility, { name: 'Compatibility', description: 'BREAKING: records valid under the old version may be invalid, or refer to something gone, under the new one.' });

@ObjectType({ description: 'How a version differs from the version before it (its diff counted at publication).' })
export class TemplateVersionDiffSummary {
  @Field(() => Int, { description: 'The version it is compared with: the one before it.' })
  against!: number;

  @Field(() => Compatibility)
  compatibility!: Compatibility;

  @Field(() => Int, { description: 'How many changes the diff lists.' })
  changes!: number;

  @Field(() => Int, { description: 'How many of them are breaking.' })
  breaking!: number;
}

@ObjectType({ description: 'One published, immutable version of a template.' })
export class TemplateVersionInfo {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field(() => Int)
  version!: number;

  @Field({ description: 'SHA-256 of the canonical content.' })
  contentHash!: string;

  @Field()
  publishedAt!: Date;

  @Field({ description: 'Principal that published it, or "system" for the shipped files.' })
  publishedBy!: string;

  @Field(() => String, { nullable: true, description: "The publisher's display name (a user) or name (an API key); System for the shipped files." })
  publishedByName!: string | null;

  @Field(() => TemplateSource, { description: 'Where it came from: the shipped set, an admin, an import, or the files (files mode).' })
  source!: TemplateSource;

  @Field(() => GraphQLJSONObject)
  content!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Why it was published, as the publisher said; required to confirm a breaking change.' })
  reason!: string | null;

  @Field(() => TemplateVersionDiffSummary, { nullable: true, description: 'How it differs from the version before it; null for the first version.' })
  diff!: TemplateVersionDiffSummary | null;

  @Field(() => SignatureSummaryView, { nullable: true, description: "The publication's electronic signature (organization changeControl.publicationSignature), if one was given." })
  signature!: SignatureSummaryView | null;
}

@ObjectType({ description: 'A template being edited. Saved even when invalid; its problems are listed.' })
export class TemplateDraftInfo {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field(() => Int, { nullable: true, description: 'The published version it started from; null for a new template.' })
  baseVersion!: number | null;

  @Field(() => Int, { description: 'Pass it back when updating or publishing the draft; a stale one gives CONFLICT.' })
  version!: number;

  @Field(() => GraphQLJSONObject)
  content!: Record<string, unknown>;

  @Field()
  updatedAt!: Date;

  @Field(() => [TemplateProblem], { description: 'Checked against the latest published templates of the tenant.' })
  problems!: TemplateProblem[];
}

@ObjectType({ description: 'Who retired a template, when and why.' })
export class TemplateRetirementInfo {
  @Field()
  retiredAt!: Date;

  @Field({ description: 'Principal that retired it.' })
  retiredBy!: string;

  @Field(() => String, { nullable: true, description: 'Their display name (a user) or name (an API key).' })
  retiredByName!: string | null;

  @Field()
  reason!: string;
}

@ObjectType({ description: 'A template key with its latest published version and whether a draft exists.' })
export class TemplateSummary {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field(() => Int, { nullable: true })
  latestVersion!: number | null;

  @Field()
  hasDraft!: boolean;

  @Field(() => TemplateRetirementInfo, { nullable: true, description: 'Set while the template is retired: no new records under it; records pinned to it keep working.' })
  retired!: TemplateRetirementInfo | null;
}

@ObjectType({ description: 'The result of checking a template without storing it.' })
export class TemplateValidation {
  @Field({ description: 'True when there is no ERROR problem.' })
  valid!: boolean;

  @Field(() => [TemplateProblem])
  problems!: TemplateProblem[];
}

@ObjectType({ implements: ErrorResult, description: 'The template has errors; nothing was published.' })
export class TemplateInvalidError extends ErrorResult {
  @Field(() => [TemplateProblem])
  problems!: TemplateProblem[];

  constructor(problems: TemplateProblem[]) {
    super();
    this.code = ErrorCode.VALIDATION_FAILED;
    this.message = `The template has ${problems.filter((p) => p.severity === ProblemSeverity.ERROR).length} error(s)`;
    this.problems = problems;
  }
}

@ObjectType({ implements: ErrorResult, description: 'A draft for this template already exists: update it instead.' })
export class DraftExistsError extends ErrorResult {
  @Field(() => Int)
  draftVersion!: number;

  constructor(draftVersion: number) {
    super();
    this.code = ErrorCode.CONFLICT;
    this.message = 'A draft of this template already exists';
    this.draftVersion = draftVersion;
  }
}

@InputType()
export class CreateTemplateDraftInput {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Initial content; omitted: a copy of the latest published version.' })
  content?: Record<string, unknown> | null;
}

@InputType()
export class UpdateTemplateDraftInput {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field(() => Int, { description: 'The draft version you read.' })
  version!: number;

  @Field(() => GraphQLJSONObject)
  content!: Record<string, unknown>;
}

@InputType()
export class PublishTemplateInput {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field(() => Int, { description: 'The draft version you reviewed.' })
  draftVersion!: number;

  @Field(() => Boolean, { nullable: true, description: 'Confirms a change the diff against the latest version calls BREAKING (give a reason); without it such a publication answers BreakingChangeUnconfirmed.' })
  confirmBreaking?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Why this version is published; stored with it. Required with confirmBreaking.' })
  reason?: string | null;

  @Field(() => SignatureInput, { nullable: true, description: "The publisher's electronic signature, when the organization's changeControl.publicationSignature asks for one." })
  signature?: SignatureInput | null;
}

@InputType()
export class ValidateTemplateInput {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field(() => GraphQLJSONObject)
  content!: Record<string, unknown>;
}

export const CreateTemplateDraftResult = createUnionType({
  name: 'CreateTemplateDraftResult',
  types: () => [TemplateDraftInfo, DraftExistsError, TemplateInvalidError] as const,
});

export const UpdateTemplateDraftResult = createUnionType({
  name: 'UpdateTemplateDraftResult',
  types: () => [TemplateDraftInfo, ConflictError, NotFoundError, TemplateInvalidError] as const,
});

export const PublishTemplateResult = createUnionType({
  name: 'PublishTemplateResult',
  types: () => [TemplateVersionInfo, TemplateInvalidError, ConflictError, NotFoundError, BreakingChangeUnconfirmed, ValidationError, SignatureError] as const,
});

export enum ChangeOp {
  ADDED = 'added',
  REMOVED = 'removed',
  CHANGED = 'changed',
}
registerEnumType(ChangeOp, { name: 'ChangeOp' });

@ObjectType({ description: 'One difference between two versions of a template.' })
export class TemplateChange {
  @Field({ description: 'JSON pointer (into the newer version; into the older one for removals).' })
  path!: string;

  @Field(() => ChangeOp)
  op!: ChangeOp;

  @Field(() => GraphQLJSON, { nullable: true })
  before?: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after?: unknown;

  @Field()
  breaking!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the change is breaking.' })
  reason!: string | null;
}

@ObjectType({ description: 'What changed between two versions of a template (or a version and the draft).' })
export class TemplateDiff {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field(() => Int)
  from!: number;

  @Field(() => Int, { nullable: true, description: 'Null: the draft.' })
  to!: number | null;

  @Field(() => Compatibility)
  compatibility!: Compatibility;

  @Field(() => [TemplateChange])
  changes!: TemplateChange[];
}

@ObjectType({ description: 'The outcome of an import: what was published, what was already identical.' })
export class ImportedTemplates {
  @Field(() => [TemplateVersionInfo])
  published!: TemplateVersionInfo[];

  @Field(() => Int, { description: 'Templates whose content equals their latest version: nothing published for them.' })
  unchanged!: number;
}

export const ImportTemplatesResult = createUnionType({
  name: 'ImportTemplatesResult',
  types: () => [ImportedTemplates, TemplateInvalidError, BreakingChangeUnconfirmed, ValidationError, SignatureError] as const,
});

@ObjectType({ implements: ErrorResult, description: 'The publication holds breaking changes and was not confirmed (confirmBreaking with a reason); nothing was published.' })
export class BreakingChangeUnconfirmed extends ErrorResult {
  @Field(() => [TemplateChange], { description: 'The breaking changes against the latest version (in an import: paths into the bundle, /templates/<i>/content/...).' })
  changes!: TemplateChange[];

  constructor(changes: TemplateChange[], locale: Locale = 'en') {
    super();
    this.code = ErrorCode.BREAKING_CHANGE_UNCONFIRMED;
    this.message =
      locale === 'zh-CN'
        ? `包含 ${changes.length} 项不兼容变更：请确认 (confirmBreaking) 并说明原因后再发布`
        : `${changes.length} breaking change(s): confirm them (confirmBreaking) and give a reason to publish`;
    this.changes = changes;
  }
}

@ObjectType({ description: 'Where a template names another: the referring template and the JSON pointer into it.' })
export class TemplateReference {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field({ description: 'JSON pointer into the referring template, e.g. /investigation/template.' })
  path!: string;
}

@ObjectType({ implements: ErrorResult, description: 'Templates in use (not retired) still refer to this one; nothing changed.' })
export class TemplateInUseError extends ErrorResult {
  @Field(() => [TemplateReference])
  usedBy!: TemplateReference[];

  constructor(usedBy: TemplateReference[], locale: Locale = 'en') {
    super();
    this.code = ErrorCode.TEMPLATE_IN_USE;
    this.message = locale === 'zh-CN' ? `仍有 ${usedBy.length} 处未停用的模板引用它：先修改或停用这些模板` : `${usedBy.length} reference(s) from templates in use: change or retire those first`;
    this.usedBy = usedBy;
  }
}

@InputType()
export class RetireTemplateInput {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field({ description: 'Why it is taken out of use; stored and in the event.' })
  reason!: string;
}

export const RetireTemplateResult = createUnionType({
  name: 'RetireTemplateResult',
  types: () => [TemplateSummary, NotFoundError, ValidationError, TemplateInUseError] as const,
});

export const ReinstateTemplateResult = createUnionType({
  name: 'ReinstateTemplateResult',
  types: () => [TemplateSummary, NotFoundError, ValidationError, TemplateInvalidError] as const,
});
