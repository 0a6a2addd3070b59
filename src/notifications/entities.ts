import type { FeatureEntities } from '../db/entity-set';
import { Notification } from './notification.entity';
import { OutboundEmail } from './outbound-email.entity';

/** This feature's entities (notifications and outbound e-mail), registered at the composition root through its module (notifications.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantId: [Notification, OutboundEmail],
};
