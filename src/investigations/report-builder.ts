import type { EntityManager } from '@mikro-orm/core';
import type { ComplaintTypeTemplate, InvestigationTemplate, LocalizedText, OrganizationTemplate } from '../__generated__';
import { principalNames } from '../auth';
import type { InvestigationReport, ReportPerson } from '../reports';
import { cutJson, JSON_DEPTH_CEILING } from '../shared/json-input';
import { meaningTitles } from '../signatures';
import type { TemplateReader } from '../shared/template-reader';
import { type IntakeConcept, intakeText } from '../templates';
import type { Investigation } from './investigation.entity';
import type { InvestigationService } from './investigation.service';

/** How an investigation's status reads in the report. */
const STATUS_TITLES: Record<string, LocalizedText> = {
  OPEN: { 'zh-CN': '进行中', en: 'Open' },
  EFFECTIVENESS_CHECK: { 'zh-CN': '效果验证中', en: 'Effectiveness check' },
  CLOSED: { 'zh-CN': '已关闭', en: 'Closed' },
  CANCELLED: { 'zh-CN': '已取消', en: 'Cancelled' },
};

const byKey = (list: Array<{ key: string; title: LocalizedText }>) => Object.fromEntries(list.map((x) => [x.key, x.title]));

/**
 * The 8D report of an investigation as plain data for the PDF and JSON exports: its pinned template's
 * sections with their data and sign-offs, the linked complaints, the team by name, and the titles of the
 * keys it prints (roles, departments, severities) from the templates, in the plant's time zone.
 */
export async function buildInvestigationReport(
  em: EntityManager,
  tenantId: string,
  inv: Investigation,
  investigations: InvestigationService,
  templates: TemplateReader,
  now: Date,
): Promise<InvestigationReport> {
  const template = await templates.templateVersion<InvestigationTemplate>(em, tenantId, 'investigation', inv.templateKey, inv.templateVersion);
  if (!template) throw new Error(`investigation ${inv.id} is pinned to missing template ${inv.templateKey}@${inv.templateVersion}`);
  const org = (await templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default'))?.content;
  const sections = await investigations.sectionsOf(em, tenantId, inv);
  const complaints = await investigations.complaintsOf(em, inv);
  const firstType = complaints[0] && (await templates.templateVersion<ComplaintTypeTemplate>(em, tenantId, 'complaint-type', complaints[0].typeKey, complaints[0].templateVersion));

  // Principals by display name (users) or name (keys), disabled and revoked ones too; an unknown id prints as itself.
  const names = await principalNames(em, tenantId, [inv.leaderId, inv.championId, inv.effectiveness?.recordedBy, ...inv.team.map((m) => m.principalId), ...sections.map(({ section }) => section.submittedBy)]);
  const person = (id: string | null | undefined): ReportPerson | null => (id ? { id, name: names.get(id) ?? id } : null);

  return {
    number: inv.number,
    title: inv.title,
    status: inv.status,
    template: { key: template.key, version: inv.templateVersion, title: template.title },
    severity: inv.severity,
    department: inv.department,
    openedAt: inv.createdAt,
    closedAt: inv.closedAt,
    leader: person(inv.leaderId),
    champion: person(inv.championId),
    team: inv.team.map((m) => ({ ...person(m.principalId)!, role: m.role })),
    complaints: await Promise.all(
      complaints.map(async (c) => {
        // Each complaint's intake read through the type version it is pinned to.
        const type = await templates.templateVersion<ComplaintTypeTemplate>(em, tenantId, 'complaint-type', c.typeKey, c.templateVersion);
        const read = (concept: IntakeConcept) => intakeText(type, c.data, concept);
        return { number: c.number, customer: read('customer'), partNumber: read('partNumber'), receivedAt: read('receivedAt'), description: read('description') };
      }),
    ),
    sections: sections.map(({ section, def }) => ({
      key: def.key,
      title: def.title,
      description: def.description,
      status: section.status.toLowerCase().replace('_', '-'),
      schema: cutJson(def.schema as Record<string, unknown>, JSON_DEPTH_CEILING, {}),
      // Data stored before inputs were bounded may nest deeper than anything renders; cut there, it shows as "…".
      data: cutJson(section.data ?? section.draft, JSON_DEPTH_CEILING, '…'),
      submittedBy: person(section.submittedBy),
      submittedAt: section.submittedAt,
      signOffs: section.signOffs.map((s) => ({ by: { id: s.by, name: s.name }, role: s.role, at: new Date(s.at), comment: s.comment, meaning: s.meaning, signature: s.signature ? { id: s.signature.id, signedAt: new Date(s.signature.signedAt) } : null })),
    })),
    effectiveness: inv.effectiveness && {
      scheduledFor: inv.effectiveness.scheduledFor,
      criteria: inv.effectiveness.criteria,
      result: inv.effectiveness.result,
      evidence: inv.effectiveness.evidence,
      recordedBy: person(inv.effectiveness.recordedBy)?.name ?? null,
      recordedById: inv.effectiveness.recordedBy,
      recordedAt: inv.effectiveness.recordedAt ? new Date(inv.effectiveness.recordedAt) : null,
    },
    generatedAt: now,
    timeZone: org?.calendar.timeZone,
    keyTitles: {
      status: STATUS_TITLES,
      role: org ? byKey(org.roles) : {},
      department: org ? byKey(org.departments) : {},
      severity: firstType ? byKey(firstType.severities) : {},
      meaning: meaningTitles([template.closure?.signature, ...template.sections.map((s) => s.signature)]),
    },
  };
}
