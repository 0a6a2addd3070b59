import type { FeatureEntities } from '../db/entity-set';
import { Timer } from './timer.entity';

/** This feature's entities (timers), registered at the composition root through its module (scheduler.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [Timer],
};
