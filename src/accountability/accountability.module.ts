import { defineFeature, resolver } from '../shared/feature-module';
import { AccountabilityResolver, ComplaintResponsibilityResolver } from './accountability.resolver';
import type { ConsequenceService } from './consequence.service';
import { entities } from './entities';
import type { ResponsibilityService } from './responsibility.service';

/** What the resolvers of accountability are made from (the composition root's services provide it). */
export interface AccountabilityDeps {
  consequences: ConsequenceService;
  responsibility: ResponsibilityService;
}

/** Responsibility decisions and consequences, for the composition root (src/features.ts). */
export const accountabilityModule = defineFeature<AccountabilityDeps>({
  name: 'accountability',
  entities,
  resolvers: [
    resolver(AccountabilityResolver, (d) => new AccountabilityResolver(d.consequences, d.responsibility)),
    resolver(ComplaintResponsibilityResolver, (d) => new ComplaintResponsibilityResolver(d.responsibility)),
  ],
});
