import type { Department, OrganizationTemplate } from '../__generated__';

/** Who a template names (an approval step's approvers, an escalation's recipients): people matching every given property. */
export interface PeopleSelector {
  role?: string;
  level?: string;
  departmentHead?: boolean;
  ownerManager?: boolean;
}

/** The department and its parents, nearest first. */
export function departmentLine(org: OrganizationTemplate, department: string | null): Department[] {
  const line: Department[] = [];
  for (let d = org.departments.find((x) => x.key === department); d && !line.includes(d); d = org.departments.find((x) => x.key === d!.parent)) line.push(d);
  return line;
}

/**
 * The roles whose holders a selector names, for a complaint in `department`. Principals carry roles only
 * (people and their departments come with user accounts), so the selector is resolved to roles:
 * departmentHead and ownerManager are the department's head role (the owner's line manager is the head of
 * the department that owns the complaint); a level is the nearest head role at that level up the
 * department's line, else every role at that level.
 */
export function rolesMatching(org: OrganizationTemplate, selector: PeopleSelector, department: string | null): string[] {
  let roles = org.roles.map((r) => r.key);
  const line = departmentLine(org, department);
  if (selector.role) roles = roles.filter((r) => r === selector.role);
  if (selector.departmentHead || selector.ownerManager) roles = roles.filter((r) => r === line[0]?.headRole);
  if (selector.level) {
    roles = roles.filter((r) => org.roles.find((x) => x.key === r)?.level === selector.level);
    const nearestHead = line.map((d) => d.headRole).find((head) => head && roles.includes(head));
    if (nearestHead) roles = [nearestHead];
  }
  return roles;
}

/** The roles that decide an approval step for a complaint of `complaintDepartment` ("$complaint" or no department: that one). */
export function approverRolesFor(approvers: PeopleSelector & { department?: string }, org: OrganizationTemplate, complaintDepartment: string | null): string[] {
  const { department, ...selector } = approvers;
  return rolesMatching(org, selector, department === '$complaint' || !department ? complaintDepartment : department);
}

/** A person or API key as the organization sees them (active principals of the tenant). */
export interface OrgMember {
  id: string;
  roles: string[];
  /** Their own departments; empty for API keys. */
  departments: string[];
  level: string | null;
}

/** Where a member stands: their own departments; one with none (API keys) stands in the departments its roles head. */
export function standsIn(org: OrganizationTemplate, m: OrgMember): string[] {
  return m.departments.length ? m.departments : org.departments.filter((d) => m.roles.includes(d.headRole)).map((d) => d.key);
}

/** A member holds a level by their own level or by one of their roles' levels. */
export function holdsLevel(org: OrganizationTemplate, m: OrgMember, level: string): boolean {
  return m.level === level || m.roles.some((r) => org.roles.find((x) => x.key === r)?.level === level);
}

/** The first department up `start`'s line (itself, then its parents) where some member matches, and those members; null when none does anywhere. */
export function nearestInLine(org: OrganizationTemplate, members: OrgMember[], start: string | null, match: (m: OrgMember, d: Department) => boolean): { department: string; people: OrgMember[] } | null {
  for (const d of departmentLine(org, start)) {
    const people = members.filter((m) => standsIn(org, m).includes(d.key) && match(m, d));
    if (people.length) return { department: d.key, people };
  }
  return null;
}

/** The head of a department: the member standing in it who holds its head role; a vacant head walks up to the nearest head above. */
export function headOf(org: OrganizationTemplate, members: OrgMember[], department: string | null, except: string | null = null): { department: string; people: OrgMember[] } | null {
  return nearestInLine(org, members, department, (m, d) => m.id !== except && m.roles.includes(d.headRole));
}

/**
 * A member's managers: for each department they stand in, its head, or, when they head it themselves (or it
 * has none), the nearest head above; a member standing nowhere is managed from `fallback` (the record's
 * responsible department).
 */
export function managersOf(org: OrganizationTemplate, members: OrgMember[], member: OrgMember, fallback: string | null): { departments: string[]; people: OrgMember[] } {
  const where = standsIn(org, member);
  const found = (where.length ? where : [fallback]).map((d) => {
    const own = org.departments.find((x) => x.key === d);
    const heads = own && member.roles.includes(own.headRole) ? own.parent ?? null : d;
    return headOf(org, members, heads, member.id);
  });
  const hits = found.filter((f): f is NonNullable<typeof f> => !!f);
  return { departments: [...new Set(hits.map((f) => f.department))], people: [...new Map(hits.flatMap((f) => f.people).map((p) => [p.id, p])).values()] };
}

/** A people selector with where it applies: "$responsible" (or absent) is the record's responsible department. */
export type PlacedSelector = PeopleSelector & { department?: string };

/** Who a selector reaches: the principals, the roles whose mailboxes it addresses (every holder reached), and the department it was found in. */
export interface Reached {
  people: string[];
  mailRoles: string[];
  department: string | null;
}

/**
 * The people a selector names for a record of the `responsible` department, never company-wide unless it
 * names a role alone: a level (or a role with a department) is held by the members of the department, else
 * of its nearest ancestor that has any; departmentHead is the head of the department (vacant: the nearest
 * head above); ownerManager the owner's managers (no owner: the department's head). Every other property
 * given narrows the people found. Null when it reaches no one.
 */
export function peopleMatching(org: OrganizationTemplate, members: OrgMember[], selector: PlacedSelector, responsible: string | null, owner: string | null): Reached | null {
  const department = !selector.department || selector.department === '$responsible' ? responsible : selector.department;
  const matches = (m: OrgMember) => (!selector.role || m.roles.includes(selector.role)) && (!selector.level || holdsLevel(org, m, selector.level));
  let found: { departments: string[]; people: OrgMember[] } | null;
  let candidates: string[];
  if (selector.ownerManager) {
    const ownerMember = owner ? members.find((m) => m.id === owner) : undefined;
    const head = ownerMember ? null : headOf(org, members, department);
    found = ownerMember ? managersOf(org, members, ownerMember, department) : head && { departments: [head.department], people: head.people };
    if (found) found = { ...found, people: found.people.filter(matches) };
    candidates = (found?.departments ?? []).map((d) => org.departments.find((x) => x.key === d)!.headRole);
  } else if (selector.departmentHead) {
    const head = nearestInLine(org, members, department, (m, d) => m.roles.includes(d.headRole) && matches(m));
    found = head && { departments: [head.department], people: head.people };
    candidates = head ? [org.departments.find((x) => x.key === head.department)!.headRole] : [];
  } else if (selector.level || selector.department) {
    const line = nearestInLine(org, members, department, matches);
    found = line && { departments: [line.department], people: line.people };
    candidates = selector.role ? [selector.role] : [...new Set((line?.people ?? []).flatMap((p) => p.roles))].filter((r) => org.roles.find((x) => x.key === r)?.level === selector.level);
  } else {
    found = { departments: [], people: members.filter(matches) };
    candidates = selector.role ? [selector.role] : [];
  }
  const people = found?.people ?? [];
  const ids = new Set(people.map((p) => p.id));
  // A role's mailbox stands for all of the role: it is written to only when every holder of the role is reached.
  const mailRoles = [...new Set(candidates)].filter((r) => members.every((m) => !m.roles.includes(r) || ids.has(m.id)) && (people.length || !found?.departments.length));
  if (!people.length && !mailRoles.some((r) => org.roles.find((x) => x.key === r)?.email)) return null;
  return { people: [...ids], mailRoles, department: found?.departments[0] ?? null };
}

/** The roles among `roles` whose every holder is among `reached` (their mailboxes stand for all of the role). */
export function wholeRoles(members: OrgMember[], roles: string[], reached: string[]): string[] {
  return [...new Set(roles)].filter((r) => members.every((m) => !m.roles.includes(r) || reached.includes(m.id)));
}

/**
 * Who an overdue approval step is about, for a record of `department`: its approvers (the holders of its roles
 * standing in the department's line, nearest first; none there: every holder) and their managers (each
 * approver's managers, as managersOf, without the approvers themselves).
 */
export function approversAndManagers(org: OrganizationTemplate, members: OrgMember[], roles: string[], department: string | null): { approvers: string[]; managers: string[] } {
  const holds = (m: OrgMember) => m.roles.some((r) => roles.includes(r));
  const approvers = nearestInLine(org, members, department, holds)?.people ?? members.filter(holds);
  const ids = approvers.map((a) => a.id);
  const managers = approvers.flatMap((a) => managersOf(org, members, a, department).people.map((p) => p.id)).filter((id) => !ids.includes(id));
  return { approvers: ids, managers: [...new Set(managers)] };
}
