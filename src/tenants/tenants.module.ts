import { defineFeature, resolver } from '../shared/feature-module';
import { TenantResolver } from './tenant.resolver';
import type { TenantService } from './tenant.service';

/** What the resolvers of tenants are made from (the composition root's services provide it). */
export interface TenantsDeps {
  tenants: TenantService;
}

/** Tenant provisioning, for the composition root (src/features.ts). */
export const tenantsModule = defineFeature<TenantsDeps>({
  name: 'tenants',
  resolvers: [
    resolver(TenantResolver, (d) => new TenantResolver(d.tenants)),
  ],
});
