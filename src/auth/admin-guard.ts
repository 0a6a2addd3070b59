import { nextCounterValue } from '../db/counter';
import type { WriteScope } from '../db/database';
import { ApiKey } from './api-key.entity';
import { User } from './user.entity';

/** The roles of a tenant's administrators (the first admin key of a tenant gets them). */
export const ADMIN_ROLES = ['admin'];

export const isAdmin = (roles: readonly string[]): boolean => roles.some((r) => ADMIN_ROLES.includes(r));

/**
 * Serialises a tenant's changes to its administrators (PostgreSQL: the counter row stays locked until commit;
 * SQLite writes are serial already), so that two admins disabling each other cannot both pass the check.
 */
export async function lockAdmins(scope: WriteScope): Promise<void> {
  await nextCounterValue(scope.em, scope.tenantId, 'admin-change');
}

/** After the change is flushed: whether an enabled admin user, and whether any admin credential (user or live key), is left. */
export async function adminsLeft(scope: WriteScope): Promise<{ users: number; credentials: number }> {
  await scope.em.flush();
  const users = (await scope.em.find(User, { disabledAt: null }, { fields: ['roles'] })).filter((u) => isAdmin(u.roles)).length;
  const keys = (await scope.em.find(ApiKey, { tenant: scope.tenantId, revokedAt: null }, { fields: ['roles'] })).filter((k) => isAdmin(k.roles)).length;
  return { users, credentials: users + keys };
}
