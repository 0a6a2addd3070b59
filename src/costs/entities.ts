import type { FeatureEntities } from '../db/entity-set';
import { CostItem } from './cost-item.entity';

/** This feature's entities (cost items), registered at the composition root through its module (costs.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [CostItem],
};
