import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/db/database';
import { appEntities } from '../../../src/entities';
import { storedAndRecomputedRollup } from '../../fixtures/rollup';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await Database.connect(testDb.database, appEntities);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

describe(`migrations (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('bring an empty database exactly to the schema the entities describe', async () => {
    expect(await db.pendingMigrations()).toBeGreaterThan(0);
    const applied = await db.migrate();
    expect(applied.length).toBeGreaterThan(0);
    expect(await db.pendingMigrations()).toBe(0);
    const diff = await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('are idempotent: running them again applies nothing', async () => {
    expect(await db.migrate()).toEqual([]);
  });

  if (process.env.TEST_DB !== 'postgresql') {
    it('run SQLite in WAL mode with the configured synchronous level', async () => {
      const em = db.system().getConnection();
      expect(await em.execute('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await em.execute('pragma synchronous')).toEqual([{ synchronous: 1 }]); // NORMAL in tests; FULL (2) is the default
      expect(await em.execute('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    });
  }
});

describe('the event table', () => {
  it('refuses UPDATE and DELETE at the database level', async () => {
    const conn = db.system().getConnection();
    const tenantId = '00000000-0000-4000-8000-000000000001';
    await conn.execute(`insert into tenant (id, slug, name, created_at) values ('${tenantId}', 'audit', 'audit', ${testDb.database.kind === 'sqlite' ? Date.now() : 'now()'})`);
    await conn.execute(
      `insert into event (id, tenant_id, sequence, type, subject_type, subject_id, actor_id, actor_name, occurred_at, data, prev_hash, hash)
       values ('00000000-0000-4000-8000-000000000002', '${tenantId}', 1, 't', 'Complaint', '00000000-0000-4000-8000-000000000003', 'system', 'System', ${testDb.database.kind === 'sqlite' ? Date.now() : 'now()'}, '{}', 'a', 'b')`,
    );
    await expect(conn.execute(`update event set type = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`delete from event`)).rejects.toThrow(/append-only/);
    if (testDb.database.kind === 'postgresql') await expect(conn.execute('truncate event')).rejects.toThrow(/append-only/);
    expect(await conn.execute(`select type from event`)).toEqual([{ type: 't' }]);
  });
});

describe('upgrading a database with complaints from before stage 1', () => {
  it('keeps the rows and gives them the first stage-1 workflow', async () => {
    const testDb2 = await createTestDatabase();
    const db2 = await Database.connect(testDb2.database, appEntities);
    try {
      const migrator = db2.orm.getMigrator();
      const names = (await migrator.getPendingMigrations()).map((m) => m.name);
      const stageOne = names.findIndex((n) => n.endsWith('ComplaintStageOne'));
      await migrator.up({ to: names[stageOne - 1] });
      const conn = db2.system().getConnection();
      const now = testDb2.database.kind === 'sqlite' ? String(Date.now()) : 'now()';
      await conn.execute(`insert into tenant (id, slug, name, created_at) values ('00000000-0000-4000-8000-0000000000a1', 'old', 'old', ${now})`);
      await conn.execute(
        `insert into complaint (id, tenant_id, number, type_key, template_version, status, data, created_at, updated_at, version, created_by)
         values ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000a1', 'CC-2026-000001', 'product-quality', 1, 'RECEIVED', '{"a":1}', ${now}, ${now}, 1, 'legacy')`,
      );
      await db2.migrate();
      const rows = await conn.execute(`select workflow_key, workflow_version, record, data, category from complaint`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ workflow_key: 'stage-1', workflow_version: 1, category: null });
      const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
      expect(parse(rows[0].record)).toEqual({});
      expect(parse(rows[0].data)).toEqual({ a: 1 });
      expect((await db2.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    } finally {
      await db2.close();
      await testDb2.drop();
    }
  });
});

describe('upgrading a database with statistics facts from before repeat gaps', () => {
  it('gives each fact its gap to the complaint before it on the same product and category', async () => {
    const testDb2 = await createTestDatabase();
    const db2 = await Database.connect(testDb2.database, appEntities);
    try {
      const migrator = db2.orm.getMigrator();
      const names = (await migrator.getPendingMigrations()).map((m) => m.name);
      const repeats = names.findIndex((n) => n.endsWith('StageTwoFactsRepeats'));
      await migrator.up({ to: names[repeats - 1] });
      const conn = db2.system().getConnection();
      const sqlite = testDb2.database.kind === 'sqlite';
      const at = (iso: string) => (sqlite ? String(Date.parse(iso)) : `'${iso}'`);
      const tenant = '00000000-0000-4000-8000-0000000000b1';
      // a, b, c on P1/machining (b and c received at the same instant: ties by id), d on P1/material, e without a category.
      const facts: Array<[string, string, string | null, string]> = [
        ['00000000-0000-4000-8000-00000000000a', 'P1', 'machining', '2026-11-01T00:00:00Z'],
        ['00000000-0000-4000-8000-00000000000c', 'P1', 'machining', '2026-11-03T00:00:00Z'],
        ['00000000-0000-4000-8000-00000000000b', 'P1', 'machining', '2026-11-03T00:00:00Z'],
        ['00000000-0000-4000-8000-00000000000d', 'P1', 'material', '2026-11-04T00:00:00Z'],
        ['00000000-0000-4000-8000-00000000000e', 'P1', null, '2026-11-05T00:00:00Z'],
      ];
      for (const [id, product, category, received] of facts) {
        await conn.execute(
          `insert into complaint_fact (complaint_id, tenant_id, received_at, received_day, received_month, received_week, type_key, category, product_key, rejected, reopen_count, cycle_seconds)
           values ('${id}', '${tenant}', ${at(received)}, '${received.slice(0, 10)}', '${received.slice(0, 7)}', '2026-W44', 'product-quality', ${category ? `'${category}'` : 'null'}, '${product}', ${sqlite ? 0 : 'false'}, 0,
             ${id.endsWith('a') ? 3 * 86_400 : 'null'})`,
        );
      }
      await db2.migrate();
      const rows: Array<{ complaint_id: string; repeat_gap_seconds: number | string | null }> = await conn.execute(`select complaint_id, repeat_gap_seconds from complaint_fact order by complaint_id`);
      expect(rows.map((r) => [r.complaint_id.slice(-1), r.repeat_gap_seconds === null ? null : Number(r.repeat_gap_seconds)])).toEqual([
        ['a', null],
        ['b', 2 * 86_400],
        ['c', 0],
        ['d', null],
        ['e', null],
      ]);
      // The rollup migration that came later summed these facts (gaps included) into its monthly rows.
      const rollup = await storedAndRecomputedRollup(db2.system());
      expect(rollup.stored).toEqual(rollup.recomputed);
      // a's cycle time of 3 days is in the 4-hourly bucket 24 + (3 - 1) days / 4 h = 36.
      expect(rollup.histogram.stored).toEqual([[tenant, '2026-11', 'machining', 36, 1]]);
      expect(rollup.histogram.stored).toEqual(rollup.histogram.recomputed);
      expect(rollup.stored.map((r) => [r.category, r.n, r.repeats_7, r.repeats_365])).toEqual([
        ['', 1, 0, 0],
        ['machining', 3, 2, 2],
        ['material', 1, 0, 0],
      ]);
    } finally {
      await db2.close();
      await testDb2.drop();
    }
  });
});

describe('upgrading a database with statistics facts from before costs', () => {
  it('gives each fact a cost of 0', async () => {
    const testDb2 = await createTestDatabase();
    const db2 = await Database.connect(testDb2.database, appEntities);
    try {
      const migrator = db2.orm.getMigrator();
      const names = (await migrator.getPendingMigrations()).map((m) => m.name);
      const costs = names.findIndex((n) => n.endsWith('Costs'));
      await migrator.up({ to: names[costs - 1] });
      const conn = db2.system().getConnection();
      const sqlite = testDb2.database.kind === 'sqlite';
      await conn.execute(
        `insert into complaint_fact (complaint_id, tenant_id, received_at, received_day, received_month, received_week, type_key, rejected, reopen_count)
         values ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c0', ${sqlite ? String(Date.parse('2026-11-01T00:00:00Z')) : `'2026-11-01T00:00:00Z'`}, '2026-11-01', '2026-11', '2026-W44', 'product-quality', ${sqlite ? 0 : 'false'}, 0)`,
      );
      await db2.migrate();
      const rows: Array<{ cost_base_minor: number | string }> = await conn.execute(`select cost_base_minor from complaint_fact`);
      expect(rows.map((r) => Number(r.cost_base_minor))).toEqual([0]);
      expect((await db2.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    } finally {
      await db2.close();
      await testDb2.drop();
    }
  });
});

describe('upgrading a database with tenants from before tenant provisioning (#18)', () => {
  it('marks them seeded from the shipped set (earlier starts seeded them), so no start seeds them again', async () => {
    const testDb2 = await createTestDatabase();
    const db2 = await Database.connect(testDb2.database, appEntities);
    try {
      const migrator = db2.orm.getMigrator();
      const names = (await migrator.getPendingMigrations()).map((m) => m.name);
      await migrator.up({ to: names[names.findIndex((n) => n.endsWith('Tenants')) - 1] });
      const conn = db2.system().getConnection();
      const now = testDb2.database.kind === 'sqlite' ? String(Date.now()) : 'now()';
      await conn.execute(`insert into tenant (id, slug, name, created_at) values ('00000000-0000-4000-8000-0000000000b1', 'old', 'old', ${now})`);
      await db2.migrate();
      const rows = await conn.execute(`select seed_source, seeded_at, created_at, disabled_at from tenant`);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ seed_source: 'shipped', disabled_at: null });
      expect(new Date(rows[0].seeded_at as string).getTime()).toBe(new Date(rows[0].created_at as string).getTime());
    } finally {
      await db2.close();
      await testDb2.drop();
    }
  });
});
