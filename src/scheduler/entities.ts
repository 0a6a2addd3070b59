import type { FeatureEntities } from '../db/entity-set';
import { Timer } from './timer.entity';

/** This feature's entities (timers), registered at the composition root (src/entities.ts). */
export const entities: FeatureEntities = {
  tenantId: [Timer],
};
