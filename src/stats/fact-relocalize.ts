import type { SqlEntityManager } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/core';
import { localKeys } from './complaint-facts';

const BATCH = 1000;

/** A date column as the driver returns it: SQLite gives epoch milliseconds (number or digits), PostgreSQL a Date. */
const instant = (v: unknown): Date => new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v as string | number | Date));

/**
 * Recomputes the local day, month and ISO week of every fact of the tenant in a new time zone (the
 * organization's calendar changed), in the caller's transaction: statistics stay bucketed in the zone the
 * organization uses now. Only rows whose keys change are written. Returns how many changed.
 */
export async function relocalizeFacts(em: EntityManager, tenantId: string, timeZone: string): Promise<number> {
  await em.flush();
  const sql = em as SqlEntityManager;
  let changed = 0;
  const tables = [
    { table: 'complaint_fact', id: 'complaint_id', at: 'received_at', day: 'received_day', month: 'received_month', week: 'received_week' },
    { table: 'investigation_fact', id: 'investigation_id', at: 'opened_at', day: 'opened_day', month: 'opened_month', week: 'opened_week' },
  ];
  for (const t of tables) {
    let after: string | null = null;
    for (;;) {
      const rows: Array<Record<string, unknown>> = await sql.execute(
        `select ${t.id} as id, ${t.at} as at, ${t.day} as day, ${t.month} as month, ${t.week} as week from ${t.table}
         where tenant_id = ?${after === null ? '' : ` and ${t.id} > ?`} order by ${t.id} limit ${BATCH}`,
        after === null ? [tenantId] : [tenantId, after],
      );
      if (!rows.length) break;
      for (const row of rows) {
        const keys = localKeys(instant(row.at), timeZone);
        if (keys.day === row.day && keys.month === row.month && keys.week === row.week) continue;
        // tenant-scope: reviewed — the fact row by its own id, from a select scoped by tenant_id = ?
        await sql.execute(`update ${t.table} set ${t.day} = ?, ${t.month} = ?, ${t.week} = ? where ${t.id} = ?`, [keys.day, keys.month, keys.week, row.id]);
        changed++;
      }
      after = String(rows.at(-1)!.id);
    }
  }
  return changed;
}
