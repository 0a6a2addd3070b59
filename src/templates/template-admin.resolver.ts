import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requirePermission } from '../auth';
import type { Context } from '../shared/request-context';
import type { TemplateService } from './template.service';
import type { TemplateAdminService } from './template-admin.service';
import type { TemplateUpdatesService } from './template-updates.service';
import {
  CreateTemplateDraftInput,
  CreateTemplateDraftResult,
  ImportTemplatesResult,
  PublishTemplateInput,
  TemplateDiff,
  PublishTemplateResult,
  ReinstateTemplateResult,
  RetireTemplateInput,
  RetireTemplateResult,
  TemplateDraftInfo,
  TemplateKindEnum,
  TemplateSummary,
  TemplateValidation,
  TemplateVersionInfo,
  UpdateTemplateDraftInput,
  UpdateTemplateDraftResult,
  ValidateTemplateInput,
} from './template-admin.types';
import { DryRunTemplateResult } from './rules.types';
import { SignatureInput } from '../signatures';
import { refuseTemplateEditsInFilesMode } from './template-mode';

/** Template administration: the template.read, template.edit and template.publish permissions (FORBIDDEN otherwise); in files mode every edit is refused (TEMPLATES_MANAGED_AS_FILES). */
@Resolver()
export class TemplateAdminResolver {
  constructor(
    private readonly templateService: TemplateService,
    private readonly templateAdminService: TemplateAdminService,
    private readonly templateUpdatesService: TemplateUpdatesService,
  ) {}

  @Query(() => [TemplateSummary], { description: 'Every template key (of a kind) with its latest version, whether a draft exists, and whether it is retired.' })
  async templates(@Ctx() ctx: Context, @Arg('kind', () => TemplateKindEnum, { nullable: true }) kind?: TemplateKindEnum): Promise<TemplateSummary[]> {
    await requirePermission(this.templateService, ctx, 'template.read');
    return this.templateAdminService.list(ctx, kind);
  }

  @Query(() => TemplateVersionInfo, { description: 'A published version (the latest when none is given); NOT_FOUND otherwise.' })
  async template(
    @Arg('kind', () => TemplateKindEnum) kind: TemplateKindEnum,
    @Arg('key') key: string,
    @Ctx() ctx: Context,
    @Arg('version', () => Int, { nullable: true }) version?: number,
  ): Promise<TemplateVersionInfo> {
    await requirePermission(this.templateService, ctx, 'template.read');
    return this.templateAdminService.version(ctx, kind, key, version);
  }

  @Query(() => [TemplateVersionInfo], { description: 'Every published version of a template, oldest first.' })
  async templateVersions(@Arg('kind', () => TemplateKindEnum) kind: TemplateKindEnum, @Arg('key') key: string, @Ctx() ctx: Context): Promise<TemplateVersionInfo[]> {
    await requirePermission(this.templateService, ctx, 'template.read');
    return this.templateAdminService.versions(ctx, kind, key);
  }

  @Query(() => TemplateDraftInfo, { nullable: true, description: 'The draft of a template, with its problems; null when there is none.' })
  async templateDraft(@Arg('kind', () => TemplateKindEnum) kind: TemplateKindEnum, @Arg('key') key: string, @Ctx() ctx: Context): Promise<TemplateDraftInfo | null> {
    await requirePermission(this.templateService, ctx, 'template.read');
    return this.templateAdminService.draft(ctx, kind, key);
  }

  @Mutation(() => TemplateValidation, { description: 'Checks a template against its meta-schema, the save gate and the published templates; stores nothing.' })
  async validateTemplate(@Arg('input') input: ValidateTemplateInput, @Ctx() ctx: Context): Promise<TemplateValidation> {
    await requirePermission(this.templateService, ctx, 'template.edit');
    return this.templateAdminService.validate(ctx, input);
  }

  @Query(() => DryRunTemplateResult, { description: "What publishing a complaint type's draft would change for recent complaints of that type; changes nothing." })
  async dryRunTemplate(
    @Arg('key', { description: 'Complaint type key whose draft to evaluate.' }) key: string,
    @Ctx() ctx: Context,
    @Arg('limit', () => Int, { defaultValue: 200, description: 'How many recent complaints, 1 to 1000.' }) limit: number,
  ): Promise<typeof DryRunTemplateResult> {
    await requirePermission(this.templateService, ctx, 'template.read');
    return this.templateAdminService.dryRun(ctx, key, limit);
  }

  @Query(() => TemplateDiff, { description: 'What changed from one version to another (or to the draft), each change classified as breaking or compatible.' })
  async diffTemplateVersions(
    @Arg('kind', () => TemplateKindEnum) kind: TemplateKindEnum,
    @Arg('key') key: string,
    @Arg('from', () => Int) from: number,
    @Ctx() ctx: Context,
    @Arg('to', () => Int, { nullable: true, description: 'Omitted: the draft.' }) to?: number,
  ): Promise<TemplateDiff> {
    await requirePermission(this.templateService, ctx, 'template.read');
    return this.templateAdminService.diff(ctx, kind, key, from, to);
  }

  @Query(() => GraphQLJSONObject, { description: 'The latest version of every template (of the given kinds), in the format importTemplates takes.' })
  async exportTemplates(@Ctx() ctx: Context, @Arg('kinds', () => [TemplateKindEnum], { nullable: true }) kinds?: TemplateKindEnum[]): Promise<Record<string, unknown>> {
    await requirePermission(this.templateService, ctx, 'template.read');
    return this.templateAdminService.exportBundle(ctx, kinds) as unknown as Promise<Record<string, unknown>>;
  }

  @Mutation(() => ImportTemplatesResult, {
    description:
      'Checks a bundle from exportTemplates as a set and publishes every changed template, or nothing when any has an error, a breaking change is not confirmed, or a required publication signature is missing.',
  })
  async importTemplates(
    @Arg('bundle', () => GraphQLJSONObject) bundle: Record<string, unknown>,
    @Ctx() ctx: Context,
    @Arg('confirmBreaking', () => Boolean, { nullable: true, description: 'Confirms the breaking changes of every template in the bundle (give a reason).' }) confirmBreaking?: boolean,
    @Arg('reason', () => String, { nullable: true, description: 'Why; stored with each version published. Required with confirmBreaking.' }) reason?: string,
    @Arg('signature', () => SignatureInput, { nullable: true, description: "The publisher's electronic signature, when the organization's changeControl.publicationSignature asks for one." }) signature?: SignatureInput,
  ): Promise<typeof ImportTemplatesResult> {
    await requirePermission(this.templateService, ctx, 'template.publish');
    refuseTemplateEditsInFilesMode(this.templateUpdatesService.mode, ctx.locale);
    return this.templateAdminService.importBundle(ctx, bundle, { confirmBreaking, reason, signature });
  }

  @Mutation(() => CreateTemplateDraftResult, { description: 'Starts editing a template (new, or from its latest version).' })
  async createTemplateDraft(@Arg('input') input: CreateTemplateDraftInput, @Ctx() ctx: Context): Promise<typeof CreateTemplateDraftResult> {
    await requirePermission(this.templateService, ctx, 'template.edit');
    refuseTemplateEditsInFilesMode(this.templateUpdatesService.mode, ctx.locale);
    return this.templateAdminService.createDraft(ctx, input);
  }

  @Mutation(() => UpdateTemplateDraftResult, { description: 'Replaces the content of a draft, given the draft version you read.' })
  async updateTemplateDraft(@Arg('input') input: UpdateTemplateDraftInput, @Ctx() ctx: Context): Promise<typeof UpdateTemplateDraftResult> {
    await requirePermission(this.templateService, ctx, 'template.edit');
    refuseTemplateEditsInFilesMode(this.templateUpdatesService.mode, ctx.locale);
    return this.templateAdminService.updateDraft(ctx, input);
  }

  @Mutation(() => PublishTemplateResult, {
    description: 'Publishes a draft without errors as a new immutable version; a breaking change needs confirmBreaking and a reason, and the organization may require a signature.',
  })
  async publishTemplate(@Arg('input') input: PublishTemplateInput, @Ctx() ctx: Context): Promise<typeof PublishTemplateResult> {
    await requirePermission(this.templateService, ctx, 'template.publish');
    refuseTemplateEditsInFilesMode(this.templateUpdatesService.mode, ctx.locale);
    return this.templateAdminService.publish(ctx, input);
  }

  @Mutation(() => RetireTemplateResult, {
    description:
      'Takes a template out of use: no new complaints under a retired complaint type, no new investigations under a retired investigation template; records pinned to it keep working. Refused for the organization and while templates in use refer to it.',
  })
  async retireTemplate(@Arg('input') input: RetireTemplateInput, @Ctx() ctx: Context): Promise<typeof RetireTemplateResult> {
    await requirePermission(this.templateService, ctx, 'template.publish');
    return this.templateAdminService.retire(ctx, input);
  }

  @Mutation(() => ReinstateTemplateResult, { description: 'Puts a retired template back in use; refused while it refers to a retired template.' })
  async reinstateTemplate(@Arg('kind', () => TemplateKindEnum) kind: TemplateKindEnum, @Arg('key') key: string, @Ctx() ctx: Context): Promise<typeof ReinstateTemplateResult> {
    await requirePermission(this.templateService, ctx, 'template.publish');
    return this.templateAdminService.reinstate(ctx, kind, key);
  }
}
