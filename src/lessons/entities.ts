import type { FeatureEntities } from '../db/entity-set';
import { ClosingEvaluation } from './closing-evaluation.entity';

/** This feature's entities (closing evaluations), registered at the composition root through its module (lessons.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [ClosingEvaluation],
};
