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
