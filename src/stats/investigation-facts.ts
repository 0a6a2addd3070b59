import type { EntityManager } from '@mikro-orm/core';
import { Complaint } from '../complaints';
import { type Investigation, InvestigationLink } from '../investigations';
import { SlaClock } from '../sla';
import type { TemplateReader } from '../shared/template-reader';
import { intakeValue } from '../templates';
import type { ComplaintTypeTemplate } from '../__generated__';
import { localKeys } from './complaint-facts';
import { InvestigationFact } from './investigation-fact.entity';

const text = (v: unknown, max: number): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);

/**
 * Writes the investigation's statistics fact in the caller's transaction; call it after the stage-2 SLA
 * clocks were synced (a closure's on-time verdict comes from the "closure" clock). The first complaint's
 * product and customer are read through the complaint type it is pinned to.
 */
export async function recordInvestigationFact(em: EntityManager, inv: Investigation, timeZone: string, templates: TemplateReader): Promise<InvestigationFact> {
  const tenantId = inv.tenant.id;
  // tenant-scope: reviewed — the fact of an investigation loaded in its tenant, by the investigation's uuid
  let fact = await em.findOne(InvestigationFact, { investigationId: inv.id }, { filters: false });
  const link = await em.findOne(InvestigationLink, { tenantId, investigationId: inv.id }, { orderBy: { linkedAt: 'asc', complaintId: 'asc' }, filters: false });
  // tenant-scope: reviewed — the complaint of a link read with tenantId, by its uuid
  const complaint = link ? await em.findOne(Complaint, { id: link.complaintId }, { filters: false }) : null;
  const type = complaint ? await templates.templateVersion<ComplaintTypeTemplate>(em, tenantId, 'complaint-type', complaint.typeKey, complaint.templateVersion) : undefined;
  const keys = localKeys(inv.createdAt, timeZone);
  const closed = inv.status === 'CLOSED' && inv.closedAt ? inv.closedAt : null;
  let closureOnTime: boolean | null = null;
  if (closed) {
    const clock = await em.findOne(SlaClock, { tenantId, subjectId: inv.id, stage: 'investigation', name: 'closure' }, { filters: false });
    closureOnTime = clock?.metAt ? !clock.breachedAt : null;
  }
  const values = {
    tenantId,
    templateKey: inv.templateKey,
    openedAt: inv.createdAt,
    openedDay: keys.day,
    openedMonth: keys.month,
    openedWeek: keys.week,
    status: inv.status,
    typeKey: complaint?.typeKey ?? null,
    category: inv.category ?? complaint?.category ?? null,
    severity: inv.severity ?? complaint?.severity ?? null,
    department: inv.department ?? complaint?.department ?? null,
    productKey: text(inv.partNumber, 200) ?? text(complaint && intakeValue(type, complaint.data, 'partNumber'), 200),
    customerKey: text(complaint && intakeValue(type, complaint.data, 'customer'), 200),
    closedAt: inv.closedAt,
    cycleSeconds: closed ? Math.max(0, Math.round((closed.getTime() - inv.createdAt.getTime()) / 1000)) : null,
    closureOnTime,
  };
  if (fact) Object.assign(fact, values);
  else fact = em.create(InvestigationFact, { investigationId: inv.id, ...values });
  return fact;
}
