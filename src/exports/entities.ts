import type { FeatureEntities } from '../db/entity-set';
import { ExportRequest } from './export-request.entity';

/** This feature's entities (download links), registered at the composition root through its module (exports.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [ExportRequest],
};
