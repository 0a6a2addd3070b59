import type { SqlEntityManager } from '@mikro-orm/knex';
import { Complaint } from '../complaints/complaint.entity';
import type { Database } from '../db/database';
import type { TemplateService } from '../templates/template.service';
import type { OrganizationTemplate, WorkflowTemplate } from '../__generated__';
import { recordComplaintFact } from './complaint-facts';

const BATCH = 500;

/**
 * Gives every complaint recorded before the statistics existed its fact (run at start; a no-op once all
 * have one). Each batch is one write per tenant, like any other change.
 */
export async function backfillComplaintFacts(db: Database, templates: TemplateService): Promise<number> {
  let done = 0;
  for (;;) {
    const missing: Array<{ id: string; tenant_id: string }> = await (db.system() as SqlEntityManager).execute(
      `select c.id, c.tenant_id from complaint c left join complaint_fact f on f.complaint_id = c.id where f.complaint_id is null order by c.tenant_id limit ${BATCH}`,
    );
    if (!missing.length) return done;
    const byTenant = new Map<string, string[]>();
    for (const row of missing) byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row.id]);
    for (const [tenantId, ids] of byTenant) {
      await db.write(tenantId, async ({ em }) => {
        const org = await templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default');
        for (const c of await em.find(Complaint, { id: { $in: ids } })) {
          const workflow = await templates.templateVersion<WorkflowTemplate>(em, tenantId, 'workflow', c.workflowKey, c.workflowVersion);
          const closed = workflow?.states.some((s) => s.key === c.status && s.category === 'closed') ?? false;
          await recordComplaintFact(em, c, { timeZone: org?.content.calendar.timeZone ?? 'UTC', closed });
        }
      });
      done += ids.length;
    }
  }
}
