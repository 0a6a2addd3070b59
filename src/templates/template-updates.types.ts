import { GraphQLJSONObject } from 'graphql-scalars';
import { createUnionType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorCode } from '../shared/errors/error-code';
import { ErrorResult, NotFoundError, ValidationError } from '../shared/errors/error-results';
import type { Locale } from '../shared/i18n/locale';
import { SignatureInput } from '../signatures';
import { SignatureError } from '../signatures';
import { BreakingChangeUnconfirmed, Compatibility, TemplateChange, TemplateInvalidError, TemplateKindEnum, TemplateVersionInfo } from './template-admin.types';

export enum TemplatesModeEnum {
  DATABASE = 'database',
  FILES = 'files',
}
registerEnumType(TemplatesModeEnum, {
  name: 'TemplatesMode',
  description: 'How this deployment manages templates (TEMPLATES_MODE).',
  valuesConfig: {
    DATABASE: { description: 'The shipped set seeds each tenant once; admins change templates through the API; newer shipped versions are offered as updates.' },
    FILES: { description: 'TEMPLATES_DIR is the source: its files are published at every start; the API refuses template edits (TEMPLATES_MANAGED_AS_FILES).' },
  },
});

export enum TemplateUpdateStatus {
  UPDATED = 'UPDATED',
  NEW = 'NEW',
}
registerEnumType(TemplateUpdateStatus, {
  name: 'TemplateUpdateStatus',
  valuesConfig: {
    UPDATED: { description: 'The shipped set has another version of a template the tenant still uses as shipped.' },
    NEW: { description: 'The shipped set has a template the tenant does not have at all.' },
  },
});

@ObjectType({ description: 'A version of the shipped set (TEMPLATES_DIR as loaded at start) that the tenant can adopt.' })
export class TemplateUpdate {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field(() => TemplateUpdateStatus)
  status!: TemplateUpdateStatus;

  @Field(() => Int, { nullable: true, description: "The tenant's latest version (as shipped, unchanged since); null for a NEW template. Pass it to adoptTemplateUpdate." })
  currentVersion!: number | null;

  @Field(() => String, { nullable: true, description: "SHA-256 of the tenant's latest version; null for a NEW template." })
  currentContentHash!: string | null;

  @Field({ description: 'SHA-256 of the shipped content. Pass it to adoptTemplateUpdate: what you reviewed is what gets published.' })
  shippedContentHash!: string;

  @Field(() => Compatibility, { description: 'BREAKING: adopting it needs confirmBreaking and a reason. A NEW template is COMPATIBLE.' })
  compatibility!: Compatibility;

  @Field(() => [TemplateChange], { description: "From the tenant's latest version to the shipped one, each change classified as in diffTemplateVersions; empty for a NEW template." })
  changes!: TemplateChange[];

  @Field(() => GraphQLJSONObject, { description: 'The shipped content, as adopting it would publish it.' })
  content!: Record<string, unknown>;
}

@ObjectType({ description: 'How templates are managed here, and the updates of the shipped set the tenant can adopt.' })
export class TemplateUpdates {
  @Field(() => TemplatesModeEnum)
  mode!: TemplatesModeEnum;

  @Field(() => [TemplateUpdate], {
    description:
      'Templates of the shipped set that differ from what the tenant has, for templates the tenant still uses as shipped (its latest version is SHIPPED, or FILES) and templates new in the set. ' +
      'A template the tenant changed (its latest version was published through the API or imported) is not offered: its admins own it; diff the files against it outside the API (npm run templates -- diff). ' +
      'Always empty in files mode (the files are published at every start).',
  })
  updates!: TemplateUpdate[];
}

@InputType()
export class AdoptTemplateUpdateInput {
  @Field(() => TemplateKindEnum)
  kind!: TemplateKindEnum;

  @Field()
  key!: string;

  @Field({ description: 'TemplateUpdate.shippedContentHash of the update you reviewed; another gives TemplateUpdateStaleError.' })
  shippedContentHash!: string;

  @Field(() => Int, { nullable: true, description: 'TemplateUpdate.currentVersion you reviewed (null for a NEW template); another gives TemplateUpdateStaleError.' })
  currentVersion?: number | null;

  @Field({ defaultValue: false, description: 'Required (with a reason) to adopt a BREAKING update.' })
  confirmBreaking!: boolean;

  @Field(() => String, { nullable: true, description: 'Why; required with confirmBreaking, at most 2000 characters. Stored with the version, as a publication\'s reason is.' })
  reason?: string | null;

  @Field(() => SignatureInput, { nullable: true, description: "The adopter's electronic signature, when the organization's changeControl.publicationSignature asks for one (as for publishTemplate)." })
  signature?: SignatureInput | null;
}

@ObjectType({ implements: ErrorResult, description: 'The update changed since you read it: the tenant published a version or the server now ships another one. Read templateUpdates again.' })
export class TemplateUpdateStaleError extends ErrorResult {
  @Field(() => Int, { nullable: true, description: "The tenant's latest version now; null when it has none." })
  currentVersion!: number | null;

  @Field({ description: 'The hash of the shipped content now.' })
  shippedContentHash!: string;

  constructor(currentVersion: number | null, shippedContentHash: string, locale: Locale) {
    super();
    this.code = ErrorCode.CONFLICT;
    this.message =
      locale === 'zh-CN'
        ? '模板更新在你查看之后已变化（租户发布了新版本，或随附模板已更换），请重新查询 templateUpdates'
        : 'The update changed since you read it (the tenant published a version, or the shipped set changed): read templateUpdates again';
    this.currentVersion = currentVersion;
    this.shippedContentHash = shippedContentHash;
  }
}

export const AdoptTemplateUpdateResult = createUnionType({
  name: 'AdoptTemplateUpdateResult',
  types: () => [TemplateVersionInfo, TemplateUpdateStaleError, BreakingChangeUnconfirmed, TemplateInvalidError, NotFoundError, ValidationError, SignatureError] as const,
});
