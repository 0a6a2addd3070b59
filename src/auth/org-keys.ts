import type { EntityManager } from '@mikro-orm/core';
import type { OrganizationTemplate } from '../__generated__';
import { ValidationProblem } from '../shared/errors/error-results';
import type { TemplateReader } from '../shared/template-reader';

const MAX_KEYS = 50;

/**
 * Checks role, department and level keys against the tenant's latest published organization template (the
 * single source of them). Without a published organization every key is unknown.
 */
export async function checkOrgKeys(
  templates: TemplateReader,
  em: EntityManager,
  tenantId: string,
  keys: { roles?: string[] | null; departments?: string[] | null; level?: string | null },
): Promise<ValidationProblem[]> {
  const org = (await templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default'))?.content;
  const problems: ValidationProblem[] = [];
  const check = (field: string, values: string[] | null | undefined, known: string[], code: string, what: string) => {
    if (!values) return;
    if (values.length > MAX_KEYS) problems.push(new ValidationProblem(`/${field}`, 'MAX_ITEMS', `At most ${MAX_KEYS}`));
    values.forEach((v, i) => {
      if (!known.includes(v)) problems.push(new ValidationProblem(`/${field}/${i}`, code, `${JSON.stringify(v)} is not a ${what} of the organization template`));
    });
  };
  check('roles', keys.roles, org?.roles.map((r) => r.key) ?? [], 'UNKNOWN_ROLE', 'role');
  check('departments', keys.departments, org?.departments.map((d) => d.key) ?? [], 'UNKNOWN_DEPARTMENT', 'department');
  if (keys.level != null && !(org?.levels ?? []).some((l) => l.key === keys.level)) {
    problems.push(new ValidationProblem('/level', 'UNKNOWN_LEVEL', `${JSON.stringify(keys.level)} is not a level of the organization template`));
  }
  return problems;
}
