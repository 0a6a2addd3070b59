import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { sha256 } from '../shared/canonical-json';
import { ApiKey } from './api-key.entity';
import { apiKeyPrincipalId, type Caller } from './principal';
import { Tenant } from './tenant.entity';

const KEY_PREFIX = 'cqk_';
const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export const hashApiKey = (key: string): string => sha256(key);

/**
 * Resolves `Authorization: Bearer <key>` to a caller. Hits are cached briefly (keys are looked up on
 * every request); a revoked key stops working within CACHE_TTL_MS.
 */
export class ApiKeyService {
  private readonly cache = new Map<string, { caller: Caller | null; expires: number }>();

  constructor(private readonly db: Database) {}

  async authenticate(authorization: string | undefined | null): Promise<Caller | null> {
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    const hash = hashApiKey(match[1]);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.expires > now) return cached.caller;
    const key = await this.db.system().findOne(ApiKey, { keyHash: hash, revokedAt: null }, { populate: ['tenant'] });
    const caller: Caller | null = key
      ? { tenant: { id: key.tenant.id, slug: key.tenant.getEntity().slug }, principal: { id: apiKeyPrincipalId(key.id), name: key.name, roles: key.roles } }
      : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { caller, expires: now + CACHE_TTL_MS });
    return caller;
  }

  /** Stores a key's hash for a tenant; returns the key (shown once, never stored). */
  async create(tenantId: string, name: string, roles: string[], key = generateApiKey()): Promise<{ key: string; apiKey: ApiKey }> {
    const em = this.db.system();
    const apiKey = em.create(ApiKey, {
      tenant: em.getReference(Tenant, tenantId),
      name,
      prefix: key.slice(0, 12),
      keyHash: hashApiKey(key),
      roles,
      createdAt: new Date(),
    });
    await em.flush();
    return { key, apiKey };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.db.system().count(ApiKey, { keyHash: hashApiKey(key) })) > 0;
  }

  async countForTenant(tenantId: string): Promise<number> {
    return this.db.system().count(ApiKey, { tenant: tenantId, revokedAt: null });
  }
}
