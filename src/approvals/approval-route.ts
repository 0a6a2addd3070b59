import type { EntityManager } from '@mikro-orm/core';
import type { ApprovalRouteTemplate, ApprovalStep, OrganizationTemplate } from '../__generated__';
import { activePrincipals } from '../auth';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { allMatching } from '../shared/rules/conditions';
import { departmentLine } from '../shared/org-roles';

/**
 * What approval routes share wherever they apply (a complaint's remedy, a consequence of accountability):
 * which steps a route takes for given facts, who counts for a mode-"all" step, and who is told when a step
 * is overdue.
 */

/** The route's steps whose condition matches the facts (all steps without one), in route order. */
export function applicableSteps(route: ApprovalRouteTemplate, facts: unknown, schemas: SchemaCompiler): ApprovalStep[] {
  return allMatching(route.steps, facts, schemas);
}

/** How many approvals a step needs: one for mode "any"; for "all", every active principal (live API key or enabled user) holding one of the roles. */
export async function approvalsNeeded(em: EntityManager, tenantId: string, step: Pick<ApprovalStep, 'mode'>, roles: string[]): Promise<number> {
  if (step.mode === 'any') return 1;
  return Math.max(1, (await activePrincipals(em, tenantId)).filter((p) => p.roles.some((r) => roles.includes(r))).length);
}

/** The approvers' managers: the head of the department above each approver role's department (for a role that heads none, the nearest other head up `department`'s line). */
export function approverManagerRoles(approvers: string[], org: OrganizationTemplate, department: string | null): string[] {
  const managers = approvers.flatMap((role) => {
    const headed = org.departments.filter((d) => d.headRole === role);
    const above = headed.length ? headed.flatMap((d) => departmentLine(org, d.parent ?? null)) : departmentLine(org, department);
    const head = above.map((d) => d.headRole).find((h) => h && h !== role);
    return head ? [head] : [];
  });
  return [...new Set(managers)].filter((r) => !approvers.includes(r));
}
