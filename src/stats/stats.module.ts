import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import { entities } from './entities';
import { StatsResolver } from './stats.resolver';
import type { StatsService } from './stats.service';

/** What the resolvers of stats are made from (the composition root's services provide it). */
export interface StatsDeps {
  templates: TemplateReader;
  stats: StatsService;
}

/** Statistics and shipped quantities, for the composition root (src/features.ts). */
export const statsModule = defineFeature<StatsDeps>({
  name: 'stats',
  entities,
  resolvers: [
    resolver(StatsResolver, (d) => new StatsResolver(d.templates, d.stats)),
  ],
});
