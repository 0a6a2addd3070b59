import type { FeatureEntities } from '../../db/entity-set';
import { IdempotencyKey } from './idempotency-key.entity';

/** This feature's entities (idempotency keys of creating mutations), registered at the composition root (src/entities.ts). */
export const entities: FeatureEntities = {
  tenantId: [IdempotencyKey],
};
