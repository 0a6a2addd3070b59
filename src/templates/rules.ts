import type { Category, ComplaintTypeTemplate, InvestigationPolicy, InvestigationRequirement, InvestigationSlaTargets, ResponseSlaTargets } from '../__generated__';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { firstMatch } from '../shared/rules/conditions';
import { intakeText } from './intake-fields';

/**
 * What a `when` condition is evaluated against (documented in schemas/common.schema.json, Condition).
 * Conditions are JSON Schemas: the first rule whose schema accepts the facts wins.
 */
export interface ComplaintFacts {
  typeKey: string;
  data: Record<string, unknown>;
  category: string | null;
  categoryPath: string[];
  severity: string | null;
  department: string | null;
  remedy: { type: string; amount: number; currency: string } | null;
  feedback: { satisfaction: number; acceptsResolution: boolean } | null;
  /** The complaint recurs (type's investigation.recurrence, effect require; without one: an earlier investigation on the same part number and category was closed). */
  recurrence: boolean;
  customer: { organization: string | null };
  channel: string | null;
}

/** What a complaint type's stage-2 rules say for a complaint: a rule's requirement, or "never" for a type without stage 2. */
export type InvestigationNeed = InvestigationRequirement | 'never';

/** The type's stage-2 rules, or null when it has no stage 2 (`investigation: {"mode": "never"}`). */
export function investigationPolicy(type: ComplaintTypeTemplate): InvestigationPolicy | null {
  return type.investigation.mode === 'never' ? null : type.investigation;
}

/** Everything the complaint type's rules decide for one complaint. */
export interface RuleOutcome {
  severity: string;
  department: string;
  /** "never": the type has no stage 2 (investigation mode never). */
  investigation: InvestigationNeed;
  /** Null when the type has no stage 2. */
  investigationTemplate: string | null;
  sla: { response: ResponseSlaTargets | null; investigation: InvestigationSlaTargets | null };
  approvalRoute: string;
  escalationPolicy: string;
}

/** Ancestors then the category itself, e.g. ["manufacturing-defect", "assembly"]; empty when unknown. */
export function categoryPath(categories: Category[], key: string | null): string[] {
  if (!key) return [];
  for (const c of categories) {
    if (c.key === key) return [c.key];
    const below = categoryPath(c.children ?? [], key);
    if (below.length) return [c.key, ...below];
  }
  return [];
}

export function complaintFacts(
  type: ComplaintTypeTemplate,
  complaint: { typeKey: string; data: Record<string, unknown>; category?: string | null; severity?: string | null; department?: string | null; remedy?: ComplaintFacts['remedy']; feedback?: ComplaintFacts['feedback']; recurrence?: boolean },
): ComplaintFacts {
  const data = complaint.data;
  return {
    typeKey: complaint.typeKey,
    data,
    category: complaint.category ?? null,
    categoryPath: categoryPath(type.categories, complaint.category ?? null),
    severity: complaint.severity ?? null,
    department: complaint.department ?? null,
    remedy: complaint.remedy ?? null,
    feedback: complaint.feedback ?? null,
    recurrence: complaint.recurrence ?? false,
    customer: { organization: intakeText(type, data, 'customer') },
    channel: intakeText(type, data, 'channel'),
  };
}

/**
 * Applies a complaint type's rules in order: severity (unless already set), then routing with that
 * severity, then the stage-2 rule with that department. The template is the only source of these rules.
 */
export function evaluateRules(schemas: SchemaCompiler, type: ComplaintTypeTemplate, facts: ComplaintFacts): RuleOutcome {
  const severity = facts.severity ?? firstMatch(type.severityRules, facts, schemas)?.severity ?? type.defaultSeverity;
  const withSeverity = { ...facts, severity };
  const department = facts.department ?? firstMatch(type.routing.rules, withSeverity, schemas)?.department ?? type.routing.defaultDepartment;
  const withDepartment = { ...withSeverity, department };
  const policy = investigationPolicy(type);
  return {
    severity,
    department,
    // A type's recurrence rule with effect require makes a recurrence require stage 2 whatever the rules say.
    investigation: policy ? (facts.recurrence && policy.recurrence && (policy.recurrence.effect ?? 'require') === 'require' ? 'required' : (firstMatch(policy.rules, withDepartment, schemas)?.requirement ?? policy.default)) : 'never',
    investigationTemplate: policy?.template ?? null,
    sla: { response: type.sla.response[severity] ?? null, investigation: type.sla.investigation[severity] ?? null },
    approvalRoute: type.approvalRoute,
    escalationPolicy: type.escalationPolicy,
  };
}

/** What the type's rules decide on the intake alone, with the rule that decided each (a JSON pointer into the type). */
export interface IntakeDecision {
  severity: string;
  /** `/severityRules/<i>` of the first matching rule, else `/defaultSeverity`. */
  severityRule: string;
  department: string;
  /** `/routing/rules/<i>` of the first matching rule (with that severity), else `/routing/defaultDepartment`. */
  routingRule: string;
}

/**
 * The severity and routing rules on facts without a person's classification (category, severity and
 * department absent): the same order and facts as evaluateRules, naming the rule that matched.
 */
export function intakeDecision(schemas: SchemaCompiler, type: ComplaintTypeTemplate, facts: ComplaintFacts): IntakeDecision {
  const unclassified = { ...facts, category: null, categoryPath: [], severity: null, department: null };
  const severityRule = firstMatch(type.severityRules, unclassified, schemas);
  const severity = severityRule?.severity ?? type.defaultSeverity;
  const routingRule = firstMatch(type.routing.rules, { ...unclassified, severity }, schemas);
  return {
    severity,
    severityRule: severityRule ? `/severityRules/${type.severityRules!.indexOf(severityRule)}` : '/defaultSeverity',
    department: routingRule?.department ?? type.routing.defaultDepartment,
    routingRule: routingRule ? `/routing/rules/${type.routing.rules.indexOf(routingRule)}` : '/routing/defaultDepartment',
  };
}

/**
 * Whether a condition (a JSON Schema over the facts) may read the fact `name`: it names it anywhere, refers to
 * another schema, or constrains properties it does not name. When it cannot, a fact that costs queries to
 * find need not be looked up for it.
 */
export function conditionMayRead(when: unknown, name: string): boolean {
  if (when === undefined || when === null || typeof when === 'boolean') return false;
  const text = JSON.stringify(when);
  return text.includes(JSON.stringify(name)) || /"(\$ref|\$dynamicRef|patternProperties|additionalProperties|unevaluatedProperties|propertyNames|dependentSchemas)"/.test(text);
}

