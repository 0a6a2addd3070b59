import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import type { OrganizationTemplate } from '../__generated__';
import type { Dialect } from '../db/orm-config';
import type { DomainEvent } from '../db/event.entity';
import type { TemplateReader } from '../shared/template-reader';
import { ADMIN_ROLE } from './permissions';
import type { Caller, Principal } from './principal';
import { principalRank } from './principal-directory';

/**
 * Which complaints and investigations a caller may see, from the organization template's `visibility`:
 * everything, or those of their departments (sub-departments included) and those they are involved in.
 */
export type Sight = { all: true } | { all: false; tenantId: string; principalId: string; departments: string[]; dialect: Dialect };

const ALL: Sight = { all: true };

/** The caller's sight under the tenant's latest organization template (no `visibility`: everything). */
export async function sightOf(templates: TemplateReader, em: EntityManager, caller: Caller, dialect: Dialect): Promise<Sight> {
  const org = (await templates.latestTemplate<OrganizationTemplate>(em, caller.tenant.id, 'organization', 'default'))?.content;
  return sightFor(org, caller.tenant.id, caller.principal, dialect);
}

export function sightFor(org: OrganizationTemplate | undefined, tenantId: string, principal: Principal, dialect: Dialect): Sight {
  const rule = org?.visibility;
  if (!rule || principal.kind === 'system' || principal.roles.includes(ADMIN_ROLE)) return ALL;
  if (rule.seeAll.roles?.some((r) => principal.roles.includes(r))) return ALL;
  if (rule.seeAll.minLevel !== undefined && principalRank(org, principal) >= rankOf(org, rule.seeAll.minLevel)) return ALL;
  return { all: false, tenantId, principalId: principal.id, departments: subtree(org, principal.departments ?? []), dialect };
}

const rankOf = (org: OrganizationTemplate, level: string | null | undefined) => org.levels.find((l) => l.key === level)?.rank ?? Number.NEGATIVE_INFINITY;

/** The departments and every department below them. */
function subtree(org: OrganizationTemplate, roots: string[]): string[] {
  const out = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of org.departments) if (d.parent !== undefined && out.has(d.parent) && !out.has(d.key)) {
        out.add(d.key);
        grew = true;
      }
  }
  return [...out];
}

// tenant-scope: reviewed — every query built from it below names tenant_id itself
const knexOf = (em: EntityManager): Knex => (em as SqlEntityManager).getKnex();

/** Ids of the investigations the principal leads, champions, opened or is on the team of. */
function involvedInvestigationIds(em: EntityManager, s: Extract<Sight, { all: false }>): Knex.QueryBuilder {
  // The team is a JSON array of { principalId, role }; a principal id in quotes matches only its own entry.
  const team = s.dialect === 'postgresql' ? 'team::text like ?' : 'team like ?';
  return knexOf(em)('investigation')
    .select('id')
    .where('tenant_id', s.tenantId)
    .andWhere((q) => q.where('leader_id', s.principalId).orWhere('champion_id', s.principalId).orWhere('opened_by', s.principalId).orWhereRaw(team, [`%"${s.principalId}"%`]));
}

/** Ids of the complaints the sight covers, as a subquery. */
export function visibleComplaintIds(em: EntityManager, s: Extract<Sight, { all: false }>): Knex.QueryBuilder {
  const k = knexOf(em);
  const linked = k('investigation_link').select('complaint_id').where('tenant_id', s.tenantId).whereNull('unlinked_at').whereIn('investigation_id', involvedInvestigationIds(em, s));
  return k('complaint')
    .select('id')
    .where('tenant_id', s.tenantId)
    .andWhere((q) =>
      q
        .whereIn('department', s.departments)
        .orWhere('owner_id', s.principalId)
        .orWhere('created_by', s.principalId)
        .orWhereIn('id', linked)
        // A person held to account sees the complaint their consequence is about (to read and appeal it).
        .orWhereIn('id', k('consequence').select('complaint_id').where('tenant_id', s.tenantId).andWhere('target_key', s.principalId)),
    );
}

/** Ids of the investigations the sight covers, as a subquery. */
function visibleInvestigationIds(em: EntityManager, s: Extract<Sight, { all: false }>): Knex.QueryBuilder {
  return knexOf(em)('investigation')
    .select('id')
    .where('tenant_id', s.tenantId)
    .andWhere((q) => q.whereIn('department', s.departments).orWhereIn('id', involvedInvestigationIds(em, s)));
}

/**
 * A filter on complaints to the visible ones (generic in the entity, which the caller names: auth does not
 * depend on the complaints feature; the fields read are the complaint's department, ownerId, createdBy and id) (nothing for a caller who sees all). The conditions are on the
 * complaint row itself, so a lookup by id checks that row and a list filters as it walks its index; only the
 * links and consequences, small sets, are subqueries.
 */
export function visibleComplaints<Complaint extends object>(em: EntityManager, s: Sight): FilterQuery<Complaint> {
  if (s.all) return {};
  const k = knexOf(em);
  const linked = k('investigation_link').select('complaint_id').where('tenant_id', s.tenantId).whereNull('unlinked_at').whereIn('investigation_id', involvedInvestigationIds(em, s));
  const held = k('consequence').select('complaint_id').where('tenant_id', s.tenantId).andWhere('target_key', s.principalId);
  return { $or: [{ department: { $in: s.departments } }, { ownerId: s.principalId }, { createdBy: s.principalId }, { id: { $in: linked as never } }, { id: { $in: held as never } }] } as FilterQuery<Complaint>;
}

/** A filter on investigations to the visible ones, on the investigation row itself (as visibleComplaints). */
export function visibleInvestigations<Investigation extends object>(em: EntityManager, s: Sight): FilterQuery<Investigation> {
  return (s.all ? {} : { $or: [{ department: { $in: s.departments } }, { id: { $in: involvedInvestigationIds(em, s) as never } }] }) as FilterQuery<Investigation>;
}

/** A filter on events to those about visible complaints and investigations, and about anything else. */
export function visibleEvents(em: EntityManager, s: Sight): FilterQuery<DomainEvent> {
  if (s.all) return {};
  return {
    $or: [
      { subjectType: { $nin: ['Complaint', 'Investigation'] } },
      { subjectType: 'Complaint', subjectId: { $in: visibleComplaintIds(em, s) as never } },
      { subjectType: 'Investigation', subjectId: { $in: visibleInvestigationIds(em, s) as never } },
    ],
  };
}

/** A filter on records about a complaint or an investigation (subjectType, subjectId) to those the sight covers. */
export function visibleSubjects<T extends { subjectType: string; subjectId: string }>(em: EntityManager, s: Sight): FilterQuery<T> {
  if (s.all) return {};
  return {
    $or: [
      { subjectType: 'Complaint', subjectId: { $in: visibleComplaintIds(em, s) as never } },
      { subjectType: 'Investigation', subjectId: { $in: visibleInvestigationIds(em, s) as never } },
    ],
  } as FilterQuery<T>;
}

/** Whether the sight covers a complaint or investigation named by type and id (anything else: yes). */
export async function seesSubject(em: EntityManager, s: Sight, subject: Pick<DomainEvent, 'subjectType' | 'subjectId'>): Promise<boolean> {
  if (s.all || (subject.subjectType !== 'Complaint' && subject.subjectType !== 'Investigation')) return true;
  const ids = subject.subjectType === 'Complaint' ? visibleComplaintIds(em, s) : visibleInvestigationIds(em, s);
  // tenant-scope: reviewed — the id subqueries name tenant_id; through the entity manager, so inside a write it runs in that transaction
  return (await (em as SqlEntityManager).execute(ids.andWhere('id', subject.subjectId).limit(1))).length > 0;
}
