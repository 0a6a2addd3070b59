import { describe, expect, it } from 'vitest';
import { entities, tenantIdEntities, tenantRelationEntities } from '../../../src/entities';
import { TenantScoped } from '../../../src/db/tenant-scoped.entity';

/** Entities the tenant filter must not apply to, each reviewed: looked up before the tenant is known, or instance-wide. */
const UNFILTERED: Record<string, string> = {
  Tenant: 'the tenants themselves',
  ApiKey: 'found by its hash before the tenant is known; the services scope by tenant',
  RefreshToken: 'found by its hash before the tenant is known',
  LoginThrottle: 'keyed by tenant slug and username before the tenant is resolved',
  AuthSecret: 'instance-wide signing and MAC keys, no tenant data',
  OperatorKey: 'a platform operator\'s credential: belongs to no tenant',
};

describe('tenant filter coverage', () => {
  it('puts every entity under the tenant filter or in the reviewed list (a new entity left out leaks across tenants)', () => {
    const filtered = new Set([...tenantRelationEntities, ...tenantIdEntities]);
    const missing = entities.map((e) => e.name).filter((name) => !filtered.has(name) && !(name in UNFILTERED));
    expect(missing).toEqual([]);
  });

  it('filters every TenantScoped entity', () => {
    const scoped = entities.filter((e) => e.prototype instanceof TenantScoped).map((e) => e.name);
    expect(scoped.filter((name) => !tenantRelationEntities.includes(name))).toEqual([]);
  });

  it('lists nothing twice and reviews only entities that exist', () => {
    expect(tenantRelationEntities.filter((name) => tenantIdEntities.includes(name))).toEqual([]);
    expect(Object.keys(UNFILTERED).filter((name) => !entities.some((e) => e.name === name))).toEqual([]);
  });
});
