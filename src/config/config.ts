import { resolve } from 'node:path';
import Ajv from 'ajv';
import { JSON_DEPTH_CEILING } from '../shared/json-input';

/** Typed, validated settings; the only place that reads process.env. Every variable is documented in README. */
export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'EXTRA' | 'OFF';

export interface Config {
  port: number;
  host: string;
  graphqlPath: string;
  database:
    | { kind: 'sqlite'; file: string; synchronous: SqliteSynchronous }
    | { kind: 'postgresql'; url: string; poolSize: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  graphiql: boolean;
  templatesDir: string;
  /** database: the shipped set seeds each tenant once, admins change templates through the API; files: TEMPLATES_DIR is the source, published at every start, and the API refuses edits. */
  templatesMode: 'database' | 'files';
  defaultTenant: string;
  adminApiKey?: string;
  /** A platform operator's key (tenant provisioning; belongs to no tenant): its hash is stored at start. */
  operatorApiKey?: string;
  shutdownTimeoutMs: number;
  maxBodyBytes: number;
  /** How often the scheduler fires due timers (auto-close, SLA, escalation); 0: only at start-up. */
  schedulerIntervalMs: number;
  /** Outgoing mail (notifications to role mailboxes); null: no e-mail. */
  smtp: { url: string; from: string } | null;
  /** Redis for the wake-up signal between server instances (subscriptions, webhooks); null: this process only. */
  redisUrl: string | null;
  /** How often subscriptions, webhook delivery and the configuration caches look for committed events without a wake-up (a lost signal costs at most this). */
  eventPollMs: number;
  webhooks: {
    /** Hosts, IP addresses or CIDR ranges that endpoints may point at even though they are private, loopback or link-local. */
    allowedHosts: string[];
    /** Per delivery attempt. */
    timeoutMs: number;
  };
  /** Answer introspection (`__schema`, `__type`); off in production unless asked for. */
  introspection: boolean;
  /** Error messages may name limits and suggest field names ("Did you mean ..."); off in production unless asked for. */
  errorDetails: boolean;
  /** Origins allowed to call from a browser (CORS); `*` allows any; empty: none but the server's own pages. */
  corsOrigins: string[];
  /** Checked before any resolver runs (src/server/limits.ts); each admits its value and refuses one more. */
  limits: GraphqlLimits;
  production: boolean;
  /** User login: access tokens (JWT, HS256), refresh tokens and lockout. */
  auth: AuthConfig;
}

export interface AuthConfig {
  /** Signing key of access tokens; null: generated once and stored in the database (shared by every instance). */
  jwtSecret: string | null;
  /** With jwtSecret: earlier keys that still verify (not sign) access tokens during a rotation. */
  jwtPreviousSecrets: string[];
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Failed logins in a row (per tenant and username) after which the name is locked for lockSeconds. */
  maxLoginFailures: number;
  lockSeconds: number;
  /** How often open subscriptions re-check their credential past the caches (a revoke on another instance). */
  subscriptionRecheckMs: number;
}

export interface GraphqlLimits {
  /** Nesting of fields in one operation (fragments flattened; introspection's __schema not counted). */
  depth: number;
  /** Objects the operation may load (see server/operation-cost.ts): lists count their page size, nested lists multiply. */
  cost: number;
  aliases: number;
  directives: number;
  /** Lexical tokens of the document, counted while parsing. */
  tokens: number;
  /** Items in any list given as an argument or in an input object, at any depth. */
  listLength: number;
  /** Nesting of arrays and objects in a JSON input value (a template's content, form or section data); `{}` is 1. */
  jsonDepth: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable} ${detail}`);
  }
}

const envSchema = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535 },
    HOST: { type: 'string', minLength: 1 },
    GRAPHQL_PATH: { type: 'string', pattern: '^/[A-Za-z0-9/_-]*$' },
    DATABASE_URL: { type: 'string', minLength: 1 },
    SQLITE_SYNCHRONOUS: { enum: ['FULL', 'NORMAL', 'EXTRA', 'OFF'] },
    DB_POOL_SIZE: { type: 'integer', minimum: 1, maximum: 200 },
    LOG_LEVEL: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    GRAPHIQL: { enum: ['true', 'false'] },
    NODE_ENV: { type: 'string' },
    TEMPLATES_DIR: { type: 'string', minLength: 1 },
    TEMPLATES_MODE: { enum: ['database', 'files'] },
    DEFAULT_TENANT: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
    ADMIN_API_KEY: { type: 'string', minLength: 24, maxLength: 256, pattern: '^[\\x21-\\x7e]+$' },
    OPERATOR_API_KEY: { type: 'string', minLength: 24, maxLength: 256, pattern: '^[\\x21-\\x7e]+$' },
    SHUTDOWN_TIMEOUT_MS: { type: 'integer', minimum: 100, maximum: 600000 },
    MAX_BODY_BYTES: { type: 'integer', minimum: 1024, maximum: 104857600 },
    SCHEDULER_INTERVAL_MS: { type: 'integer', minimum: 0, maximum: 3600000 },
    SMTP_URL: { type: 'string', pattern: '^smtps?://[^\\s]+$' },
    SMTP_FROM: { type: 'string', minLength: 3, maxLength: 300 },
    REDIS_URL: { type: 'string', pattern: '^rediss?://[^\\s]+$' },
    EVENT_POLL_MS: { type: 'integer', minimum: 50, maximum: 600000 },
    WEBHOOK_ALLOWED_HOSTS: { type: 'string', maxLength: 2000 },
    WEBHOOK_TIMEOUT_MS: { type: 'integer', minimum: 100, maximum: 120000 },
    JWT_SECRET: { type: 'string', minLength: 32, maxLength: 512 },
    JWT_PREVIOUS_SECRETS: { type: 'string', maxLength: 4000, pattern: '^[^,\\s]{32,512}(,[^,\\s]{32,512})*$' },
    JWT_ISSUER: { type: 'string', minLength: 1, maxLength: 200 },
    JWT_AUDIENCE: { type: 'string', minLength: 1, maxLength: 200 },
    ACCESS_TOKEN_TTL_SECONDS: { type: 'integer', minimum: 30, maximum: 86400 },
    REFRESH_TOKEN_TTL_SECONDS: { type: 'integer', minimum: 60, maximum: 31536000 },
    LOGIN_MAX_FAILURES: { type: 'integer', minimum: 1, maximum: 100 },
    LOGIN_LOCK_SECONDS: { type: 'integer', minimum: 1, maximum: 86400 },
    SUBSCRIPTION_RECHECK_MS: { type: 'integer', minimum: 50, maximum: 30000 },
    INTROSPECTION: { enum: ['true', 'false'] },
    ERROR_DETAILS: { enum: ['true', 'false'] },
    CORS_ORIGINS: { type: 'string', maxLength: 4000, pattern: '^(\\*|https?://[^\\s,/]+(\\s*,\\s*https?://[^\\s,/]+)*)$' },
    GRAPHQL_MAX_DEPTH: { type: 'integer', minimum: 1, maximum: 100 },
    GRAPHQL_MAX_COST: { type: 'integer', minimum: 1, maximum: 10000000 },
    GRAPHQL_MAX_ALIASES: { type: 'integer', minimum: 0, maximum: 10000 },
    GRAPHQL_MAX_DIRECTIVES: { type: 'integer', minimum: 0, maximum: 10000 },
    GRAPHQL_MAX_TOKENS: { type: 'integer', minimum: 10, maximum: 1000000 },
    GRAPHQL_MAX_LIST_LENGTH: { type: 'integer', minimum: 1, maximum: 100000 },
    GRAPHQL_MAX_JSON_DEPTH: { type: 'integer', minimum: 1, maximum: JSON_DEPTH_CEILING },
  },
} as const;

const messages: Record<string, string> = {
  ADMIN_API_KEY: 'must be 24 to 256 printable ASCII characters without spaces',
  OPERATOR_API_KEY: 'must be 24 to 256 printable ASCII characters without spaces',
  DEFAULT_TENANT: 'must be a slug: lowercase letters, digits and "-", starting with a letter or digit',
  GRAPHQL_PATH: 'must be a path starting with "/"',
  TEMPLATES_MODE: 'must be "database" (the default: the shipped templates seed each tenant once, admins change them through the API) or "files" (TEMPLATES_DIR is the source, published at every start; the API refuses template edits)',
  SMTP_URL: 'must be smtp://[user:password@]host[:port] or smtps://...',
  REDIS_URL: 'must be redis://[user:password@]host[:port][/db] or rediss://...',
  JWT_PREVIOUS_SECRETS: 'must be comma-separated earlier JWT_SECRET values of 32 to 512 characters each, without spaces or commas',
  CORS_ORIGINS: 'must be "*" or comma-separated origins such as https://qe.example.com,http://localhost:5173',
};

const ajv = new Ajv({ allErrors: false, coerceTypes: true, strict: true });
const validateEnv = ajv.compile(envSchema);

/** Reads the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(envSchema.properties);
  // Only our variables, trimmed; empty means unset so `PORT= npm start` behaves like no PORT.
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key]?.trim();
    if (value !== undefined && value !== '') raw[key] = value;
  }
  if (!validateEnv(raw)) {
    const error = validateEnv.errors![0];
    const variable = error.instancePath.replace(/^\//, '');
    const got = JSON.stringify(env[variable]);
    const detail = messages[variable] ?? `${error.message}${'allowedValues' in error.params ? ` (${(error.params.allowedValues as string[]).join(', ')})` : ''}`;
    throw new ConfigError(variable, `${detail}, got ${got}`);
  }
  const v = raw as {
    PORT?: number; HOST?: string; GRAPHQL_PATH?: string; DATABASE_URL?: string; SQLITE_SYNCHRONOUS?: SqliteSynchronous;
    DB_POOL_SIZE?: number; LOG_LEVEL?: Config['logLevel']; GRAPHIQL?: 'true' | 'false'; NODE_ENV?: string; TEMPLATES_DIR?: string; TEMPLATES_MODE?: 'database' | 'files';
    DEFAULT_TENANT?: string; ADMIN_API_KEY?: string; OPERATOR_API_KEY?: string; SHUTDOWN_TIMEOUT_MS?: number; MAX_BODY_BYTES?: number;
    SCHEDULER_INTERVAL_MS?: number; SMTP_URL?: string; SMTP_FROM?: string; REDIS_URL?: string; EVENT_POLL_MS?: number;
    WEBHOOK_ALLOWED_HOSTS?: string; WEBHOOK_TIMEOUT_MS?: number;
    JWT_SECRET?: string; JWT_PREVIOUS_SECRETS?: string; JWT_ISSUER?: string; JWT_AUDIENCE?: string; ACCESS_TOKEN_TTL_SECONDS?: number; REFRESH_TOKEN_TTL_SECONDS?: number;
    LOGIN_MAX_FAILURES?: number; LOGIN_LOCK_SECONDS?: number; SUBSCRIPTION_RECHECK_MS?: number;
    INTROSPECTION?: 'true' | 'false'; ERROR_DETAILS?: 'true' | 'false';
    CORS_ORIGINS?: string; GRAPHQL_MAX_DEPTH?: number; GRAPHQL_MAX_COST?: number; GRAPHQL_MAX_ALIASES?: number; GRAPHQL_MAX_DIRECTIVES?: number;
    GRAPHQL_MAX_TOKENS?: number; GRAPHQL_MAX_LIST_LENGTH?: number; GRAPHQL_MAX_JSON_DEPTH?: number;
  };
  const production = v.NODE_ENV === 'production';
  return {
    port: v.PORT ?? 4000,
    host: v.HOST ?? '0.0.0.0',
    graphqlPath: v.GRAPHQL_PATH ?? '/graphql',
    database: parseDatabaseUrl(v.DATABASE_URL ?? 'sqlite:./data/complaints.db', v.SQLITE_SYNCHRONOUS ?? 'FULL', v.DB_POOL_SIZE ?? 10),
    logLevel: v.LOG_LEVEL ?? 'info',
    graphiql: v.GRAPHIQL ? v.GRAPHIQL === 'true' : !production,
    templatesDir: resolve(v.TEMPLATES_DIR ?? 'templates'),
    templatesMode: v.TEMPLATES_MODE ?? 'database',
    defaultTenant: v.DEFAULT_TENANT ?? 'default',
    adminApiKey: v.ADMIN_API_KEY,
    operatorApiKey: v.OPERATOR_API_KEY,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    maxBodyBytes: v.MAX_BODY_BYTES ?? 1_048_576,
    schedulerIntervalMs: v.SCHEDULER_INTERVAL_MS ?? 5_000,
    smtp: v.SMTP_URL ? { url: v.SMTP_URL, from: v.SMTP_FROM ?? 'Complaint QMS <complaints@localhost>' } : null,
    redisUrl: v.REDIS_URL ?? null,
    eventPollMs: v.EVENT_POLL_MS ?? 1_000,
    webhooks: {
      allowedHosts: (v.WEBHOOK_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
      timeoutMs: v.WEBHOOK_TIMEOUT_MS ?? 15_000,
    },
    introspection: v.INTROSPECTION ? v.INTROSPECTION === 'true' : !production,
    errorDetails: v.ERROR_DETAILS ? v.ERROR_DETAILS === 'true' : !production,
    corsOrigins: (v.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    // Defaults admit every operation in test/operations (the deepest is 5, the costliest 702, the longest 237 tokens)
    // and a page of 100 with a full row on every paged field.
    limits: {
      depth: v.GRAPHQL_MAX_DEPTH ?? 10,
      cost: v.GRAPHQL_MAX_COST ?? 5000,
      aliases: v.GRAPHQL_MAX_ALIASES ?? 15,
      directives: v.GRAPHQL_MAX_DIRECTIVES ?? 50,
      tokens: v.GRAPHQL_MAX_TOKENS ?? 1000,
      // A ceiling against huge inputs; fields with a tighter rule answer with their own typed error (statistics filters: 100, TOO_MANY_VALUES).
      listLength: v.GRAPHQL_MAX_LIST_LENGTH ?? 1000,
      // The deepest shipped template is 12 levels (templates/investigations/8d.json), an importTemplates bundle of it 15.
      jsonDepth: v.GRAPHQL_MAX_JSON_DEPTH ?? 64,
    },
    production,
    auth: {
      jwtSecret: v.JWT_SECRET ?? null,
      jwtPreviousSecrets: v.JWT_SECRET && v.JWT_PREVIOUS_SECRETS ? v.JWT_PREVIOUS_SECRETS.split(',') : [],
      issuer: v.JWT_ISSUER ?? 'complaint-qms',
      audience: v.JWT_AUDIENCE ?? 'complaint-qms-api',
      accessTokenTtlSeconds: v.ACCESS_TOKEN_TTL_SECONDS ?? 900,
      refreshTokenTtlSeconds: v.REFRESH_TOKEN_TTL_SECONDS ?? 30 * 86400,
      maxLoginFailures: v.LOGIN_MAX_FAILURES ?? 5,
      lockSeconds: v.LOGIN_LOCK_SECONDS ?? 900,
      // The session cache's lifetime: a revoke elsewhere is noticed no later than an HTTP request would notice it.
      subscriptionRecheckMs: v.SUBSCRIPTION_RECHECK_MS ?? 30_000,
    },
  };
}

function parseDatabaseUrl(url: string, synchronous: SqliteSynchronous, poolSize: number): Config['database'] {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite' || scheme === 'file') {
    const path = url.slice(scheme.length + 1).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new ConfigError('DATABASE_URL', `must name a file, e.g. sqlite:./data/complaints.db, got ${JSON.stringify(url)}`);
    return { kind: 'sqlite', file: path === ':memory:' ? path : resolve(path), synchronous };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', `is not a valid PostgreSQL URL, got ${JSON.stringify(url)}`);
    }
    return { kind: 'postgresql', url, poolSize };
  }
  throw new ConfigError('DATABASE_URL', `must start with sqlite: or postgres://, got ${JSON.stringify(url)}`);
}
