import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { Config } from '../config/config';
import type { EntitySet } from './entity-set';
import { postgresqlMigrations } from './migrations/postgresql';
import { sqliteMigrations } from './migrations/sqlite';
import { TENANT_FILTER } from './tenant-scoped.entity';

export type Dialect = Config['database']['kind'];

/**
 * The tenant filter is on by default for every tenant-owned entity: queries need the tenant as a filter
 * parameter (set from the request context) or they fail, so a resolver cannot forget it.
 */
const tenantFilters = ({ tenantRelationEntities, tenantIdEntities }: EntitySet) => ({
  [TENANT_FILTER]: {
    name: TENANT_FILTER,
    default: true,
    entity: [...tenantRelationEntities, ...tenantIdEntities],
    cond: (args: { tenantId?: string }, _type: string, _em: unknown, _options: unknown, entityName?: unknown) => {
      if (!args?.tenantId) throw new Error('tenant filter used without a tenant');
      const name = typeof entityName === 'string' ? entityName : (entityName as { name?: string } | undefined)?.name;
      return name && tenantIdEntities.includes(name) ? { tenantId: args.tenantId } : { tenant: args.tenantId };
    },
  },
});

/** The ORM's options for these entities (registered at the composition root, src/entities.ts). */
export function ormOptions(database: Config['database'], entitySet: EntitySet, debug = false): Options {
  const common = {
    entities: entitySet.entities,
    extensions: [Migrator],
    filters: tenantFilters(entitySet),
    forceUtcTimezone: true,
    debug,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
    implicitTransactions: false,
  } satisfies Options;
  if (database.kind === 'sqlite') {
    const pragmas = `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${database.synchronous}; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;`;
    return {
      ...common,
      driver: SqliteDriver,
      dbName: database.file,
      // One connection: the process's writers are already serialised by Database.write, so SQLITE_BUSY cannot happen in-process.
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) => {
          conn.exec(pragmas, (err) => done(err, conn));
        },
      },
      migrations: { migrationsList: sqliteMigrations, silent: true, transactional: true, allOrNothing: true, snapshot: false },
    } as Options;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: database.url,
    pool: { min: 0, max: database.poolSize },
    migrations: { migrationsList: postgresqlMigrations, silent: true, transactional: true, allOrNothing: true, snapshot: false },
  } as Options;
}
