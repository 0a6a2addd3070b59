import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import { SYSTEM_ACTOR } from '../db/event-log';
import { ADMIN_ROLES, type ApiKeyService } from '../auth';
import type { TenantService } from './tenant.service';
import { Tenant } from '../db/tenant.entity';

/**
 * Every start: the default tenant, created on the first start as any tenant is (seeded from the shipped set,
 * with its first admin key: ADMIN_API_KEY, or generated and printed once; either way only its hash is stored).
 */
export async function ensureDefaultTenant(db: Database, apiKeys: ApiKeyService, tenants: TenantService, config: Config, log: Logger): Promise<Tenant> {
  // tenant-scope: reviewed — first start: finds or creates the default tenant itself
  const em = db.system();
  let tenant = await em.findOne(Tenant, { slug: config.defaultTenant });
  if (!tenant) {
    const created = await tenants.create(SYSTEM_ACTOR, {
      slug: config.defaultTenant,
      name: config.defaultTenant,
      from: 'shipped',
      adminKey: config.adminApiKey,
      adminKeyName: config.adminApiKey ? 'admin (ADMIN_API_KEY)' : 'admin (first start)',
    });
    if ('adminKey' in created) {
      log.info({ tenant: created.tenant.slug }, 'created default tenant');
      if (config.adminApiKey) log.info({ tenant: created.tenant.slug }, 'stored the hash of ADMIN_API_KEY as an admin key');
      else {
        log.warn(
          { tenant: created.tenant.slug, apiKey: created.adminKey },
          `admin API key created; it is shown only now, keep it safe. Send it as "Authorization: Bearer ${created.adminKey}"`,
        );
      }
      return created.tenant;
    }
    // Another instance starting at the same time created it first (SLUG_TAKEN): go on with that one.
    tenant = await em.fork().findOne(Tenant, { slug: config.defaultTenant });
    if (!tenant) throw new Error(`could not create the default tenant: ${JSON.stringify(created)}`);
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

/** OPERATOR_API_KEY: its hash is stored as a platform operator's key (idempotent). */
export async function ensureOperatorKey(apiKeys: ApiKeyService, config: Config, log: Logger): Promise<void> {
  if (!config.operatorApiKey) return;
  await apiKeys.createOperatorKey('operator (OPERATOR_API_KEY)', config.operatorApiKey);
  log.info('stored the hash of OPERATOR_API_KEY as a platform operator key');
}
