import { defineFeature, resolver } from '../shared/feature-module';
import { entities } from './entities';
import { TemplateAdminResolver } from './template-admin.resolver';
import type { TemplateAdminService } from './template-admin.service';
import { TemplateUpdatesResolver } from './template-updates.resolver';
import type { TemplateUpdatesService } from './template-updates.service';
import { TemplateResolver } from './template.resolver';
import type { TemplateService } from './template.service';

/** What the resolvers of templates are made from (the composition root's services provide it). */
export interface TemplatesDeps {
  templates: TemplateService;
  templateAdmin: TemplateAdminService;
  templateUpdates: TemplateUpdatesService;
}

/** Templates: reading, administration and updates of the shipped set, for the composition root (src/features.ts). */
export const templatesModule = defineFeature<TemplatesDeps>({
  name: 'templates',
  entities,
  resolvers: [
    resolver(TemplateResolver, (d) => new TemplateResolver(d.templates)),
    resolver(TemplateAdminResolver, (d) => new TemplateAdminResolver(d.templates, d.templateAdmin, d.templateUpdates)),
    resolver(TemplateUpdatesResolver, (d) => new TemplateUpdatesResolver(d.templates, d.templateUpdates)),
  ],
});
