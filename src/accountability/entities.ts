import type { FeatureEntities } from '../db/entity-set';
import { Consequence, ResponsibilityDecision } from './responsibility.entity';
import { LateHolding } from './late-holding.entity';

/** This feature's entities (responsibility decisions, consequences and late holdings), registered at the composition root through its module (accountability.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [ResponsibilityDecision, Consequence, LateHolding],
};
