import type { FeatureEntities } from '../db/entity-set';
import { CustomerMessage } from './customer-message.entity';

/** This feature's entities (customer messages), registered at the composition root through its module (messages.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [CustomerMessage],
};
