import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import type { ApiKeyService } from './api-key.service';
import { Tenant } from './tenant.entity';

export const ADMIN_ROLES = ['admin'];

/**
 * First start: the default tenant and its admin API key. The key comes from ADMIN_API_KEY, or is generated
 * and printed once; either way only its hash is stored.
 */
export async function ensureDefaultTenant(db: Database, apiKeys: ApiKeyService, config: Config, log: Logger): Promise<Tenant> {
  // tenant-scope: reviewed — first start: finds or creates the default tenant itself
  const em = db.system();
  let tenant = await em.findOne(Tenant, { slug: config.defaultTenant });
  if (!tenant) {
    tenant = em.create(Tenant, { slug: config.defaultTenant, name: config.defaultTenant, createdAt: new Date() });
    await em.flush();
    log.info({ tenant: tenant.slug }, 'created default tenant');
  }
  if (config.adminApiKey) {
    if (!(await apiKeys.exists(config.adminApiKey))) {
      await apiKeys.create(tenant.id, 'admin (ADMIN_API_KEY)', ADMIN_ROLES, config.adminApiKey);
      log.info({ tenant: tenant.slug }, 'stored the hash of ADMIN_API_KEY as an admin key');
    }
  } else if ((await apiKeys.countForTenant(tenant.id)) === 0) {
    const { key } = await apiKeys.create(tenant.id, 'admin (first start)', ADMIN_ROLES);
    log.warn(
      { tenant: tenant.slug, apiKey: key },
      `admin API key created; it is shown only now, keep it safe. Send it as "Authorization: Bearer ${key}"`,
    );
  }
  return tenant;
}
