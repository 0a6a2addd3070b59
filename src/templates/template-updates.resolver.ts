import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requirePermission } from '../auth';
import type { Context } from '../shared/request-context';
import type { TemplateService } from './template.service';
import type { TemplateUpdatesService } from './template-updates.service';
import { refuseTemplateEditsInFilesMode } from './template-mode';
import { AdoptTemplateUpdateInput, AdoptTemplateUpdateResult, TemplateUpdates } from './template-updates.types';

/** Updates of the shipped template set: template.read to list them, template.publish to adopt one (FORBIDDEN otherwise). */
@Resolver()
export class TemplateUpdatesResolver {
  constructor(
    private readonly templateService: TemplateService,
    private readonly templateUpdatesService: TemplateUpdatesService,
  ) {}

  @Query(() => TemplateUpdates, { description: 'How templates are managed (TEMPLATES_MODE) and the versions of the shipped set the tenant can adopt.' })
  async templateUpdates(@Ctx() ctx: Context): Promise<TemplateUpdates> {
    await requirePermission(this.templateService, ctx, 'template.read');
    return this.templateUpdatesService.list(ctx);
  }

  @Mutation(() => AdoptTemplateUpdateResult, {
    description: 'Publishes the shipped version you reviewed (templateUpdates) as version N+1, checked as publishTemplate checks a draft. In files mode: TEMPLATES_MANAGED_AS_FILES.',
  })
  async adoptTemplateUpdate(@Arg('input') input: AdoptTemplateUpdateInput, @Ctx() ctx: Context): Promise<typeof AdoptTemplateUpdateResult> {
    await requirePermission(this.templateService, ctx, 'template.publish');
    refuseTemplateEditsInFilesMode(this.templateUpdatesService.mode, ctx.locale);
    return this.templateUpdatesService.adopt(ctx, input);
  }
}
