import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/db/database';
import { appEntities } from '../../../src/entities';
import { createTestDatabase } from '../../fixtures/test-database';

describe(`upgrading a database with template versions from before their source (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('marks versions published by system or from a file SHIPPED, imported ones IMPORT, the rest ADMIN', async () => {
    const testDb = await createTestDatabase();
    const db = await Database.connect(testDb.database, appEntities);
    try {
      const migrator = db.orm.getMigrator();
      const names = (await migrator.getPendingMigrations()).map((m) => m.name);
      const source = names.findIndex((n) => n.endsWith('TemplateSource'));
      await migrator.up({ to: names[source - 1] });
      const conn = db.system().getConnection();
      const now = testDb.database.kind === 'sqlite' ? String(Date.now()) : 'now()';
      const tenant = '00000000-0000-4000-8000-0000000000d0';
      await conn.execute(`insert into tenant (id, slug, name, created_at) values ('${tenant}', 'old', 'old', ${now})`);
      // [version id suffix, published_by, the data of its template.published event (null: no event)]
      const versions: Array<[string, string, Record<string, unknown> | null]> = [
        ['1', 'system', { source: 'templates/organization.json' }], // the files at start
        ['2', 'api-key:k1', { source: 'import' }], // importTemplates
        ['3', 'cli', { source: 'import' }], // the templates CLI
        ['4', 'api-key:k1', { previousVersion: 1 }], // publishTemplate
        ['5', 'system', null], // published by system, its event not found
        ['6', 'user:u1', null],
      ];
      let sequence = 0;
      for (const [n, by, data] of versions) {
        const id = `00000000-0000-4000-8000-00000000d10${n}`;
        await conn.execute(
          `insert into template_version (id, tenant_id, kind, key, version, content, content_hash, published_at, published_by)
           values ('${id}', '${tenant}', 'complaint-type', 'k${n}', 1, '{}', 'h', ${now}, '${by}')`,
        );
        if (data) {
          sequence += 1;
          await conn.execute(
            `insert into event (id, tenant_id, sequence, type, subject_type, subject_id, actor_id, actor_name, occurred_at, data, prev_hash, hash)
             values ('00000000-0000-4000-8000-00000000e10${n}', '${tenant}', ${sequence}, 'template.published', 'TemplateVersion', '${id}', '${by}', 'x', ${now}, '${JSON.stringify(data)}', 'a', 'b')`,
          );
        }
      }
      await db.migrate();
      const rows: Array<{ key: string; source: string }> = await conn.execute(`select key, source from template_version order by key`);
      expect(rows.map((r) => [r.key, r.source])).toEqual([
        ['k1', 'SHIPPED'],
        ['k2', 'IMPORT'],
        ['k3', 'IMPORT'],
        ['k4', 'ADMIN'],
        ['k5', 'SHIPPED'],
        ['k6', 'ADMIN'],
      ]);
      expect((await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
