import type { FeatureEntities } from '../db/entity-set';
import { Signature } from './signature.entity';

/** This feature's entities (electronic signatures), registered at the composition root through its module (signatures.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [Signature],
};
