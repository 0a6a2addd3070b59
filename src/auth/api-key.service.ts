import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AbortWrite, type Database } from '../db/database';
import { adminsLeft, isAdmin, lockAdmins } from './admin-guard';
import { LastAdminError } from './user.results';
import { appendEvent } from '../db/event-log';
import type { Clock } from '../scheduler';
import type { TemplateReader } from '../shared/template-reader';
import type { Context } from '../shared/request-context';
import { sha256 } from '../shared/canonical-json';
import { NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { localUuid } from '../shared/graphql/global-id';
import { ApiKey } from './api-key.entity';
import type { CreateApiKeyInput } from './api-key.inputs';
import { ApiKeyWithSecret } from './api-key.results';
import { checkOrgKeys } from './org-keys';
import { actorOf, apiKeyPrincipalId, isOperator, NO_TENANT, operatorPrincipalId, type Caller, type CredentialOutcome } from './principal';
import { OperatorKey } from './operator-key.entity';
import { Tenant } from '../db/tenant.entity';

const KEY_PREFIX = 'cqk_';
const BODY_LENGTH = KEY_PREFIX.length + 43;
const CHECKSUM_LENGTH = 6;
const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;
/** lastUsedAt is written at most this often per key (and per instance). */
const LAST_USED_EVERY_MS = 60_000;

const checksumOf = (body: string): string => createHash('sha256').update(body).digest('base64url').slice(0, CHECKSUM_LENGTH);

/** cqk_<43 base64url random>_<6 base64url checksum>: a scanner can recognise a leaked key offline. */
export function generateApiKey(): string {
  const body = KEY_PREFIX + randomBytes(32).toString('base64url');
  return `${body}_${checksumOf(body)}`;
}

/** Whether a string is a key of the current format with a correct checksum (no database, no secret). */
export function isWellFormedApiKey(key: string): boolean {
  return key.length === BODY_LENGTH + 1 + CHECKSUM_LENGTH && /^cqk_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{6}$/.test(key) && checksumOf(key.slice(0, BODY_LENGTH)) === key.slice(BODY_LENGTH + 1);
}

/** A current-format key whose checksum is wrong: refused without a database lookup (old-format and ADMIN_API_KEY keys are looked up). */
const hasBadChecksum = (key: string): boolean => key.length === BODY_LENGTH + 1 + CHECKSUM_LENGTH && key.startsWith(KEY_PREFIX) && key[BODY_LENGTH] === '_' && !isWellFormedApiKey(key);

export const hashApiKey = (key: string): string => sha256(key);

/** What a key looks like in its events (never the key or its hash). */
const view = (k: ApiKey) => ({ name: k.name, prefix: k.prefix, roles: k.roles });

/**
 * API keys: authentication of `Authorization: Bearer <key>` and the admin API. Hits are cached briefly (keys
 * are looked up on every request); a revoked key stops working within CACHE_TTL_MS (at once on the
 * instance that revoked it).
 */
export class ApiKeyService {
  private readonly cache = new Map<string, { caller: CredentialOutcome; expires: number }>();
  private readonly lastUsedWritten = new Map<string, number>();
  /** Moves on each tenant change here (forgetTenant): lookups begun before it are not cached. */
  private generation = 0;
  /** Emits `principal` (id) after a key was revoked here. */
  readonly revoked = new EventEmitter();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly templates: TemplateReader,
  ) {}

  async authenticate(key: string): Promise<Caller | null> {
    const outcome = await this.resolve(key);
    return outcome === 'tenant_disabled' || (outcome && isOperator(outcome)) ? null : outcome;
  }

  /**
   * What a key stands for: a tenant's caller, a platform operator (an operator key, which belongs to no tenant),
   * 'tenant_disabled' for a key of a disabled tenant, or null.
   */
  async resolve(key: string): Promise<CredentialOutcome> {
    if (key.length > 512 || hasBadChecksum(key)) return null;
    const hash = hashApiKey(key);
    const now = Date.now();
    const cached = this.cache.get(hash);
    let outcome: CredentialOutcome;
    if (cached && cached.expires > now) outcome = cached.caller;
    else {
      const generation = this.generation;
      outcome = await this.lookup(hash);
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      // A lookup that read before a tenant's change here committed is answered, not cached.
      if (generation === this.generation) this.cache.set(hash, { caller: outcome, expires: now + CACHE_TTL_MS });
    }
    if (outcome && outcome !== 'tenant_disabled' && outcome.principal.kind === 'api_key') await this.touch(outcome.principal.id.slice('api-key:'.length), now);
    return outcome;
  }

  private async lookup(hash: string): Promise<CredentialOutcome> {
    // tenant-scope: reviewed — authentication finds the key by its hash in every tenant; the row names its tenant, which becomes the caller's
    const found = await this.db.system().findOne(ApiKey, { keyHash: hash, revokedAt: null }, { populate: ['tenant'] });
    if (found) {
      const tenant = found.tenant.getEntity();
      if (tenant.disabledAt) return 'tenant_disabled';
      return { tenant: { id: tenant.id, slug: tenant.slug }, principal: { id: apiKeyPrincipalId(found.id), name: found.name, roles: found.roles, kind: 'api_key', departments: [], level: null } };
    }
    // tenant-scope: reviewed — operator keys belong to no tenant
    const operator = await this.db.system().findOne(OperatorKey, { keyHash: hash, revokedAt: null });
    return operator ? { tenant: NO_TENANT, principal: { id: operatorPrincipalId(operator.id), name: operator.name, roles: [], kind: 'operator', departments: [], level: null } } : null;
  }

  /** Whether the key is still live, past the cache (long-lived connections); a revoked one leaves the cache. */
  async recheck(key: string): Promise<'live' | 'revoked' | 'tenant_disabled'> {
    const hash = hashApiKey(key);
    this.cache.delete(hash);
    const outcome = await this.lookup(hash);
    return outcome === 'tenant_disabled' ? outcome : outcome ? 'live' : 'revoked';
  }

  /** Records the use at most once a minute per key: one UPDATE, no event. */
  private async touch(id: string, now: number): Promise<void> {
    if (now - (this.lastUsedWritten.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(id, now);
    if (this.lastUsedWritten.size > CACHE_MAX) this.lastUsedWritten.clear();
    // tenant-scope: reviewed — lastUsedAt of the key just authenticated, by its own id
    await this.db.system().nativeUpdate(ApiKey, { id }, { lastUsedAt: this.clock.now() });
  }

  /** Stores a key's hash for a tenant (bootstrap and tests); returns the key (shown once, never stored). */
  async create(tenantId: string, name: string, roles: string[], key = generateApiKey()): Promise<{ key: string; apiKey: ApiKey }> {
    // tenant-scope: reviewed — creates a key in the tenant it is given (em.create with that tenant)
    const em = this.db.system();
    const apiKey = em.create(ApiKey, { tenant: em.getReference(Tenant, tenantId), name, prefix: key.slice(0, 12), keyHash: hashApiKey(key), roles, createdAt: this.clock.now() });
    await em.flush();
    return { key, apiKey };
  }

  async exists(key: string): Promise<boolean> {
    // tenant-scope: reviewed — whether a key hash exists at all (bootstrap); returns no row
    return (await this.db.system().count(ApiKey, { keyHash: hashApiKey(key) })) > 0;
  }

  async countForTenant(tenantId: string): Promise<number> {
    return this.db.system().count(ApiKey, { tenant: tenantId, revokedAt: null });
  }

  /** The tenant's keys, revoked ones included, oldest first. ApiKey is not TenantScoped: the tenant is named here. */
  list(ctx: Context): Promise<ApiKey[]> {
    return ctx.em.find(ApiKey, { tenant: ctx.tenant.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async createForAdmin(ctx: Context, input: CreateApiKeyInput): Promise<ApiKeyWithSecret | ValidationError> {
    const problems: ValidationProblem[] = [];
    const name = input.name.trim();
    if (!name || name.length > 200) problems.push(new ValidationProblem('/name', 'LENGTH', 'A name of 1 to 200 characters'));
    const key = generateApiKey();
    return this.db.write(ctx.tenant.id, async (scope) => {
      problems.push(...(await checkOrgKeys(this.templates, scope.em, scope.tenantId, { roles: input.roles })));
      if (problems.length) return new ValidationError(problems, ctx.locale);
      const now = this.clock.now();
      const apiKey = scope.em.create(ApiKey, { tenant: scope.em.getReference(Tenant, scope.tenantId), name, prefix: key.slice(0, 12), keyHash: hashApiKey(key), roles: [...new Set(input.roles)], createdAt: now });
      await appendEvent(scope, { type: 'api_key.created', subjectType: 'ApiKey', subjectId: apiKey.id, actor: actorOf(ctx), data: { after: view(apiKey) }, occurredAt: now });
      return new ApiKeyWithSecret(apiKey, key);
    });
  }

  /** Revokes a key; refused (LAST_ADMIN) for the tenant's last admin credential, user or key. */
  async revoke(ctx: Context, globalId: string): Promise<ApiKey | NotFoundError | LastAdminError> {
    const id = localUuid(globalId, 'ApiKey');
    if (!id) return new NotFoundError(globalId);
    const result = await this.db.write(ctx.tenant.id, async (scope) => {
      const apiKey = await scope.em.findOne(ApiKey, { id, tenant: scope.tenantId });
      if (!apiKey) return new NotFoundError(globalId);
      if (apiKey.revokedAt) return apiKey;
      const now = this.clock.now();
      const lastCheck = isAdmin(apiKey.roles);
      if (lastCheck) await lockAdmins(scope);
      apiKey.revokedAt = now;
      if (lastCheck && (await adminsLeft(scope)).credentials === 0) throw new AbortWrite(new LastAdminError(globalId, ctx.locale));
      await appendEvent(scope, { type: 'api_key.revoked', subjectType: 'ApiKey', subjectId: apiKey.id, actor: actorOf(ctx), data: { before: view(apiKey) }, occurredAt: now });
      return apiKey;
    });
    if (result instanceof ApiKey) this.forget(apiKeyPrincipalId(result.id));
    return result;
  }

  /** Drops cached lookups of a key on this instance; other instances drop theirs within CACHE_TTL_MS. */
  private forget(principalId: string): void {
    for (const [hash, entry] of this.cache) if (entry.caller && entry.caller !== 'tenant_disabled' && entry.caller.principal.id === principalId) this.cache.delete(hash);
    this.revoked.emit('principal', principalId);
  }

  /** After a tenant was disabled or enabled here: every cached lookup goes (a disabled tenant's keys are cached without their tenant). */
  forgetTenant(): void {
    this.generation++;
    this.cache.clear();
  }

  /** Stores the hash of a platform operator's key (OPERATOR_API_KEY at start, or the CLI); returns the key, shown once. */
  async createOperatorKey(name: string, key = generateApiKey()): Promise<string> {
    // tenant-scope: reviewed — operator keys belong to no tenant
    const em = this.db.system();
    if ((await em.count(OperatorKey, { keyHash: hashApiKey(key) })) === 0) {
      em.create(OperatorKey, { name, prefix: key.slice(0, 12), keyHash: hashApiKey(key), createdAt: this.clock.now() });
      await em.flush();
    }
    return key;
  }
}
