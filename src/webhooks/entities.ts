import type { FeatureEntities } from '../db/entity-set';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookDelivery } from './webhook-delivery.entity';

/** This feature's entities (webhook endpoints and deliveries), registered at the composition root through its module (webhooks.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [WebhookEndpoint, WebhookDelivery],
};
