import { entities as accountability } from './accountability/entities';
import { entities as auth } from './auth/entities';
import { entities as complaints } from './complaints/entities';
import { entities as costs } from './costs/entities';
import { entities as db } from './db/entities';
import { entitySet } from './db/entity-set';
import { entities as events } from './events/entities';
import { entities as exportRequests } from './exports/entities';
import { entities as investigations } from './investigations/entities';
import { entities as lessons } from './lessons/entities';
import { entities as messages } from './messages/entities';
import { entities as notifications } from './notifications/entities';
import { entities as scheduler } from './scheduler/entities';
import { entities as idempotency } from './shared/idempotency/entities';
import { entities as signatures } from './signatures/entities';
import { entities as sla } from './sla/entities';
import { entities as stats } from './stats/entities';
import { entities as templates } from './templates/entities';
import { entities as webhooks } from './webhooks/entities';

/**
 * The composition root's entities: each feature lists its own (its entities.ts), and they are registered here,
 * for the server (src/app.ts), the CLIs and the migrations. A new feature adds its list.
 */
export const appEntities = entitySet([auth, db, idempotency, templates, complaints, events, scheduler, sla, notifications, investigations, webhooks, stats, exportRequests, costs, lessons, messages, signatures, accountability]);

export const { entities, tenantRelationEntities, tenantIdEntities } = appEntities;
