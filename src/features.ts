import { accountabilityModule } from './accountability';
import { authModule } from './auth';
import { calendarModule } from './calendar';
import { complaintsModule } from './complaints';
import { costsModule } from './costs';
import { eventsModule } from './events';
import { exportsModule } from './exports';
import { investigationsModule } from './investigations';
import { lessonsModule } from './lessons';
import { messagesModule } from './messages';
import { notificationsModule } from './notifications';
import { schedulerModule } from './scheduler';
import { signaturesModule } from './signatures';
import { slaModule } from './sla';
import { statsModule } from './stats';
import { templatesModule } from './templates';
import { tenantsModule } from './tenants';
import { webhooksModule } from './webhooks';

/**
 * Every feature, once: its entities (src/entities.ts) and its resolvers with their factories (src/server/schema.ts,
 * src/server/composition.ts) come from its module. A new feature adds its module here; its services are built in
 * src/app.ts.
 */
export const features = [
  authModule,
  templatesModule,
  complaintsModule,
  eventsModule,
  schedulerModule,
  slaModule,
  notificationsModule,
  investigationsModule,
  webhooksModule,
  statsModule,
  exportsModule,
  costsModule,
  lessonsModule,
  messagesModule,
  signaturesModule,
  accountabilityModule,
  calendarModule,
  tenantsModule,
] as const;
