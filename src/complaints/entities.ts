import type { FeatureEntities } from '../db/entity-set';
import { Complaint } from './complaint.entity';

/** This feature's entities (complaints), registered at the composition root (src/entities.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [Complaint],
};
