import type { FeatureEntities } from '../db/entity-set';
import { ComplaintFact } from './complaint-fact.entity';
import { ComplaintRollup } from './complaint-rollup.entity';
import { ComplaintCycleHistogram } from './complaint-cycle-histogram.entity';
import { InvestigationFact } from './investigation-fact.entity';
import { Shipment } from './shipment.entity';

/** This feature's entities (statistics facts, rollups and shipments), registered at the composition root through its module (stats.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [ComplaintFact, ComplaintRollup, ComplaintCycleHistogram, InvestigationFact, Shipment],
};
