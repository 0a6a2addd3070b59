import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { createHash, randomBytes } from 'node:crypto';
import type { AuthConfig } from '../config/config';
import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import { AuthSecret } from './session.entity';

/** The first generated key's row; rotated keys are `jwt-hs256:<kid>`. */
const FIRST_KEY = 'jwt-hs256';
const KEY_PREFIX = 'jwt-hs256';
/** How often an instance reads the ring again, so that it signs with a key rotated on another instance. */
export const RELOAD_MS = 60_000;
/** The clock leeway verification allows (jwt.ts). */
const LEEWAY_MS = 30_000;

export interface SigningKey {
  kid: string;
  secret: Buffer;
  /** Null for keys from the environment. */
  createdAt: Date | null;
  /** When it stops verifying: null while it signs, or for keys from the environment (removed by the operator). */
  retiresAt: Date | null;
}

/** A UUID naming a key in events (their subject ids are UUIDs): name-based, from the kid (RFC 4122 version 5 layout over SHA-256). */
export function keyUuid(kid: string): string {
  const h = createHash('sha256').update('signing-key:').update(kid).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A key's id: derived from the secret (every instance names an environment key alike), revealing nothing of it. */
export const kidOf = (secret: Buffer): string => createHash('sha256').update('kid:').update(secret).digest('base64url').slice(0, 16);

/**
 * The access-token signing keys: the newest signs, older ones keep verifying until every token they can have
 * signed has expired (the successor's age past the token lifetime, the reload interval and the leeway), then
 * retire. Keys come from JWT_SECRET and JWT_PREVIOUS_SECRETS, or from the auth_secret table (rotateSigningKey).
 */
export class SigningKeyRing {
  private keys: SigningKey[] = [];
  /** Row names by kid, for removing retired keys. */
  private rows = new Map<string, string>();
  private loadedAt = 0;
  private reloading: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly config: AuthConfig,
  ) {}

  /** Whether the keys are configured by the environment (then only a redeploy rotates them). */
  get fromEnvironment(): boolean {
    return this.config.jwtSecret !== null;
  }

  /** Loads the ring; without JWT_SECRET, the first instance to start generates and stores the first key. */
  async init(): Promise<void> {
    if (!this.fromEnvironment) {
      // tenant-scope: reviewed — auth_secret is instance-wide, not tenant data
      const em = this.db.system() as SqlEntityManager;
      if (!(await em.count(AuthSecret, { name: { $like: `${KEY_PREFIX}%` } }))) {
        // tenant-scope: reviewed — auth_secret is instance-wide, not tenant data
        await em
          .createQueryBuilder(AuthSecret)
          .insert({ name: FIRST_KEY, value: randomBytes(32).toString('base64url'), createdAt: this.clock.now() })
          .onConflict('name')
          .ignore()
          .execute();
      }
    }
    await this.reload();
  }

  /**
   * The key that signs new tokens, the ring re-read when it is older than RELOAD_MS (by the app clock). Inside a
   * write, pass its entity manager: SQLite has one connection, held by the write, so a read on another waits for
   * it forever.
   */
  async current(em?: EntityManager): Promise<SigningKey> {
    if (!this.fromEnvironment && this.clock.now().getTime() - this.loadedAt > RELOAD_MS) await this.reload(em);
    return this.keys[0];
  }

  /** The secret that verifies a token of `kid`, or null (unknown or retired); an unknown kid re-reads the ring once (another instance may have rotated). */
  async verifying(kid: string | undefined): Promise<Buffer | null> {
    if (!kid) return null;
    let key = this.keys.find((k) => k.kid === kid);
    if (!key && !this.fromEnvironment) {
      // Concurrent misses share one read: a flood of forged kids costs one query at a time.
      await (this.reloading ??= this.reload().finally(() => (this.reloading = null)));
      key = this.keys.find((k) => k.kid === kid);
    }
    if (!key || (key.retiresAt && key.retiresAt <= this.clock.now())) return null;
    return key.secret;
  }

  /** Every live key, newest (signing) first. */
  list(): SigningKey[] {
    const now = this.clock.now();
    return this.keys.filter((k) => !k.retiresAt || k.retiresAt > now);
  }

  /** Stores a new signing key in the caller's transaction and removes retired ones; the ring reloads after commit. */
  async rotate(em: EntityManager, now: Date): Promise<{ added: SigningKey; previous: SigningKey }> {
    await this.reload(em);
    const previous = this.keys[0];
    const value = randomBytes(32).toString('base64url');
    const secret = Buffer.from(value, 'utf8');
    const kid = kidOf(secret);
    em.create(AuthSecret, { name: `${KEY_PREFIX}:${kid}`, value, createdAt: now });
    const retired = this.keys.filter((k) => k.retiresAt && k.retiresAt <= now);
    // tenant-scope: reviewed — auth_secret is instance-wide, not tenant data: the retired signing keys by name
    if (retired.length) await em.nativeDelete(AuthSecret, { name: { $in: retired.map((k) => this.rows.get(k.kid)!) } });
    return { added: { kid, secret, createdAt: now, retiresAt: null }, previous: { ...previous, retiresAt: this.retirement(now) } };
  }

  /** When a key superseded at `supersededAt` stops verifying. */
  private retirement(supersededAt: Date): Date {
    return new Date(supersededAt.getTime() + this.config.accessTokenTtlSeconds * 1000 + RELOAD_MS + LEEWAY_MS);
  }

  // tenant-scope: reviewed — auth_secret is instance-wide, not tenant data (the system manager by default)
  async reload(em: EntityManager = this.db.system()): Promise<void> {
    if (this.fromEnvironment) {
      const secrets = [this.config.jwtSecret!, ...this.config.jwtPreviousSecrets];
      this.keys = secrets.map((s) => Buffer.from(s, 'utf8')).map((secret) => ({ kid: kidOf(secret), secret, createdAt: null, retiresAt: null }));
    } else {
      // tenant-scope: reviewed — auth_secret is instance-wide, not tenant data
      const rows = await em.find(AuthSecret, { name: { $like: `${KEY_PREFIX}%` } }, { orderBy: { createdAt: 'desc', name: 'desc' } });
      this.rows = new Map();
      this.keys = rows.map((row, i) => {
        const secret = Buffer.from(row.value, 'utf8');
        const kid = kidOf(secret);
        this.rows.set(kid, row.name);
        return { kid, secret, createdAt: row.createdAt, retiresAt: i === 0 ? null : this.retirement(rows[i - 1].createdAt) };
      });
    }
    this.loadedAt = this.clock.now().getTime();
  }
}
