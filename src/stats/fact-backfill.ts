import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Complaint } from '../complaints';
import type { Database } from '../db/database';
import { Investigation } from '../investigations';
import type { TemplateReader } from '../shared/template-reader';
import type { ComplaintTypeTemplate, OrganizationTemplate, WorkflowTemplate } from '../__generated__';
import { recordComplaintFact } from './complaint-facts';
import { recordInvestigationFact } from './investigation-facts';

const BATCH = 500;

/**
 * Gives every complaint and investigation recorded before the statistics existed its fact (run at start; a
 * no-op once all have one). Each batch is one write per tenant, like any other change.
 */
export async function backfillFacts(db: Database, templates: TemplateReader): Promise<{ complaints: number; investigations: number }> {
  const timeZone = async (em: EntityManager, tenantId: string) => (await templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default'))?.content.calendar.timeZone ?? 'UTC';
  const complaints = await backfill(db, 'complaint', 'complaint_fact', 'complaint_id', async (em, tenantId, ids) => {
    const zone = await timeZone(em, tenantId);
    for (const c of await em.find(Complaint, { id: { $in: ids } })) {
      const workflow = await templates.templateVersion<WorkflowTemplate>(em, tenantId, 'workflow', c.workflowKey, c.workflowVersion);
      const closed = workflow?.states.some((s) => s.key === c.status && s.category === 'closed') ?? false;
      const type = await templates.templateVersion<ComplaintTypeTemplate>(em, tenantId, 'complaint-type', c.typeKey, c.templateVersion);
      await recordComplaintFact(em, c, { timeZone: zone, closed, type: type ?? {} });
    }
  });
  const investigations = await backfill(db, 'investigation', 'investigation_fact', 'investigation_id', async (em, tenantId, ids) => {
    const zone = await timeZone(em, tenantId);
    for (const inv of await em.find(Investigation, { id: { $in: ids } })) await recordInvestigationFact(em, inv, zone, templates);
  });
  return { complaints, investigations };
}

async function backfill(db: Database, table: string, facts: string, key: string, record: (em: EntityManager, tenantId: string, ids: string[]) => Promise<void>): Promise<number> {
  let done = 0;
  for (;;) {
    // tenant-scope: reviewed — start-up backfill over every tenant: finds rows without a fact and records each with its own tenant_id
    const missing: Array<{ id: string; tenant_id: string }> = await (db.system() as SqlEntityManager).execute(
      `select s.id, s.tenant_id from ${table} s left join ${facts} f on f.${key} = s.id where f.${key} is null order by s.tenant_id limit ${BATCH}`,
    );
    if (!missing.length) return done;
    const byTenant = new Map<string, string[]>();
    for (const row of missing) byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row.id]);
    for (const [tenantId, ids] of byTenant) {
      await db.write(tenantId, ({ em }) => record(em, tenantId, ids));
      done += ids.length;
    }
  }
}
