import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { OrganizationTemplate } from '../__generated__';
import { fromGlobalId } from '../shared/graphql/global-id';
import { ApiKey } from './api-key.entity';
import { apiKeyPrincipalId, type PrincipalKind, userPrincipalId } from './principal';
import { User } from './user.entity';

/**
 * The one place that turns a principal named by a client or stored on a record into a person or key of the
 * tenant: users by display name, API keys by name. Every input that names a principal (leader, champion,
 * team, responsible people) resolves through here and stores the canonical id; every printed name comes
 * from here.
 */
export interface DirectoryEntry {
  /** Canonical: `user:<uuid>` or `api-key:<uuid>`. */
  id: string;
  kind: Exclude<PrincipalKind, 'system'>;
  /** Local uuid of the user or key. */
  uuid: string;
  /** A user's display name, a key's name. */
  name: string;
  roles: string[];
  /** A user's departments; empty for keys. */
  departments: string[];
  /** A user's level; null for keys. */
  level: string | null;
  /** An enabled user or a key not revoked. */
  active: boolean;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a reference names: a principal id (`user:<uuid>`, `api-key:<uuid>`), a global ID of a User or ApiKey, or a bare uuid (either kind). */
export function parsePrincipalRef(ref: string): { kind: DirectoryEntry['kind'] | null; uuid: string } | null {
  if (typeof ref !== 'string') return null;
  const text = ref.trim();
  const prefixed = /^(user|api-key):(.+)$/.exec(text);
  if (prefixed) return UUID.test(prefixed[2]) ? { kind: prefixed[1] === 'user' ? 'user' : 'api_key', uuid: prefixed[2].toLowerCase() } : null;
  if (UUID.test(text)) return { kind: null, uuid: text.toLowerCase() };
  const global = fromGlobalId(text);
  if (global && (global.type === 'User' || global.type === 'ApiKey') && UUID.test(global.localId)) return { kind: global.type === 'User' ? 'user' : 'api_key', uuid: global.localId.toLowerCase() };
  return null;
}

/**
 * The tenant's principals that the references name, by reference (unknown, malformed or another tenant's:
 * absent). Two queries whatever the count. `activeOnly` leaves out disabled users and revoked keys.
 */
export async function lookUpPrincipals(em: EntityManager, tenantId: string, refs: Iterable<string | null | undefined>, { activeOnly = false } = {}): Promise<Map<string, DirectoryEntry>> {
  const parsed = new Map<string, { kind: DirectoryEntry['kind'] | null; uuid: string }>();
  for (const ref of refs) {
    const p = ref ? parsePrincipalRef(ref) : null;
    if (p) parsed.set(ref!, p);
  }
  const wanted = (kind: DirectoryEntry['kind']) => [...new Set([...parsed.values()].filter((p) => p.kind === kind || p.kind === null).map((p) => p.uuid))];
  const userIds = wanted('user');
  const keyIds = wanted('api_key');
  // tenant-scope: reviewed — both queries name the tenant themselves, so any entity manager may ask
  const users = userIds.length ? await em.find(User, { id: { $in: userIds }, tenant: tenantId, ...(activeOnly ? { disabledAt: null } : {}) }, { filters: false }) : [];
  const keys = keyIds.length ? await em.find(ApiKey, { id: { $in: keyIds }, tenant: tenantId, ...(activeOnly ? { revokedAt: null } : {}) }, { filters: false }) : [];
  const byUser = new Map(users.map((u) => [u.id, userEntry(u)]));
  const byKey = new Map(keys.map((k) => [k.id, keyEntry(k)]));
  const found = new Map<string, DirectoryEntry>();
  for (const [ref, p] of parsed) {
    const entry = (p.kind !== 'api_key' ? byUser.get(p.uuid) : undefined) ?? (p.kind !== 'user' ? byKey.get(p.uuid) : undefined);
    if (entry) found.set(ref, entry);
  }
  return found;
}

/** One principal of the tenant, or null. */
export async function lookUpPrincipal(em: EntityManager, tenantId: string, ref: string | null | undefined, options: { activeOnly?: boolean } = {}): Promise<DirectoryEntry | null> {
  return ref ? ((await lookUpPrincipals(em, tenantId, [ref], options)).get(ref) ?? null) : null;
}

/** Printed names of the principal ids that are users or keys of the tenant (disabled and revoked ones too); other ids are absent. */
export async function principalNames(em: EntityManager, tenantId: string, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  return new Map([...(await lookUpPrincipals(em, tenantId, ids))].map(([ref, entry]) => [ref, entry.name]));
}

/** One loader per request (its forked entity manager) and tenant, so nothing is cached across requests. */
const nameLoaders = new WeakMap<EntityManager, Map<string, DataLoader<string, string | null>>>();

/**
 * The printed name of one principal id (null when it names no user or key of the tenant). Calls made while
 * GraphQL resolves one level of a list (the leaders of 100 investigations) are answered by two queries.
 */
export function principalName(em: EntityManager, tenantId: string, id: string | null | undefined): Promise<string | null> {
  if (!id) return Promise.resolve(null);
  let byTenant = nameLoaders.get(em);
  if (!byTenant) nameLoaders.set(em, (byTenant = new Map()));
  let loader = byTenant.get(tenantId);
  if (!loader) {
    loader = new DataLoader(
      async (ids: readonly string[]) => {
        const names = await principalNames(em, tenantId, ids);
        return ids.map((i) => names.get(i) ?? null);
      },
      // A mutation's answer may name a user renamed in the same request: no memo across calls.
      { cache: false },
    );
    byTenant.set(tenantId, loader);
  }
  return loader.load(id);
}

/** The tenant's enabled users and live API keys, oldest first (ties by id). */
export async function activePrincipals(em: EntityManager, tenantId: string): Promise<DirectoryEntry[]> {
  // tenant-scope: reviewed — both queries name the tenant themselves
  const users = await em.find(User, { tenant: tenantId, disabledAt: null }, { filters: false });
  const keys = await em.find(ApiKey, { tenant: tenantId, revokedAt: null }, { filters: false });
  return [...keys.map(keyEntry), ...users.map(userEntry)].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** A principal's rank in the organization's levels: the higher of its own level and the levels of its roles (API keys have roles only); -Infinity when none is ranked. */
export function principalRank(org: OrganizationTemplate, principal: { roles: string[]; level?: string | null }): number {
  const rankOf = (level: string | null | undefined) => org.levels.find((l) => l.key === level)?.rank ?? Number.NEGATIVE_INFINITY;
  return Math.max(rankOf(principal.level), ...principal.roles.map((r) => rankOf(org.roles.find((x) => x.key === r)?.level)));
}

const userEntry = (u: User): DirectoryEntry => ({ id: userPrincipalId(u.id), kind: 'user', uuid: u.id, name: u.displayName, roles: u.roles, departments: u.departments, level: u.level, active: u.disabledAt === null, createdAt: u.createdAt });
const keyEntry = (k: ApiKey): DirectoryEntry => ({ id: apiKeyPrincipalId(k.id), kind: 'api_key', uuid: k.id, name: k.name, roles: k.roles, departments: [], level: null, active: !k.revokedAt, createdAt: k.createdAt });
