import type { OrganizationTemplate } from '../__generated__';
import { ValidationProblem } from '../shared/errors/error-results';
import type { Locale } from '../shared/i18n/locale';
import type { InvestigationNeed } from './rules';

/** Against the stage-2 rules: open one they do not call for (not-needed, never), or skip one they require. */
export type OverrideDirection = 'open' | 'skip';

/** An override as the complaint's record and the event keep it. */
export interface InvestigationOverride {
  direction: OverrideDirection;
  /** What the rules said: not-needed or never (open), required (skip). */
  rule: InvestigationNeed;
  reasonCode: string | null;
  reason: string;
  by: string;
  at: Date | string;
}

/** Where a refusal and the reason are reported in the caller's input. */
export interface OverridePaths {
  refusal: string;
  reason: string;
  reasonCode: string;
}

/** Whether `direction` goes against what the rules say. */
export function againstRules(need: InvestigationNeed, direction: OverrideDirection): boolean {
  return direction === 'open' ? need === 'not-needed' || need === 'never' : need === 'required';
}

const REFUSAL = { open: 'RULE_FORBIDS_INVESTIGATION', skip: 'RULE_REQUIRES_INVESTIGATION' } as const;

/**
 * Checks a person's stage-2 action against the rules and the organization's investigationOverrides. Not against
 * the rules (or opening one that is merely not needed where the organization has no investigationOverrides, as
 * before they existed): no problems and no override. Otherwise the caller needs a role the organization names for
 * the direction (admin is no exception) and a reason (and a reason code from its list, when it has one).
 */
export function checkOverride(
  org: OrganizationTemplate,
  p: { need: InvestigationNeed; direction: OverrideDirection; roles: string[]; principalId: string; reason: string | null | undefined; reasonCode: string | null | undefined; subject: string; paths: OverridePaths; locale: Locale; now: Date },
): { problems: ValidationProblem[]; override: InvestigationOverride | null } {
  const none = { problems: [], override: null };
  if (!againstRules(p.need, p.direction)) return none;
  const policy = org.investigationOverrides;
  if (!policy && p.direction === 'open' && p.need === 'not-needed') return none;
  const holders = policy?.[p.direction] ?? [];
  const zh = p.locale === 'zh-CN';
  if (!holders.some((r) => p.roles.includes(r))) {
    const who = holders.length ? holders.join(', ') : zh ? '无' : 'no role';
    const message =
      p.direction === 'open'
        ? zh
          ? `${p.subject} 的规则${p.need === 'never' ? '不设第二阶段' : '不需要调查'}；只有这些角色可以越过规则开启调查：${who}`
          : `the rules of ${p.subject} ${p.need === 'never' ? 'have no stage 2' : 'make an investigation not needed'}; only these roles may override them: ${who}`
        : zh
          ? `${p.subject} 的规则要求调查；只有这些角色可以越过规则免除调查：${who}`
          : `the rules of ${p.subject} require an investigation; only these roles may override them: ${who}`;
    return { problems: [new ValidationProblem(p.paths.refusal, REFUSAL[p.direction], message)], override: null };
  }
  const problems: ValidationProblem[] = [];
  const reason = p.reason?.trim();
  if (!reason) problems.push(new ValidationProblem(p.paths.reason, 'REQUIRED', zh ? '越过调查规则需要说明理由' : 'overriding the investigation rules needs a reason'));
  const codes = policy?.reasons ?? [];
  const code = p.reasonCode?.trim() || null;
  if (codes.length && !code) problems.push(new ValidationProblem(p.paths.reasonCode, 'REQUIRED', zh ? `请给出理由代码：${codes.map((c) => c.key).join(', ')}` : `name a reason code: ${codes.map((c) => c.key).join(', ')}`));
  else if (code && !codes.some((c) => c.key === code)) {
    problems.push(new ValidationProblem(p.paths.reasonCode, 'UNKNOWN_REASON', zh ? `理由代码须为：${codes.map((c) => c.key).join(', ') || '（无）'}` : `must be one of ${codes.map((c) => c.key).join(', ') || '(none configured)'}`));
  }
  if (problems.length) return { problems, override: null };
  return { problems, override: { direction: p.direction, rule: p.need, reasonCode: code, reason: reason!, by: p.principalId, at: p.now } };
}
