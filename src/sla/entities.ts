import type { FeatureEntities } from '../db/entity-set';
import { SlaClock } from './sla-clock.entity';

/** This feature's entities (SLA clocks), registered at the composition root through its module (sla.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [SlaClock],
};
