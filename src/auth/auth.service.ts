import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { AuthConfig } from '../config/config';
import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import { sha256 } from '../shared/canonical-json';
import type { ApiKeyService } from './api-key.service';
import { looksLikeJwt, signJwt, verifyJwt, type AccessClaims, type JwtOptions } from './jwt';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password';
import { isOperator, userPrincipalId, type Caller, type CredentialOutcome } from './principal';
import { LoginThrottle, RefreshToken, Session } from './session.entity';
import { keyUuid, SigningKeyRing } from './signing-keys';
import { KeysFromEnvironmentError, SigningKeyInfo, SigningKeyRotated } from './signing-key.results';
import { appendEvent } from '../db/event-log';
import type { Context } from '../shared/request-context';
import { publicError } from '../shared/errors/public-error';
import { actorOf } from './principal';
import { Tenant } from '../db/tenant.entity';
import { User } from './user.entity';

const SESSION_CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;
const REFRESH_PREFIX = 'cqr_';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token is valid for. */
  expiresIn: number;
  refreshToken: string;
  /** When the session ends, however often it is refreshed. */
  refreshExpiresAt: string;
}

export type LoginOutcome = { ok: true; tokens: TokenPair } | { ok: false; code: 'INVALID_CREDENTIALS' | 'TENANT_DISABLED' } | { ok: false; code: 'ACCOUNT_LOCKED'; retryAfterSeconds: number };
export type RefreshOutcome = { ok: true; tokens: TokenPair } | { ok: false; code: 'INVALID_REFRESH_TOKEN' | 'TENANT_DISABLED' };

/** A subscription of a tenant that was disabled. */
const TENANT_DISABLED_END: CredentialEnd = { code: 4403, reason: 'Tenant disabled' };

/** Why a connection's credential no longer holds: the WebSocket close code and reason. */
export interface CredentialEnd {
  /** 4401: the access token expired (refresh, then reconnect); 4403: the session, user or key was revoked. */
  code: 4401 | 4403;
  reason: string;
}

/** Why a session ended. */
export type RevokeReason = 'logout' | 'refresh_reuse' | 'password_changed' | 'password_reset' | 'disabled';

/**
 * User login: passwords (scrypt), short-lived access tokens (HS256 JWT), rotating refresh tokens per session,
 * lockout per tenant and username. Resolves `Authorization: Bearer` to a caller: a JWT names a session, which
 * is looked up (cached SESSION_CACHE_TTL_MS), so a revoked session or a disabled user stops working within
 * that time (at once on the instance that revoked it); anything else is tried as an API key.
 */
export class AuthService {
  /** Counted since start, logged with each failure (there is no metrics endpoint yet). */
  readonly counters = { loginSucceeded: 0, loginFailed: 0, loginLocked: 0, lockouts: 0, refreshReused: 0 };
  private readonly sessions = new Map<string, { caller: CredentialOutcome; expires: number }>();
  /** Moves on each tenant change here (forgetTenant): lookups begun before it are not cached. */
  private generation = 0;
  /** Emits `principal` (id), `session` (id) and `tenant` (id) after a commit here that may have ended their credential. */
  readonly revoked = new EventEmitter();
  private jwt!: JwtOptions;
  readonly keys: SigningKeyRing;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly config: AuthConfig,
    private readonly apiKeys: ApiKeyService,
    private readonly log: Logger,
    /** The deployment operator's tenant: only its admins manage the signing keys, which serve every tenant. */
    private readonly operatorTenant: string,
  ) {
    this.keys = new SigningKeyRing(db, clock, config);
  }

  /** Loads the signing keys: JWT_SECRET (and JWT_PREVIOUS_SECRETS), or those stored in the database. */
  async init(): Promise<void> {
    await this.keys.init();
    this.jwt = { keys: (kid) => this.keys.verifying(kid), issuer: this.config.issuer, audience: this.config.audience };
  }

  /** A tenant's caller, or null (no credential, an unknown or ended one, a disabled tenant, or a platform operator). */
  async authenticate(authorization: string | undefined | null): Promise<Caller | null> {
    const outcome = await this.identify(authorization);
    return outcome === 'tenant_disabled' || (outcome && isOperator(outcome)) ? null : outcome;
  }

  /** Like authenticate, but also a platform operator's caller, and 'tenant_disabled' to say why a tenant's credential is refused. */
  async identify(authorization: string | undefined | null): Promise<CredentialOutcome> {
    const credential = bearer(authorization);
    if (!credential) return null;
    return looksLikeJwt(credential) ? this.authenticateAccessToken(credential) : this.apiKeys.resolve(credential);
  }

  /** A WebSocket connection's caller and when its credential expires (epoch ms; null for an API key). */
  async authenticateConnection(authorization: string | undefined | null): Promise<{ caller: Caller; expiresAtMs: number | null } | null> {
    const credential = bearer(authorization);
    if (!credential) return null;
    if (!looksLikeJwt(credential)) {
      const caller = await this.apiKeys.authenticate(credential);
      return caller && { caller, expiresAtMs: null };
    }
    const claims = await verifyJwt(credential, this.jwt, this.clock.now().getTime(), 0);
    const caller = claims && (await this.callerOf(claims));
    return caller && caller !== 'tenant_disabled' ? { caller, expiresAtMs: claims.exp * 1000 } : null;
  }

  /** Checks a connection's credential again, past the cache: null while it holds, otherwise why not. */
  async recheck(authorization: string): Promise<CredentialEnd | null> {
    const credential = bearer(authorization);
    if (!credential) return { code: 4401, reason: 'Missing credential' };
    if (!looksLikeJwt(credential)) {
      const verdict = await this.apiKeys.recheck(credential);
      return verdict === 'live' ? null : verdict === 'tenant_disabled' ? TENANT_DISABLED_END : { code: 4403, reason: 'API key revoked' };
    }
    // No leeway: a subscription ends at the token's expiry exactly.
    const claims = await verifyJwt(credential, this.jwt, this.clock.now().getTime(), 0);
    if (!claims) return { code: 4401, reason: 'Access token expired: refresh it and reconnect' };
    this.sessions.delete(claims.sid);
    const outcome = await this.callerOf(claims);
    if (outcome === 'tenant_disabled') return TENANT_DISABLED_END;
    if (outcome) return null;
    // tenant-scope: reviewed — the tenant named by the verified token's tid claim
    const session = await this.db.forTenant(claims.tid).findOne(Session, { id: claims.sid });
    return { code: 4403, reason: session?.revokedReason ? `Session ended: ${session.revokedReason}` : 'Session ended' };
  }

  private async authenticateAccessToken(token: string): Promise<CredentialOutcome> {
    const claims = await verifyJwt(token, this.jwt, this.clock.now().getTime());
    return claims && this.callerOf(claims);
  }

  /** The caller of verified claims while their session and user are live and their tenant enabled (cached SESSION_CACHE_TTL_MS). */
  private async callerOf(claims: AccessClaims): Promise<CredentialOutcome> {
    const now = Date.now();
    const cached = this.sessions.get(claims.sid);
    if (cached && cached.expires > now) {
      if (cached.caller === 'tenant_disabled') return cached.caller;
      return cached.caller?.principal.id === userPrincipalId(claims.sub) && cached.caller.tenant.id === claims.tid ? cached.caller : null;
    }
    const generation = this.generation;
    // tenant-scope: reviewed — the tenant named by the verified token's tid claim
    const tenant = await this.db.system().findOne(Tenant, { id: claims.tid });
    let caller: CredentialOutcome = null;
    if (tenant?.disabledAt) caller = 'tenant_disabled';
    else if (tenant) {
      const em = this.db.forTenant(tenant.id);
      const session = await em.findOne(Session, { id: claims.sid, userId: claims.sub, revokedAt: null });
      const user = session && (await em.findOne(User, { id: claims.sub, disabledAt: null }));
      if (user) {
        caller = {
          tenant: { id: tenant.id, slug: tenant.slug },
          principal: { id: userPrincipalId(user.id), name: user.displayName, roles: user.roles, kind: 'user', departments: user.departments, level: user.level, sessionId: claims.sid },
        };
      }
    }
    if (this.sessions.size >= CACHE_MAX) this.sessions.clear();
    // A lookup that read before a tenant's change here committed is answered, not cached.
    if (generation === this.generation) this.sessions.set(claims.sid, { caller, expires: now + SESSION_CACHE_TTL_MS });
    return caller;
  }

  async login(tenantSlug: string, rawUsername: string, password: string): Promise<LoginOutcome> {
    const username = normaliseUsername(rawUsername);
    const slug = tenantSlug.trim().toLowerCase();
    if (!username || username.length > 100 || slug.length > 63 || password.length > 1024) return { ok: false, code: 'INVALID_CREDENTIALS' };
    const nowMs = this.clock.now().getTime();
    const throttle = await this.db.system().findOne(LoginThrottle, { tenantSlug: slug, username });
    if (throttle?.lockedUntilMs && throttle.lockedUntilMs > nowMs) {
      this.counters.loginLocked++;
      this.log.warn({ tenant: slug, username, lockedUntil: new Date(throttle.lockedUntilMs).toISOString(), counters: this.counters }, 'login refused: locked');
      return { ok: false, code: 'ACCOUNT_LOCKED', retryAfterSeconds: Math.ceil((throttle.lockedUntilMs - nowMs) / 1000) };
    }
    // tenant-scope: reviewed — the tenant named by the login request, by slug, before any tenant is known
    const tenant = await this.db.system().findOne(Tenant, { slug });
    const user = tenant ? await this.db.forTenant(tenant.id).findOne(User, { username }, { populate: ['passwordHash'] }) : null;
    const valid = user && !user.disabledAt ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
    if (!valid || !user || !tenant) {
      await this.recordFailure(slug, username, nowMs);
      return { ok: false, code: 'INVALID_CREDENTIALS' };
    }
    await this.db.system().nativeDelete(LoginThrottle, { tenantSlug: slug, username });
    // Said only to whoever knows a valid password: the tenant exists and is disabled.
    if (tenant.disabledAt) {
      this.log.warn({ tenant: slug, username }, 'login refused: tenant disabled');
      return { ok: false, code: 'TENANT_DISABLED' };
    }
    const rehashed = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
    const tokens = await this.db.write(tenant.id, async ({ em }) => {
      const now = this.clock.now();
      const session = em.create(Session, { tenant: em.getReference(Tenant, tenant.id), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000) });
      // tenant-scope: reviewed — in db.write(tenant.id): the tenant filter applies; the user was loaded in that tenant
      await em.nativeUpdate(User, { id: user.id }, { lastLoginAt: now, ...(rehashed ? { passwordHash: rehashed } : {}) });
      return this.issue(em, tenant.id, user.id, session, now);
    });
    this.counters.loginSucceeded++;
    this.log.info({ tenant: slug, username, sessionId: tokens.sessionId }, 'login');
    return { ok: true, tokens: tokens.pair };
  }

  /**
   * Re-checks a logged-in user's password for an electronic signature (21 CFR 11.200): the login lockout
   * applies, and a wrong password counts toward it like a failed login.
   */
  async checkSignerPassword(tenant: { id: string; slug: string }, userId: string, password: string): Promise<{ ok: true; user: User } | { ok: false; code: 'INCORRECT' } | { ok: false; code: 'LOCKED'; retryAfterSeconds: number }> {
    const user = await this.db.forTenant(tenant.id).findOne(User, { id: userId, disabledAt: null }, { populate: ['passwordHash'] });
    if (!user) return { ok: false, code: 'INCORRECT' };
    const nowMs = this.clock.now().getTime();
    // tenant-scope: reviewed — login_throttle is keyed by tenant slug and username, not tenant-scoped rows
    const throttle = await this.db.system().findOne(LoginThrottle, { tenantSlug: tenant.slug, username: user.username });
    if (throttle?.lockedUntilMs && throttle.lockedUntilMs > nowMs) return { ok: false, code: 'LOCKED', retryAfterSeconds: Math.ceil((throttle.lockedUntilMs - nowMs) / 1000) };
    if (password.length <= 1024 && (await verifyPassword(password, user.passwordHash))) return { ok: true, user };
    await this.recordFailure(tenant.slug, user.username, nowMs);
    return { ok: false, code: 'INCORRECT' };
  }

  /** Counts a failure for the name (existing or not) and locks it once the count reaches the limit; counts start afresh after a lock ends or after lockSeconds without a failure. */
  private async recordFailure(slug: string, username: string, nowMs: number): Promise<void> {
    // tenant-scope: reviewed — login_throttle is keyed by tenant slug and username (counts unknown names too), not tenant-scoped rows
    const em = this.db.system() as SqlEntityManager;
    const stale = nowMs - this.config.lockSeconds * 1000;
    // Raw SQL for an atomic upsert-and-increment; the table is keyed by tenant slug, not tenant-scoped.
    // tenant-scope: reviewed — login_throttle is keyed by tenant slug and username, bound here
    await em.execute(
      `insert into login_throttle (tenant_slug, username, failures, locked_until_ms, updated_at_ms) values (?, ?, 1, null, ?)
       on conflict (tenant_slug, username) do update set
         failures = case when login_throttle.locked_until_ms <= ? or (login_throttle.locked_until_ms is null and login_throttle.updated_at_ms <= ?) then 1 else login_throttle.failures + 1 end,
         locked_until_ms = null,
         updated_at_ms = ?`,
      [slug, username, nowMs, nowMs, stale, nowMs],
      'run',
    );
    const locked = await em.nativeUpdate(
      LoginThrottle,
      { tenantSlug: slug, username, failures: { $gte: this.config.maxLoginFailures }, lockedUntilMs: null },
      { lockedUntilMs: nowMs + this.config.lockSeconds * 1000 },
    );
    this.counters.loginFailed++;
    if (locked) this.counters.lockouts++;
    this.log.warn({ tenant: slug, username, locked: locked > 0, counters: this.counters }, locked ? 'login failed: locked for a while' : 'login failed');
  }

  async refresh(refreshToken: string): Promise<RefreshOutcome> {
    const invalid = { ok: false, code: 'INVALID_REFRESH_TOKEN' } as const;
    if (!/^cqr_[A-Za-z0-9_-]{43}$/.test(refreshToken)) return invalid;
    const tokenHash = sha256(refreshToken);
    // tenant-scope: reviewed — the refresh token by its hash in every tenant; the row names its tenant, and the exchange runs in that tenant's write
    const stored = await this.db.system().findOne(RefreshToken, { tokenHash });
    if (!stored) return invalid;
    const tenantId = stored.tenant.id;
    // tenant-scope: reviewed — the tenant the stored refresh token names
    if ((await this.db.system().findOne(Tenant, { id: tenantId }))?.disabledAt) return { ok: false, code: 'TENANT_DISABLED' };
    const outcome = await this.db.write(tenantId, async ({ em }) => {
      const now = this.clock.now();
      const session = await em.findOne(Session, { id: stored.sessionId });
      if (!session || session.revokedAt || session.expiresAt <= now) return null;
      // Marks the token used only if nobody did yet: a second presentation is a stolen or replayed token.
      // tenant-scope: reviewed — in db.write of the token's tenant: the tenant filter applies
      const claimed = await em.nativeUpdate(RefreshToken, { tokenHash, usedAt: null }, { usedAt: now });
      if (claimed !== 1) {
        Object.assign(session, { revokedAt: now, revokedReason: 'refresh_reuse' });
        return 'reused' as const;
      }
      const user = await em.findOne(User, { id: session.userId, disabledAt: null });
      if (!user) return null;
      return this.issue(em, tenantId, user.id, session, now);
    });
    if (outcome === 'reused') {
      this.sessions.delete(stored.sessionId);
      this.counters.refreshReused++;
      this.log.warn({ tenantId, sessionId: stored.sessionId, counters: this.counters }, 'refresh token reused: session revoked');
      return invalid;
    }
    return outcome ? { ok: true, tokens: outcome.pair } : invalid;
  }

  private async issue(em: EntityManager, tenantId: string, userId: string, session: Session, now: Date): Promise<{ pair: TokenPair; sessionId: string }> {
    const refreshToken = REFRESH_PREFIX + randomBytes(32).toString('base64url');
    em.create(RefreshToken, { tokenHash: sha256(refreshToken), tenant: em.getReference(Tenant, tenantId), sessionId: session.id, issuedAt: now });
    const iat = Math.floor(now.getTime() / 1000);
    const accessToken = await signJwt({ iss: this.jwt.issuer, aud: this.jwt.audience, sub: userId, tid: tenantId, sid: session.id, iat, exp: iat + this.config.accessTokenTtlSeconds }, await this.keys.current(em));
    return { pair: { accessToken, tokenType: 'Bearer', expiresIn: this.config.accessTokenTtlSeconds, refreshToken, refreshExpiresAt: session.expiresAt.toISOString() }, sessionId: session.id };
  }

  /** Ends sessions in the caller's transaction: one (`sessionId`) or all of the user's but `except`. */
  async revokeSessions(em: EntityManager, where: { userId: string; sessionId?: string; except?: string }, reason: RevokeReason, now: Date): Promise<number> {
    const filter: Record<string, unknown> = { userId: where.userId, revokedAt: null };
    if (where.sessionId) filter.id = where.sessionId;
    else if (where.except) filter.id = { $ne: where.except };
    const ended = await em.find(Session, filter);
    for (const s of ended) Object.assign(s, { revokedAt: now, revokedReason: reason });
    return ended.length;
  }

  signingKeys(ctx: Context): SigningKeyInfo[] {
    this.requireOperator(ctx);
    return this.keys.list().map((k, i) => new SigningKeyInfo(k, i === 0));
  }

  /** Appends a signing key (and an event in the operator's tenant); other instances pick it up within RELOAD_MS. */
  async rotateSigningKey(ctx: Context): Promise<SigningKeyRotated | KeysFromEnvironmentError> {
    this.requireOperator(ctx);
    if (this.keys.fromEnvironment) return new KeysFromEnvironmentError();
    const rotated = await this.db.write(ctx.tenant.id, async (scope) => {
      const now = this.clock.now();
      const { added, previous } = await this.keys.rotate(scope.em, now);
      await appendEvent(scope, {
        type: 'auth.signing_key_rotated',
        subjectType: 'SigningKey',
        subjectId: keyUuid(added.kid),
        actor: actorOf(ctx),
        data: { before: { kid: previous.kid }, after: { kid: added.kid }, previousRetiresAt: previous.retiresAt },
        occurredAt: now,
      });
      return new SigningKeyRotated(new SigningKeyInfo(added, true), new SigningKeyInfo(previous, false));
    });
    await this.keys.reload();
    this.log.info({ kid: rotated.key.kid, previous: rotated.previous.kid, by: ctx.principal.id }, 'signing key rotated');
    return rotated;
  }

  private requireOperator(ctx: Context): void {
    if (ctx.tenant.slug !== this.operatorTenant) throw publicError('FORBIDDEN', 'Signing keys serve every tenant: only admins of the default tenant manage them');
  }

  /** Drops this instance's cached sessions of a user after a commit that revoked or changed them. */
  forgetUser(userId: string): void {
    const principal = userPrincipalId(userId);
    for (const [sid, entry] of this.sessions) if (entry.caller && entry.caller !== 'tenant_disabled' && entry.caller.principal.id === principal) this.sessions.delete(sid);
    this.revoked.emit('principal', principal);
  }

  /**
   * After a tenant was disabled or enabled here: every cached lookup goes (this instance answers the new state at
   * once; others within SESSION_CACHE_TTL_MS), and the tenant's open subscriptions are checked again.
   */
  forgetTenant(tenantId: string): void {
    this.generation++;
    this.sessions.clear();
    this.apiKeys.forgetTenant();
    this.revoked.emit('tenant', tenantId);
  }

  /** Drops the cached lookup of a login record after a change of a user's name, roles, departments or level. */
  forgetSession(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.revoked.emit('session', sessionId);
  }
}

const bearer = (authorization: string | undefined | null): string | null => /^Bearer\s+(\S{1,4096})\s*$/i.exec(authorization ?? '')?.[1] ?? null;

export const normaliseUsername = (username: string): string => username.trim().normalize('NFC').toLowerCase();
