import type { FeatureEntities } from '../db/entity-set';
import { Complaint } from './complaint.entity';

/** This feature's entities (complaints), registered at the composition root through its module (complaints.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [Complaint],
};
