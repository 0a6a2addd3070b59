import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config';

describe('loadConfig', () => {
  it('defaults to SQLite under ./data, port 4000, durable commits, GraphiQL on outside production', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, graphqlPath: '/graphql', graphiql: true, logLevel: 'info', shutdownTimeoutMs: 10_000, defaultTenant: 'default' });
    expect(config.database).toEqual({ kind: 'sqlite', file: expect.stringMatching(/\/data\/complaints\.db$/), synchronous: 'FULL' });
  });

  it.each([
    { env: { DATABASE_URL: 'postgres://u@db:5432/qms', DB_POOL_SIZE: '20' }, database: { kind: 'postgresql', url: 'postgres://u@db:5432/qms', poolSize: 20 } },
    { env: { DATABASE_URL: 'postgresql://u@db/qms' }, database: { kind: 'postgresql', url: 'postgresql://u@db/qms', poolSize: 10 } },
    { env: { DATABASE_URL: 'sqlite::memory:' }, database: { kind: 'sqlite', file: ':memory:', synchronous: 'FULL' } },
    { env: { DATABASE_URL: 'sqlite:/var/lib/qms/q.db', SQLITE_SYNCHRONOUS: 'NORMAL' }, database: { kind: 'sqlite', file: '/var/lib/qms/q.db', synchronous: 'NORMAL' } },
  ])('reads DATABASE_URL $env.DATABASE_URL', ({ env, database }) => {
    expect(loadConfig(env).database).toEqual(database);
  });

  it('turns GraphiQL off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
  });

  it('turns introspection and error details off in production unless asked for, and reads the endpoint limits', () => {
    expect(loadConfig({})).toMatchObject({ introspection: true, errorDetails: true, corsOrigins: [] });
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ introspection: false, errorDetails: false });
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true', ERROR_DETAILS: 'true' })).toMatchObject({ introspection: true, errorDetails: true });
    expect(loadConfig({ CORS_ORIGINS: 'https://qe.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://qe.example.com', 'http://localhost:5173']);
    expect(loadConfig({ GRAPHQL_MAX_DEPTH: '7', GRAPHQL_MAX_COST: '900', GRAPHQL_MAX_ALIASES: '0', GRAPHQL_MAX_DIRECTIVES: '3', GRAPHQL_MAX_TOKENS: '400', GRAPHQL_MAX_LIST_LENGTH: '20', GRAPHQL_MAX_JSON_DEPTH: '32' }).limits).toEqual({
      depth: 7, cost: 900, aliases: 0, directives: 3, tokens: 400, listLength: 20, jsonDepth: 32,
    });
  });

  it('manages templates in the database unless TEMPLATES_MODE=files', () => {
    expect(loadConfig({}).templatesMode).toBe('database');
    expect(loadConfig({ TEMPLATES_MODE: 'database' }).templatesMode).toBe('database');
    expect(loadConfig({ TEMPLATES_MODE: 'files' }).templatesMode).toBe('files');
  });

  it('refuses another TEMPLATES_MODE with the values it takes', () => {
    expect(() => loadConfig({ TEMPLATES_MODE: 'file' })).toThrow(
      'Invalid configuration: TEMPLATES_MODE must be "database" (the default: the shipped templates seed each tenant once, admins change them through the API) or "files" (TEMPLATES_DIR is the source, published at every start; the API refuses template edits), got "file"',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(4000);
  });

  it.each([
    { env: { PORT: 'abc' }, variable: 'PORT' },
    { env: { PORT: '70000' }, variable: 'PORT' },
    { env: { DATABASE_URL: 'mysql://x/y' }, variable: 'DATABASE_URL' },
    { env: { DATABASE_URL: 'sqlite:' }, variable: 'DATABASE_URL' },
    { env: { DATABASE_URL: 'postgres://[bad' }, variable: 'DATABASE_URL' },
    { env: { SQLITE_SYNCHRONOUS: 'SOMETIMES' }, variable: 'SQLITE_SYNCHRONOUS' },
    { env: { LOG_LEVEL: 'loud' }, variable: 'LOG_LEVEL' },
    { env: { GRAPHIQL: 'yes' }, variable: 'GRAPHIQL' },
    { env: { ADMIN_API_KEY: 'short' }, variable: 'ADMIN_API_KEY' },
    { env: { DEFAULT_TENANT: 'Has Spaces' }, variable: 'DEFAULT_TENANT' },
    { env: { GRAPHQL_PATH: 'graphql' }, variable: 'GRAPHQL_PATH' },
    { env: { SHUTDOWN_TIMEOUT_MS: '5' }, variable: 'SHUTDOWN_TIMEOUT_MS' },
    { env: { CORS_ORIGINS: 'qe.example.com' }, variable: 'CORS_ORIGINS' },
    { env: { CORS_ORIGINS: 'https://qe.example.com/app' }, variable: 'CORS_ORIGINS' },
    { env: { GRAPHQL_MAX_DEPTH: '0' }, variable: 'GRAPHQL_MAX_DEPTH' },
    { env: { GRAPHQL_MAX_LIST_LENGTH: 'many' }, variable: 'GRAPHQL_MAX_LIST_LENGTH' },
    { env: { GRAPHQL_MAX_JSON_DEPTH: '0' }, variable: 'GRAPHQL_MAX_JSON_DEPTH' },
    { env: { GRAPHQL_MAX_JSON_DEPTH: '257' }, variable: 'GRAPHQL_MAX_JSON_DEPTH' },
    { env: { INTROSPECTION: 'on' }, variable: 'INTROSPECTION' },
    { env: { TEMPLATES_MODE: 'FILES' }, variable: 'TEMPLATES_MODE' },
  ])('refuses $env with one message naming $variable', ({ env, variable }) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^Invalid configuration: ${variable} .+, got "`));
    expect((error as ConfigError).message).not.toContain('\n');
  });
});
