import { entities as db } from './db/entities';
import { entitySet } from './db/entity-set';
import { features } from './features';
import { entities as idempotency } from './shared/idempotency/entities';

/**
 * The composition root's entities: each feature lists its own (its module, from src/features.ts), and they are
 * registered here with the db layer's and the idempotency keys', for the server (src/app.ts), the CLIs and the migrations.
 */
export const appEntities = entitySet([db, idempotency, ...features.map((f) => f.entities)]);

export const { entities, tenantRelationEntities, tenantIdEntities } = appEntities;
