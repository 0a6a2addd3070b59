import { ValidationProblem } from '../shared/errors/error-results';
import type { Locale } from '../shared/i18n/locale';

/** The rule of DEFAULT_TENANT too: lowercase letters, digits and "-", starting with a letter or digit, at most 63. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const SLUG_MAX = 63;

const say = (locale: Locale, zh: string, en: string) => (locale === 'zh-CN' ? zh : en);

/** Problems of a slug and a name as given (nothing is normalised: "ACME" is refused, not lowered). */
export function tenantInputProblems(slug: string, name: string, locale: Locale): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (slug.length === 0 || slug.length > SLUG_MAX) problems.push(new ValidationProblem('/slug', 'LENGTH', say(locale, `标识须为 1 到 ${SLUG_MAX} 个字符`, `A slug of 1 to ${SLUG_MAX} characters`)));
  else if (!SLUG_PATTERN.test(slug)) {
    problems.push(new ValidationProblem('/slug', 'SLUG_FORMAT', say(locale, '标识只能含小写字母、数字和 "-"，且以字母或数字开头', 'Lowercase letters, digits and "-" only, starting with a letter or digit')));
  }
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) problems.push(new ValidationProblem('/name', 'LENGTH', say(locale, '名称须为 1 到 200 个字符', 'A name of 1 to 200 characters')));
  return problems;
}

export const slugTaken = (locale: Locale) => new ValidationProblem('/slug', 'SLUG_TAKEN', say(locale, '该标识已被其他租户使用', 'Another tenant has this slug'));

export function reasonProblems(reason: string, locale: Locale): ValidationProblem[] {
  const trimmed = reason.trim();
  return !trimmed || trimmed.length > 500 ? [new ValidationProblem('/reason', 'LENGTH', say(locale, '原因须为 1 到 500 个字符', 'A reason of 1 to 500 characters'))] : [];
}

export const bundleRequired = (locale: Locale) => new ValidationProblem('/bundle', 'REQUIRED', say(locale, '从模板包创建时须提供模板包', 'A bundle is required to create a tenant from a bundle'));
export const bundleUnexpected = (locale: Locale) => new ValidationProblem('/bundle', 'NOT_ALLOWED', say(locale, '只有从模板包创建时才提供模板包', 'A bundle is given only with from: BUNDLE'));
