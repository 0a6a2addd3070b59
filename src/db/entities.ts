import { Counter } from './counter.entity';
import type { FeatureEntities } from './entity-set';

/** The db layer's own entities (per-tenant counters); the features' are registered at the composition root (src/entities.ts). */
export const entities: FeatureEntities = {
  tenantId: [Counter],
};
