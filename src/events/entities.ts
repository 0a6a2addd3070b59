import type { FeatureEntities } from '../db/entity-set';
import { DomainEvent } from '../db/event.entity';

/** This feature's entities (the event log), registered at the composition root (src/entities.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [DomainEvent],
};
