import type { FeatureEntities } from '../db/entity-set';
import { DomainEvent } from '../db/event.entity';

/** This feature's entities (the event log), registered at the composition root through its module (events.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [DomainEvent],
};
