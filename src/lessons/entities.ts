import type { FeatureEntities } from '../db/entity-set';
import { ClosingEvaluation } from './closing-evaluation.entity';

/** This feature's entities (closing evaluations), registered at the composition root (src/entities.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [ClosingEvaluation],
};
