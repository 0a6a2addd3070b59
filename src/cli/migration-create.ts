// Creates a migration for one dialect from the difference between the entities and a scratch database
// that has every existing migration applied. Usage (after npm run build):
//   node dist/cli/migration-create.js sqlite|postgresql <name> [postgres-admin-url]
import { MikroORM } from '@mikro-orm/core';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex } from '@mikro-orm/knex';
import { ormOptions } from '../db/orm-config';
import { appEntities } from '../entities';

async function main(): Promise<void> {
  const [dialect, name, adminUrl = 'postgres://postgres@127.0.0.1:5432/postgres'] = process.argv.slice(2);
  if ((dialect !== 'sqlite' && dialect !== 'postgresql') || !name || !/^[A-Za-z0-9]+$/.test(name)) {
    throw new Error('usage: migration-create sqlite|postgresql <AlphanumericName> [postgres-admin-url]');
  }
  const dir = join(__dirname, '../../src/db/migrations', dialect);
  let cleanup = async () => undefined as void;
  let database;
  if (dialect === 'sqlite') {
    const tmp = mkdtempSync(join(tmpdir(), 'migration-'));
    database = { kind: 'sqlite' as const, file: join(tmp, 'scratch.db'), synchronous: 'OFF' as const };
    cleanup = async () => rmSync(tmp, { recursive: true, force: true });
  } else {
    const scratch = `migration_scratch_${process.pid}`;
    const admin = knex({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
    // tenant-scope: reviewed — CLI: creates a scratch database for generating a migration; no tenant data
    await admin.raw(`create database ${scratch}`);
    const url = new URL(adminUrl);
    url.pathname = `/${scratch}`;
    database = { kind: 'postgresql' as const, url: url.toString(), poolSize: 2 };
    cleanup = async () => {
      // tenant-scope: reviewed — CLI: drops that scratch database
      await admin.raw(`drop database if exists ${scratch}`);
      await admin.destroy();
    };
  }
  const options = ormOptions(database, appEntities);
  const orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, path: dir, emit: 'ts', fileName: (ts) => `Migration${ts}${name}` } });
  try {
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration(dir, false, false, name);
    if (!result.diff.up.length) {
      console.log('entities and migrations agree: nothing to create');
      return;
    }
    const files = readdirSync(dir).filter((f) => /^Migration\d+.*\.ts$/.test(f)).sort();
    const modules = files.map((f) => f.replace(/\.ts$/, ''));
    const classes = files.map((f) => /export class (\w+)/.exec(readFileSync(join(dir, f), 'utf8'))![1]);
    const index = [
      "import type { MigrationObject } from '@mikro-orm/core';",
      ...classes.map((c, i) => `import { ${c} } from './${modules[i]}';`),
      '',
      '/** Applied in order; never edit one that has shipped, add a new one (npm run build && node dist/cli/migration-create.js). */',
      `export const ${dialect}Migrations: MigrationObject[] = [`,
      ...classes.map((c, i) => `  { name: '${modules[i]}', class: ${c} },`),
      '];',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'index.ts'), index);
    console.log(`created ${result.fileName} and updated index.ts`);
  } finally {
    await orm.close(true);
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
