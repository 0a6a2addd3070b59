import type { FeatureEntities } from '../db/entity-set';
import { Investigation, InvestigationSection, InvestigationLink } from './investigation.entity';

/** This feature's entities (investigations, their sections and complaint links), registered at the composition root through its module (investigations.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [Investigation],
  tenantId: [InvestigationSection, InvestigationLink],
};
