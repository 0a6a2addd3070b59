import type { Clock } from '../scheduler';
import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import { entities } from './entities';
import { InvestigationSlaResolver, SlaResolver } from './sla.resolver';
import type { SlaService } from './sla.service';

/** What the resolvers of sla are made from (the composition root's services provide it). */
export interface SlaDeps {
  sla: SlaService;
  templates: TemplateReader;
  clock: Clock;
}

/** SLA clocks, for the composition root (src/features.ts). */
export const slaModule = defineFeature<SlaDeps>({
  name: 'sla',
  entities,
  resolvers: [
    resolver(SlaResolver, (d) => new SlaResolver(d.sla, d.templates, d.clock)),
    resolver(InvestigationSlaResolver, (d) => new InvestigationSlaResolver(d.sla, d.templates, d.clock)),
  ],
});
