import { knex } from '@mikro-orm/knex';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresqlMigrations } from '../../../src/db/migrations/postgresql';
import { sqliteMigrations } from '../../../src/db/migrations/sqlite';
import { MeDocument } from '../../__generated__/graphql';
import { killAllServerProcesses, processClient, startServerProcess } from '../../fixtures/server-process';
import { createTestDatabase, testDialect, type TestDatabase } from '../../fixtures/test-database';

/**
 * Several server processes starting at the same moment on one empty database: migrations, the default tenant and
 * the seeding of the shipped templates run once, one instance at a time (the start-up lock), and every instance
 * comes up. PostgreSQL is where several instances belong; on SQLite (one process by design) two processes
 * starting on one file at least do not crash or seed twice.
 */
const KEY = 'startup-lock-admin-key-00000000000';
const TEMPLATES_DIR = join(__dirname, '../../../templates');

/** The shipped template files (every *.json under templates/). */
function shippedTemplateCount(dir = TEMPLATES_DIR): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? shippedTemplateCount(join(dir, e.name)) : e.name.endsWith('.json') ? 1 : 0), 0);
}

const databases: TestDatabase[] = [];
afterAll(async () => {
  await killAllServerProcesses();
  for (const db of databases) await db.drop();
});

const postgres = testDialect() === 'postgresql';
const INSTANCES = postgres ? 3 : 2;
const ROUNDS = 3;

describe('instances starting together on one empty database', { timeout: 240_000 }, () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => ({ round: i + 1 })))(
    `round $round: ${INSTANCES} instances all come up; migrations applied once, one default tenant, templates seeded once`,
    async () => {
      const db = await createTestDatabase();
      databases.push(db);
      const url = db.database.kind === 'postgresql' ? db.database.url : `sqlite:${db.database.file}`;
      const env = { DATABASE_URL: url, ADMIN_API_KEY: KEY, SCHEDULER_INTERVAL_MS: '0', EVENT_POLL_MS: '1000' };
      const started = await Promise.allSettled(Array.from({ length: INSTANCES }, () => startServerProcess(env)));
      const failed = started.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(failed.map((f) => String(f.reason).slice(0, 2000))).toEqual([]);
      const servers = started.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof startServerProcess>>>).value);

      // Every instance answers, with the one admin key.
      for (const server of servers) {
        expect((await processClient(server, KEY).query(MeDocument)).me).toMatchObject({ kind: 'API_KEY', roles: ['admin'], tenant: 'default' });
      }
      await Promise.all(servers.map((s) => s.kill('SIGTERM')));

      const sql =
        db.database.kind === 'postgresql'
          ? knex({ client: 'pg', connection: db.database.url, pool: { min: 0, max: 1 } })
          : knex({ client: 'sqlite3', connection: { filename: db.database.file }, useNullAsDefault: true });
      try {
        const migrations = (await sql('mikro_orm_migrations').select('name')).map((r: { name: string }) => r.name);
        const expected = (postgres ? postgresqlMigrations : sqliteMigrations).map((m) => m.name);
        expect([...migrations].sort()).toEqual([...expected].sort());

        expect((await sql('tenant').select('slug')).map((r: { slug: string }) => r.slug)).toEqual(['default']);

        const versions = await sql('template_version').select('kind', 'key', 'version');
        expect(versions).toHaveLength(shippedTemplateCount());
        expect(versions.filter((v: { version: number }) => Number(v.version) !== 1)).toEqual([]);
        const published = await sql('event').where({ type: 'template.published' }).count({ n: '*' });
        expect(Number(published[0].n)).toBe(versions.length);
      } finally {
        await sql.destroy();
      }
    },
  );
});
