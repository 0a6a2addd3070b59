import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import { defineFeature, resolver } from '../shared/feature-module';
import { entities } from './entities';
import { NotificationResolver } from './notification.resolver';

/** What the resolvers of notifications are made from (the composition root's services provide it). */
export interface NotificationsDeps {
  db: Database;
  clock: Clock;
}

/** In-app notifications and outbound email, for the composition root (src/features.ts). */
export const notificationsModule = defineFeature<NotificationsDeps>({
  name: 'notifications',
  entities,
  resolvers: [
    resolver(NotificationResolver, (d) => new NotificationResolver(d.db, d.clock)),
  ],
});
