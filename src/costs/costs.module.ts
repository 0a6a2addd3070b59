import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import { ComplaintCostResolver, CostResolver, InvestigationCostResolver } from './cost.resolver';
import type { CostService } from './cost.service';
import { entities } from './entities';

/** What the resolvers of costs are made from (the composition root's services provide it). */
export interface CostsDeps {
  costs: CostService;
  templates: TemplateReader;
}

/** Cost items of complaints and investigations, for the composition root (src/features.ts). */
export const costsModule = defineFeature<CostsDeps>({
  name: 'costs',
  entities,
  resolvers: [
    resolver(CostResolver, (d) => new CostResolver(d.costs, d.templates)),
    resolver(ComplaintCostResolver, (d) => new ComplaintCostResolver(d.costs)),
    resolver(InvestigationCostResolver, (d) => new InvestigationCostResolver(d.costs)),
  ],
});
