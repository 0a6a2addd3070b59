import { ManyToOne, type Ref } from '@mikro-orm/core';
import { Tenant } from './tenant.entity';

export const TENANT_FILTER = 'tenant';

/**
 * Every domain row carries its tenant. The `tenant` filter (db/orm-config.ts) is on by default for
 * every subclass, so a query without the request's tenant fails instead of leaking rows.
 */
export abstract class TenantScoped {
  @ManyToOne(() => Tenant, { ref: true, deleteRule: 'restrict', updateRule: 'restrict' })
  tenant!: Ref<Tenant>;
}
