import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import { entities } from './entities';
import { ExportResolver } from './export.resolver';
import type { ExportService } from './export.service';

/** What the resolvers of exports are made from (the composition root's services provide it). */
export interface ExportsDeps {
  templates: TemplateReader;
  exports: ExportService;
}

/** Download links of lists, statistics and charts, for the composition root (src/features.ts). */
export const exportsModule = defineFeature<ExportsDeps>({
  name: 'exports',
  entities,
  resolvers: [
    resolver(ExportResolver, (d) => new ExportResolver(d.templates, d.exports)),
  ],
});
