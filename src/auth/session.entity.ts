import { BigIntType, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantScoped } from '../db/tenant-scoped.entity';
import { Tenant } from '../db/tenant.entity';

/** One login: the family of refresh tokens rotated from it. Revoking it ends every token of the family. */
@Entity({ tableName: 'auth_session' })
@Index({ properties: ['userId'] })
export class Session extends TenantScoped {
  [OptionalProps]?: 'revokedAt' | 'revokedReason';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: Date })
  createdAt!: Date;

  /** No refresh after this, however often the session was refreshed. */
  @Property({ type: Date })
  expiresAt!: Date;

  @Property({ type: Date, nullable: true })
  revokedAt: Date | null = null;

  /** logout, refresh_reuse, password_changed, password_reset, disabled. */
  @Property({ type: 'string', length: 40, nullable: true })
  revokedReason: string | null = null;
}

/**
 * A refresh token of a session, stored as SHA-256 (256-bit random, so a slow hash adds nothing). Looked up
 * before the tenant is known, hence not TenantScoped. A used token stays, so that its reuse is recognised.
 */
@Entity({ tableName: 'refresh_token' })
export class RefreshToken {
  [OptionalProps]?: 'usedAt';

  @PrimaryKey({ type: 'string', length: 64 })
  tokenHash!: string;

  @ManyToOne(() => Tenant, { ref: true, deleteRule: 'cascade' })
  tenant!: Ref<Tenant>;

  @Index()
  @Property({ type: 'uuid' })
  sessionId!: string;

  @Property({ type: Date })
  issuedAt!: Date;

  /** Set when it was exchanged for the next one; presenting it again revokes the session. */
  @Property({ type: Date, nullable: true })
  usedAt: Date | null = null;
}

/**
 * Failed logins per tenant slug and username, whether or not the user exists, so that lockout reveals
 * nothing about which usernames exist. Keyed before the tenant is resolved, hence not TenantScoped.
 */
@Entity({ tableName: 'login_throttle' })
export class LoginThrottle {
  @PrimaryKey({ type: 'string', length: 63 })
  tenantSlug!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  username!: string;

  @Property({ type: 'integer' })
  failures!: number;

  /** Epoch milliseconds (an integer compares the same way in SQLite and PostgreSQL raw SQL). */
  @Property({ type: new BigIntType('number'), nullable: true })
  lockedUntilMs: number | null = null;

  @Property({ type: new BigIntType('number') })
  updatedAtMs!: number;
}

/** Deployment-wide secrets generated once (the access-token signing key when JWT_SECRET is unset), shared by every instance. */
@Entity({ tableName: 'auth_secret' })
export class AuthSecret {
  @PrimaryKey({ type: 'string', length: 40 })
  name!: string;

  @Property({ type: 'string', length: 200 })
  value!: string;

  @Property({ type: Date })
  createdAt!: Date;
}
