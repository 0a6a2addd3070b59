import type { FeatureEntities } from '../db/entity-set';
import { Tenant } from '../db/tenant.entity';
import { OperatorKey } from './operator-key.entity';
import { ApiKey } from './api-key.entity';
import { User } from './user.entity';
import { Session, RefreshToken, LoginThrottle, AuthSecret } from './session.entity';

/** This feature's entities (the tenants, credentials, users and sessions), registered at the composition root through its module (auth.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [User, Session],
  unfiltered: [Tenant, OperatorKey, ApiKey, RefreshToken, LoginThrottle, AuthSecret],
};
