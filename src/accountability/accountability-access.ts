import type { EntityManager } from '@mikro-orm/core';
import type { AccountabilityPolicy, OrganizationTemplate } from '../__generated__';
import type { Caller } from '../auth';
import { turnOf } from '../approvals';
import type { Locale } from '../shared/i18n/locale';
import { toGlobalId } from '../shared/graphql/global-id';
import type { TemplateReader } from '../shared/template-reader';
import { sharePercent } from './accountability-policy';
import { consequenceApprovals, routeOf } from './consequence-approval';
import { ConsequenceStatus, type ConsequenceDecision, type ConsequenceStep, ConsequenceView, ResponsibilityBasis, ResponsibilityDecisionView, ResponsibilityKind, type ResponsibleParty } from './accountability.results';
import { summaryView } from '../signatures';
import type { Consequence, ConsequenceDecisionRecord, ConsequenceStepRecord, ResponsibilityDecision, ResponsiblePartyRecord } from './responsibility.entity';

/** Whether the caller holds one of the policy's viewRoles: the only callers who see consequences, people and evidence. */
export const canViewContent = (caller: Caller, policy: AccountabilityPolicy | undefined): boolean => !!policy && caller.principal.roles.some((r) => policy.viewRoles.includes(r));

/** The person a consequence concerns may read it (and appeal it). */
export const isConcerned = (caller: Caller, c: Consequence): boolean => c.userId !== null && caller.principal.id === `user:${c.userId}`;

/** A holder of a role of the step a pending consequence waits on: they must see what they decide. */
export const isCurrentApprover = (caller: Caller, c: Consequence): boolean => !!turnOf(caller, routeOf(c), consequenceApprovals)?.approver;

/** The head of the consequence's department (a user only of that department), who may appeal on the person's behalf. */
export function isDepartmentHead(caller: Caller, org: OrganizationTemplate | undefined, c: Consequence): boolean {
  const headRole = org?.departments.find((d) => d.key === c.department)?.headRole;
  return !!headRole && caller.principal.roles.includes(headRole) && (caller.principal.kind !== 'user' || (caller.principal.departments ?? []).includes(c.department));
}

export async function organizationOf(templates: TemplateReader, em: EntityManager, tenantId: string): Promise<OrganizationTemplate | undefined> {
  return (await templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default'))?.content;
}

const decisionView = (d: ConsequenceDecisionRecord | null): ConsequenceDecision | null => (d ? { ...d, at: new Date(d.at), signature: summaryView(d.signature) } : null);

const stepView = (s: ConsequenceStepRecord, locale: Locale): ConsequenceStep => ({
  key: s.key,
  title: s.title[locale],
  roles: s.roles,
  mode: s.mode,
  since: s.since ? new Date(s.since) : null,
  dueAt: s.dueAt ? new Date(s.dueAt) : null,
  signatureRequired: s.signature?.required ?? false,
  signatureMeanings: s.signature?.meanings.map((m) => m.key) ?? [],
  decisions: s.decisions.map((d) => decisionView(d)!),
});

export function consequenceView(c: Consequence, policy: AccountabilityPolicy | undefined, locale: Locale): ConsequenceView {
  const kind = policy?.consequenceKinds.find((k) => k.key === c.kind);
  return Object.assign(new ConsequenceView(), {
    id: toGlobalId('Consequence', c.id),
    department: c.department,
    userId: c.userId && toGlobalId('User', c.userId),
    personName: c.personName,
    rule: c.ruleKey,
    kind: c.kind,
    kindTitle: kind ? kind.title[locale] : c.kind,
    unit: c.unit,
    amount: c.amount,
    share: String(sharePercent(c.shareBp)),
    status: c.status as ConsequenceStatus,
    approvalRoute: c.approvalRoute,
    approvalRouteVersion: c.approvalRouteVersion,
    steps: c.steps.map((s) => stepView(s, locale)),
    currentStep: c.status === ConsequenceStatus.PENDING_APPROVAL ? (c.steps[c.currentStep]?.key ?? null) : null,
    appeal: c.appeal ? { ...c.appeal, at: new Date(c.appeal.at), decision: decisionView(c.appeal.decision) } : null,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  });
}

function partiesView(parties: ResponsiblePartyRecord[], visible: boolean): ResponsibleParty[] {
  return parties.map((p) => ({
    department: p.department,
    kind: p.kind as ResponsibilityKind,
    share: String(sharePercent(p.shareBp)),
    people: visible ? p.people.map((x) => ({ userId: toGlobalId('User', x.userId), name: x.name })) : null,
  }));
}

/** The decision as the caller may see it: content (people, evidence, history, consequences) only for viewRoles; a person concerned sees their own consequences. */
export function responsibilityView(d: ResponsibilityDecision, consequences: Consequence[], policy: AccountabilityPolicy | undefined, caller: Caller, locale: Locale): ResponsibilityDecisionView {
  const visible = canViewContent(caller, policy);
  // The person concerned sees their own consequences (to appeal them), nothing of anyone else's.
  const own = consequences.filter((c) => isConcerned(caller, c));
  return Object.assign(new ResponsibilityDecisionView(), {
    id: toGlobalId('ResponsibilityDecision', d.id),
    basis: d.basis as ResponsibilityBasis,
    investigationId: d.investigationId && toGlobalId('Investigation', d.investigationId),
    parties: partiesView(d.parties, visible),
    evidence: visible ? d.evidence : null,
    decidedBy: d.decidedBy,
    decidedByName: d.decidedByName,
    decidedAt: d.decidedAt,
    revision: d.revision,
    revisionReason: d.revisionReason,
    version: d.version,
    contentVisible: visible,
    history: visible ? d.history.map((h) => ({ ...h, parties: partiesView(h.parties, true), decidedAt: new Date(h.decidedAt) })) : null,
    consequences: visible ? consequences.map((c) => consequenceView(c, policy, locale)) : own.length ? own.map((c) => consequenceView(c, policy, locale)) : null,
  });
}
