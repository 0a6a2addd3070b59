import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

/** Next value of a per-tenant counter, inside the caller's transaction. Works on SQLite >= 3.35 and PostgreSQL. */
export async function nextCounterValue(em: EntityManager, tenantId: string, name: string): Promise<number> {
  // tenant-scope: reviewed — the counter row is keyed by (tenant_id, name), the tenant given by the caller
  const rows: Array<{ value: number | string }> = await (em as SqlEntityManager).execute(
    'insert into counter (tenant_id, name, value) values (?, ?, 1) on conflict (tenant_id, name) do update set value = counter.value + 1 returning value',
    [tenantId, name],
  );
  return Number(rows[0].value);
}
