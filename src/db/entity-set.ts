// The entity classes MikroORM discovers (decorated classes).
export type EntityClass = abstract new (...args: any[]) => object;

/**
 * A feature's entities, each placed under the tenant filter or reviewed as unfiltered (see
 * test/unit/auth/tenant-entities.test.ts): a new entity is listed where it is defined.
 */
export interface FeatureEntities {
  /** Under the tenant filter through their `tenant` relation (TenantScoped). */
  tenantRelation?: EntityClass[];
  /** Under the tenant filter through a plain `tenantId` column. */
  tenantId?: EntityClass[];
  /** Not under the tenant filter: looked up before the tenant is known, or instance-wide. */
  unfiltered?: EntityClass[];
}

/** Every entity the ORM knows, and the names of those the tenant filter applies to. */
export interface EntitySet {
  entities: EntityClass[];
  tenantRelationEntities: string[];
  tenantIdEntities: string[];
}

/** The entity set of these features: listed explicitly, no folder scanning, so dist/ and vitest discover the same set. */
export function entitySet(features: FeatureEntities[]): EntitySet {
  return {
    entities: features.flatMap((f) => [...(f.unfiltered ?? []), ...(f.tenantRelation ?? []), ...(f.tenantId ?? [])]),
    tenantRelationEntities: features.flatMap((f) => f.tenantRelation ?? []).map((e) => e.name),
    tenantIdEntities: features.flatMap((f) => f.tenantId ?? []).map((e) => e.name),
  };
}
