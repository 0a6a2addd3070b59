/* eslint-disable */
/**
 * GENERATED FILE - DO NOT EDIT. Source: schemas/*.schema.json. Regenerate with `npm run codegen`.
 */

/**
 * Stable identifier of a template or of an item inside one (department, role, level, category, severity, remedy type, rule step ...): lower-case letters, digits and hyphens, starting with a letter, 2 to 63 characters.
 */
export type Key = string;
/**
 * A rule condition (`when`): a JSON Schema (draft 2020-12, compiled by ajv in strict mode, so keywords need their `type`, e.g. `properties` needs "type": "object" and `contains` needs "type": "array"; no remote $ref) that is evaluated against the FACTS document of a complaint; the condition holds when the facts are valid against it. FACTS = { "typeKey": string (complaint type key), "data": object (the complaint's intake data, as validated by the type's intakeSchema), "category": string | null (key of the chosen category), "categoryPath": string[] (keys from the root category down to and including the chosen one; [] when unclassified), "severity": string | null (severity key; null while severityRules themselves are evaluated), "department": string | null (responsible department key; null while routing rules are evaluated), "remedy": { "type": string (remedy type key), "amount": number, "currency": string (ISO 4217) } | null (the proposed remedy; amount 0 when the remedy type requires none), "feedback": { "satisfaction": integer 1..5, "acceptsResolution": boolean } | null (the customer's feedback once recorded), "recurrence": boolean (the complaint recurs under its type's investigation.recurrence rule when that rule's effect is require; without such a rule, an earlier investigation on the same part number and category was closed: its correction did not prevent this complaint; known when the complaint is classified), "customer": { "organization": string } (read at the type's intakeFields.customer), "channel": string (at intakeFields.channel) }. Example, 'the category is material or below it': {"type": "object", "properties": {"categoryPath": {"type": "array", "contains": {"const": "material"}}}, "required": ["categoryPath"]}. Rule lists are evaluated in order and the first matching rule decides.
 */
export type Condition = Record<string, unknown>;
/**
 * Key of an investigation template. Like Key, but may start with a digit, because the customary names of problem-solving methods do (8d, 3d).
 */
export type InvestigationTemplateKey = string;
/**
 * Whether stage 2 (investigation) is required, optional (a person may open one) or not needed (the reason is recorded when the complaint is closed without one).
 */
export type InvestigationRequirement = 'required' | 'optional' | 'not-needed';
/**
 * When a step fires: after a share of the target has elapsed, or when the target is overdue by a business duration.
 */
export type EscalationTrigger = AtShareOfTarget | AtOverdue;
/**
 * The section holding the root-cause analysis (D4 in an 8D): a failed effectiveness check reopens it, and every section that depends on it, with the evidence.
 */
export type SectionKey = string;
/**
 * Stable identifier of a template or of an item inside one (department, role, level, category, severity, remedy type, rule step ...): lower-case letters, digits and hyphens, starting with a letter, 2 to 63 characters.
 */
export type Key1 = string;
/**
 * Stable identifier of a template or of an item inside one (department, role, level, category, severity, remedy type, rule step ...): lower-case letters, digits and hyphens, starting with a letter, 2 to 63 characters.
 */
export type Key2 = string;
/**
 * Key of an investigation section, e.g. D0 ... D8: an upper-case letter or digit, then up to 15 letters, digits or hyphens.
 */
export type SectionKey1 = string;
/**
 * A JSON Schema (draft 2020-12) of user data, compiled separately by ajv in strict mode. Field labels go in x-title and explanations in x-description (LocalizedText each), enum value labels in x-enum-titles; no plain title/description strings, no remote $ref.
 */
export type EmbeddedJsonSchema = Record<string, unknown>;
/**
 * UI schema for react-jsonschema-form / JSON Forms renderers (ui:order, ui:widget ...). Presentation only; never validated against data.
 */
export type UiSchema = Record<string, unknown>;
/**
 * Local wall-clock time HH:MM (24-hour) in the calendar's time zone.
 */
export type TimeOfDay = string;
/**
 * A calendar date YYYY-MM-DD in the calendar's time zone.
 */
export type IsoDate = string;
/**
 * A state, in upper snake case, e.g. UNDER_REVIEW.
 */
export type StateKey = string;
/**
 * An organization role key, or (workflows of an investigation, section or consequence) one of the record's role sets, e.g. $signers.
 */
export type RoleRef = string;
/**
 * Stable identifier of a template or of an item inside one (department, role, level, category, severity, remedy type, rule step ...): lower-case letters, digits and hyphens, starting with a letter, 2 to 63 characters.
 */
export type Key3 = string;

/**
 * Every template kind, by kind name.
 */
export interface TemplateKinds {
  'approval-route'?: ApprovalRouteTemplate;
  'complaint-type'?: ComplaintTypeTemplate;
  'escalation-policy'?: EscalationPolicyTemplate;
  investigation?: InvestigationTemplate;
  message?: MessageTemplate;
  organization?: OrganizationTemplate;
  workflow?: WorkflowTemplate;
}
/**
 * The ordered approval steps a proposed remedy (a complaint type's `approvalRoute`) or a consequence of accountability (a consequence kind's `approvalRoute` in the organization template) goes through. Steps whose condition does not match the facts (a remedy: the complaint's facts with the proposed remedy; a consequence: its CONSEQUENCE FACTS) are skipped; the others run one after another, and a rejection ends the route.
 */
export interface ApprovalRouteTemplate {
  /**
   * Editor hint pointing at this meta-schema; ignored.
   */
  $schema?: string;
  kind: 'approval-route';
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * @minItems 1
   * @maxItems 50
   */
  steps: [ApprovalStep, ...ApprovalStep[]];
}
/**
 * Text shown to users, in Simplified Chinese and English.
 */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}
/**
 * One approval step. `when`: the step applies only when this condition matches (always when absent). `mode`: any one approver decides, or all must approve. `timeout`: time the step may stay pending before it is reported overdue and escalated to the approvers' manager. `signature`: whether a decision on the step is electronically signed, and with which meanings (absent: unsigned).
 */
export interface ApprovalStep {
  key: Key;
  title: LocalizedText;
  when?: Condition;
  approvers: Approvers;
  mode: 'any' | 'all';
  timeout: BusinessDuration;
  signature?: SignatureRequirement;
}
/**
 * Who may decide a step: the people matching every given property. `role`: holders of this organization role. `department`: an organization department key, or "$complaint" for the complaint's responsible department (for a consequence: the department of the party held to account). `level`: people at this organization level. `departmentHead`: the head of `department` (the holder of its headRole).
 */
export interface Approvers {
  role?: Key;
  department?: string;
  level?: Key;
  departmentHead?: boolean;
}
/**
 * A duration in the organization's business calendar: working hours and working days skip nights, weekends and holidays (and count make-up working days); calendar days do not.
 */
export interface BusinessDuration {
  value: number;
  unit: 'working-hours' | 'working-days' | 'calendar-days';
}
/**
 * An electronic signature on a step (21 CFR 11.50, 11.70, 11.200): the signer, a user (not an API key), re-enters their password and states one of `meanings`; the signature (printed name, time, meaning) is bound to a hash of the signed content. `required`: the step is refused without one; false: one may be given.
 */
export interface SignatureRequirement {
  /**
   * Whether the step is refused without a signature.
   */
  required: boolean;
  /**
   * The meanings a signer may state (e.g. approved, reviewed, responsible); keys unique.
   *
   * @minItems 1
   * @maxItems 20
   */
  meanings:
    | [SignatureMeaning]
    | [SignatureMeaning, SignatureMeaning]
    | [SignatureMeaning, SignatureMeaning, SignatureMeaning]
    | [SignatureMeaning, SignatureMeaning, SignatureMeaning, SignatureMeaning]
    | [SignatureMeaning, SignatureMeaning, SignatureMeaning, SignatureMeaning, SignatureMeaning]
    | [SignatureMeaning, SignatureMeaning, SignatureMeaning, SignatureMeaning, SignatureMeaning, SignatureMeaning]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ]
    | [
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning,
        SignatureMeaning
      ];
}
/**
 * One meaning a signature may have (21 CFR 11.50(a)(3)): its key, stored with the signature, and its title, shown with it.
 */
export interface SignatureMeaning {
  key: Key;
  title: LocalizedText;
}
/**
 * A complaint type: its bilingual title, the intake form (JSON Schema + UI schema) its complaints are validated against, its category tree and severities, and the rules that classify, route and time its complaints through stage 1 (response) and stage 2 (investigation). Every rule list is evaluated in order and the first rule whose `when` matches decides; otherwise the default applies.
 */
export interface ComplaintTypeTemplate {
  /**
   * Editor hint pointing at this meta-schema; ignored.
   */
  $schema?: string;
  kind: 'complaint-type';
  /**
   * Stable identifier used by clients (createComplaint typeKey).
   */
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * Prefix of complaint numbers of this type, e.g. CC gives CC-2026-000001. Defaults to CC.
   */
  numberPrefix?: string;
  /**
   * JSON Schema (draft 2020-12) of the complaint data; compiled by ajv in strict mode. Field labels go in x-title.
   */
  intakeSchema: Record<string, unknown>;
  /**
   * UI schema for react-jsonschema-form / JSON Forms renderers.
   */
  uiSchema?: Record<string, unknown>;
  /**
   * The category tree complaints of this type are classified into. Keys are unique across the whole tree.
   *
   * @minItems 1
   * @maxItems 200
   */
  categories: [Category, ...Category[]];
  /**
   * Severity levels of this type (ISO 10002 8.5 initial assessment); a higher rank is more severe.
   *
   * @minItems 1
   * @maxItems 50
   */
  severities: [Severity, ...Severity[]];
  /**
   * Proposed severity: the first rule whose condition matches the facts (with severity null) gives it, else defaultSeverity. A person may override it when classifying.
   *
   * @maxItems 200
   */
  severityRules?: SeverityRule[];
  /**
   * Key of the severity used when no severity rule matches.
   */
  defaultSeverity: string;
  routing: Routing;
  /**
   * Stage 2 of this type: rules that say when an investigation is required (InvestigationPolicy, `mode` "rules" or omitted), or `{"mode": "never"}`: this type has no stage 2 and names no investigation template.
   */
  investigation: InvestigationPolicy | NoInvestigation;
  sla: Sla;
  /**
   * Key of the escalation-policy template whose ladders watch this type's SLA clocks.
   */
  escalationPolicy: string;
  /**
   * Key of the approval-route template a proposed remedy goes through.
   */
  approvalRoute: string;
  /**
   * Key of the workflow template: the stage-1 state machine complaints of this type go through.
   */
  workflow: string;
  intakeFields?: IntakeFields;
}
/**
 * A node of the category tree (e.g. manufacturing defect > welding). Conditions see the path from the root as facts.categoryPath.
 */
export interface Category {
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * @maxItems 200
   */
  children?: Category[];
}
/**
 * A severity level; a higher rank is more severe.
 */
export interface Severity {
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  rank: number;
}
/**
 * When the condition matches, `severity` (a key of this type's severities) is proposed.
 */
export interface SeverityRule {
  when: Condition;
  severity: Key;
}
/**
 * Which department is responsible: the first matching rule (facts with department null), else defaultDepartment. Department keys are the organization's.
 */
export interface Routing {
  /**
   * @maxItems 200
   */
  rules: RoutingRule[];
  defaultDepartment: Key;
}
/**
 * When the condition matches, the complaint is routed to `department` (an organization department key).
 */
export interface RoutingRule {
  when: Condition;
  department: Key;
}
/**
 * Whether stage 2 is required (ISO 10002 8.6: in proportion to seriousness): the first matching rule, else `default`. `template` is the key of the investigation template (e.g. 8d) an investigation of this type uses. A person may open one when it is optional; opening one the rules make not needed, or skipping a required one, is an override the organization's investigationOverrides govern.
 */
export interface InvestigationPolicy {
  /**
   * "rules" (the default): these rules decide whether stage 2 is required.
   */
  mode?: 'rules';
  template: InvestigationTemplateKey;
  /**
   * @maxItems 200
   */
  rules: InvestigationRule[];
  default: InvestigationRequirement;
  /**
   * Intake fields (JSON pointers into the complaint data, e.g. /defectType) that must also be equal for an earlier investigation to count as the same problem (recurrence), besides the part number and the category.
   *
   * @maxItems 10
   */
  recurrenceKeys?:
    | []
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string];
  recurrence?: RecurrenceRule;
}
export interface InvestigationRule {
  when: Condition;
  requirement: InvestigationRequirement;
}
/**
 * When a complaint recurs (the rules' `recurrence` fact): earlier records equal in `keys`, within `window` before this complaint's received time, of the kinds `counts` names, of the same complaint type. Without this object: a closed investigation on the same part number, category and recurrenceKeys, at any time, makes `recurrence` true. The matched numbers are recorded on the complaint's record.investigation.recurrence.
 */
export interface RecurrenceRule {
  /**
   * JSON pointers into the complaint facts that must be equal: intake data (/data/..., e.g. /data/product/partNumber) and the classification (/category). Default: the part number (at intakeFields.partNumber), /category and the recurrenceKeys. A complaint with a key absent does not recur.
   *
   * @minItems 1
   * @maxItems 10
   */
  keys?:
    | [string]
    | [string, string]
    | [string, string, string]
    | [string, string, string, string]
    | [string, string, string, string, string]
    | [string, string, string, string, string, string]
    | [string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string]
    | [string, string, string, string, string, string, string, string, string, string];
  window?: RecurrenceWindow;
  /**
   * What counts as the earlier occurrence: closed-investigations (default; an investigation linked to an earlier complaint with these keys was closed: its correction did not prevent this one), open-investigations, complaints (earlier complaints with these keys, closed or not, with or without an investigation).
   *
   * @minItems 1
   */
  counts?: [
    'closed-investigations' | 'open-investigations' | 'complaints',
    ...('closed-investigations' | 'open-investigations' | 'complaints')[]
  ];
  /**
   * require (default): a recurrence requires stage 2 (the `recurrence` fact is true and the requirement is required); suggest: the match is recorded and shown, the `recurrence` fact stays false and the requirement is the rules'.
   */
  effect?: 'require' | 'suggest';
}
/**
 * How far back an earlier occurrence counts, from this complaint's received time (the earlier complaint's received time must be within it). Default: no limit.
 */
export interface RecurrenceWindow {
  value: number;
  unit: 'calendar-days';
}
/**
 * This type never has stage 2 (e.g. service or delivery complaints answered in stage 1): no investigation template, its complaints close without an investigation decision, and deciding one is needed or opening one for them is refused unless the organization's investigationOverrides let the caller override it (with a reason).
 */
export interface NoInvestigation {
  mode: 'never';
}
/**
 * SLA targets per stage, keyed by severity key; every severity of the type needs an entry in both maps. Each clock starts when its stage starts and pauses while waiting on the customer.
 */
export interface Sla {
  response: {
    [k: string]: ResponseSlaTargets;
  };
  investigation: {
    [k: string]: InvestigationSlaTargets;
  };
}
/**
 * Stage 1 targets, each measured from the complaint's receipt: acknowledge it to the customer (ISO 10002 8.4), respond with the decision and remedy (8.7-8.8), close it (8.9).
 */
export interface ResponseSlaTargets {
  acknowledge: BusinessDuration;
  respond: BusinessDuration;
  close: BusinessDuration;
}
/**
 * Stage 2 targets, each measured from the investigation's opening: containment effective (D3), root cause verified (D4), investigation closed (D8).
 */
export interface InvestigationSlaTargets {
  containment: BusinessDuration;
  rootCause: BusinessDuration;
  closure: BusinessDuration;
}
/**
 * Where the engine finds what it reads from the intake data: each a JSON pointer (RFC 6901) into the complaint data, e.g. /order/sku. A field left out reads the path the shipped types use (its default). A pointer given must name a property the intakeSchema declares (through properties) with a compatible type; publishing refuses it otherwise (UNKNOWN_INTAKE_FIELD, INTAKE_FIELD_TYPE). A complaint reads them from the type version it is pinned to.
 */
export interface IntakeFields {
  /**
   * Part number (a string property; default /product/partNumber): statistics by product and PPM, recurrence and investigation suggestions (an investigation keeps its first complaint's), closing evaluations, the complaints filter partNumber, reports and the message placeholder product.partNumber.
   */
  partNumber?: string;
  /**
   * Product name (a string property; default /product/name): the message placeholder product.name.
   */
  productName?: string;
  /**
   * Customer organization (a string property; default /customer/organization): statistics by customer, the rules' fact customer.organization, the complaints filter customer, reports and the message placeholders customer.organization and customer.name (when there is no contact name).
   */
  customer?: string;
  /**
   * Contact person (a string property; default /customer/contactName): the message placeholder customer.name.
   */
  contactName?: string;
  /**
   * Customer e-mail (a string property; default /customer/email): where customer messages are sent, and the placeholder customer.email.
   */
  customerEmail?: string;
  /**
   * Customer phone (a string property; default /customer/phone): the message placeholder customer.phone.
   */
  customerPhone?: string;
  /**
   * Defective quantity the customer claims (an integer or number property; default /quantityAffected): statistics' claimed quantity and PPM.
   */
  quantity?: string;
  /**
   * When the complaint was received (a string property with format date-time; default /receivedAt): the stage-1 clocks start there when it is not after recording (else at recording), statistics bucket by it, reports and the placeholder complaint.receivedDate.
   */
  receivedAt?: string;
  /**
   * The complaint in the customer's words (a string property; default /description): the title of an investigation opened by rule, and reports.
   */
  description?: string;
  /**
   * How the complaint came in (a string or string-enum property; default /channel): the rules' fact channel.
   */
  channel?: string;
  /**
   * Order number (a string property; default /orderNumber): the message placeholder order.number.
   */
  orderNumber?: string;
  /**
   * Lot numbers (an array of strings; default /lotNumbers): the message placeholder product.lots.
   */
  lotNumbers?: string;
  /**
   * What the customer asks for (a string or string-enum property; default /demand): recorded with a proposed remedy as requestedByCustomer.
   */
  demand?: string;
}
/**
 * Escalation ladders, one per stage. Each step watches one SLA target of its stage and fires once, at a share of the target or when the target is overdue by a duration; it notifies people and may reassign. A step whose clock is stopped (target met) does not fire.
 */
export interface EscalationPolicyTemplate {
  /**
   * Editor hint pointing at this meta-schema; ignored.
   */
  $schema?: string;
  kind: 'escalation-policy';
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  stages: EscalationStages;
}
/**
 * The ladder of stage 1 (response) and of stage 2 (investigation). Step keys are unique within a ladder.
 */
export interface EscalationStages {
  /**
   * @maxItems 50
   */
  response: ResponseEscalationStep[];
  /**
   * @maxItems 50
   */
  investigation: InvestigationEscalationStep[];
}
/**
 * A stage 1 step. `clock`: the response SLA target watched. `reassignToLevel`: reassign the complaint to a person of this organization level in the responsible department.
 */
export interface ResponseEscalationStep {
  key: Key;
  title: LocalizedText;
  clock: 'acknowledge' | 'respond' | 'close';
  at: EscalationTrigger;
  /**
   * @minItems 1
   * @maxItems 50
   */
  notify: [NotifyTarget, ...NotifyTarget[]];
  reassignToLevel?: Key;
}
/**
 * Fires when this share of the target duration has elapsed (0.75 = 75 %; 1 = at the deadline).
 */
export interface AtShareOfTarget {
  shareOfTarget: number;
}
/**
 * Fires when the target has been missed by this business duration.
 */
export interface AtOverdue {
  overdue: BusinessDuration;
}
/**
 * Who is notified: the people matching every given property, found in the responsible department's line (the department, else its nearest ancestor where anyone matches; never company-wide), except `role` alone. `role`: holders of this organization role (alone: every holder, company-wide). `level`: the people holding this organization level (their own level or one of their roles') in the responsible department, else in its nearest ancestor that has any. `department`: where the line starts: "$responsible" (the default) for the record's responsible department, or a department key; with `role` and no other property, the holders of the role in that department (else its nearest ancestor that has any). `departmentHead`: the head of the department (the person standing in it who holds its headRole; vacant: the nearest head above). `ownerManager`: the managers of the current owner (complaint owner in stage 1, investigation leader in stage 2): the head of each department the owner stands in, or the nearest head above when the owner heads it; no owner: the head of the department. A person stands in their own departments; one with none (API keys) in the departments its roles head. A role's mailbox is written to only when every holder of the role is reached. A target that reaches no one is recorded on the escalation event (`unresolved`), not widened.
 */
export interface NotifyTarget {
  role?: Key;
  level?: Key;
  /**
   * Where the people are looked for: "$responsible" (the record's responsible department, the default) or an organization department key; the line runs up from there.
   */
  department?: string;
  departmentHead?: boolean;
  ownerManager?: boolean;
}
/**
 * A stage 2 step. `clock`: the investigation SLA target watched. `reassignToLevel`: hand the investigation to a leader of this organization level. `raiseLeaderLevel`: require a leader one level (by rank) above the current one.
 */
export interface InvestigationEscalationStep {
  key: Key;
  title: LocalizedText;
  clock: 'containment' | 'rootCause' | 'closure';
  at: EscalationTrigger;
  /**
   * @minItems 1
   * @maxItems 50
   */
  notify: [NotifyTarget, ...NotifyTarget[]];
  reassignToLevel?: Key;
  raiseLeaderLevel?: boolean;
}
/**
 * A stage 2 problem-solving method (e.g. 8D, IATF 16949 10.2.3): the sections of its report, each with its own form, owner, sign-off and prerequisites, and the level of the person who must lead it.
 */
export interface InvestigationTemplate {
  /**
   * Editor hint pointing at this meta-schema; ignored.
   */
  $schema?: string;
  kind: 'investigation';
  key: InvestigationTemplateKey;
  title: LocalizedText;
  description: LocalizedText;
  leaderLevel: LeaderLevelPolicy;
  rootCauseSection: SectionKey;
  closure?: ClosurePolicy;
  workflow?: Key1;
  sectionWorkflow?: Key2;
  /**
   * The report's sections in display order. Keys are unique; prerequisites refer to them and form no cycle.
   *
   * @minItems 1
   * @maxItems 50
   */
  sections: [Section, ...Section[]];
}
/**
 * Minimum organization level of the investigation leader: the first rule matching the facts of the (first) complaint, else `default`. Level keys are the organization's.
 */
export interface LeaderLevelPolicy {
  /**
   * @maxItems 100
   */
  rules: LeaderLevelRule[];
  default: Key;
}
export interface LeaderLevelRule {
  when: Condition;
  level: Key;
}
/**
 * How the investigation closes. `signature`: whether the steps that close it (a passed effectiveness check, or closing without completing) are electronically signed (absent: unsigned).
 */
export interface ClosurePolicy {
  signature?: SignatureRequirement;
}
/**
 * One section of the report (e.g. D4 root cause). `schema` is the JSON Schema of its data; `ownerRole` (organization role key) fills it in, `signOffRole` signs it off (21 CFR 11.50: name, time and meaning recorded); it can be submitted only when every section in `prerequisites` is signed off (a draft may be saved any time). `signature`: whether the sign-off is electronically signed, and with which meanings (absent: a plain sign-off).
 */
export interface Section {
  key: SectionKey1;
  title: LocalizedText;
  description: LocalizedText;
  schema: EmbeddedJsonSchema;
  uiSchema?: UiSchema;
  ownerRole: Key;
  signOffRole: Key;
  /**
   * Stage-2 SLA clocks (the complaint type's sla.investigation targets) met when this section is signed off, e.g. containment at D3, rootCause at D4; closure is met when the investigation closes.
   */
  meets?: ('containment' | 'rootCause')[];
  signature?: SignatureRequirement;
  /**
   * @maxItems 50
   */
  prerequisites: SectionKey1[];
}
/**
 * A message to the customer (ISO 10002 8.4 acknowledgement, 8.7 communicating the decision, 8.9 closing): a subject and a plain-text body per language, with placeholders filled from the complaint. Rendered by a logic-less engine (Mustache syntax, plain variables only): no code runs from a template. The HTML e-mail body is derived from the text: values are HTML-escaped and each paragraph (text between blank lines) becomes a <p>.
 */
export interface MessageTemplate {
  /**
   * Editor hint pointing at this meta-schema; ignored.
   */
  $schema?: string;
  kind: 'message';
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * What the message is for: acknowledgement (complaint received), request-for-information (more data needed from the customer), rejection (the complaint is not justified: polite and reasoned), remedy-offer (what we propose), resolution (what was done), thanks (for the customer's feedback).
   */
  purpose: 'acknowledgement' | 'request-for-information' | 'rejection' | 'remedy-offer' | 'resolution' | 'thanks';
  /**
   * Organization roles whose holders may send it (admin always may). Anyone who can read the complaint may preview it.
   *
   * @maxItems 100
   */
  roles?: Key[];
  texts: MessageTexts;
}
/**
 * The message in Simplified Chinese and English.
 */
export interface MessageTexts {
  'zh-CN': MessageText;
  en: MessageText;
}
/**
 * Subject and plain-text body in one language. Placeholders are plain Mustache variables, {{name}}; sections ({{#x}}, {{^x}}), partials ({{>x}}), unescaped output ({{{x}}}, {{&x}}) and delimiter changes ({{=<% %>=}}) are refused at publish, and so is any name outside this catalog: customer.name (contact person), customer.organization, customer.email, customer.phone, complaint.number, complaint.receivedDate, complaint.description, product.name, product.partNumber, product.lots (lot numbers, comma separated), order.number, remedy.type (remedy type title), remedy.amount (with currency, per locale), remedy.description, rejection.reason (reason title), rejection.reply (the reply recorded on rejection), due.acknowledge, due.respond, due.close (due dates of the stage-1 SLA clocks), owner.name (the complaint's owner), sender.name (who sends it), company.name (the organization's title), message.date (the date the message is rendered). Dates and money are formatted for the language; a value the complaint lacks renders as a visible marker [[name]] and is reported.
 */
export interface MessageText {
  /**
   * One line; newlines in values are replaced by spaces.
   */
  subject: string;
  /**
   * Plain text; paragraphs separated by a blank line.
   */
  body: string;
}
/**
 * The company: its business calendar (SLA clocks run on it), hierarchy levels, roles, departments and the remedy types complaints may propose.
 */
export interface OrganizationTemplate {
  /**
   * Editor hint pointing at this meta-schema; ignored.
   */
  $schema?: string;
  kind: 'organization';
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * ISO 4217 currency of remedy amounts (and of the amounts in conditions) unless a remedy says otherwise. Defaults to CNY.
   */
  currency?: string;
  calendar: BusinessCalendar;
  /**
   * Hierarchy levels, e.g. engineer, supervisor, manager, director, vp. Escalation and investigation leadership move between them by rank.
   *
   * @minItems 1
   * @maxItems 50
   */
  levels: [Level, ...Level[]];
  /**
   * Roles people act under; transitions, approvals, section ownership and notifications name them.
   *
   * @minItems 1
   * @maxItems 200
   */
  roles: [Role, ...Role[]];
  /**
   * Departments complaints are routed to; a tree through `parent`.
   *
   * @minItems 1
   * @maxItems 500
   */
  departments: [Department, ...Department[]];
  /**
   * Remedies a complaint may propose to the customer (ISO 10002 8.2: the remedy the customer asks for).
   *
   * @minItems 1
   * @maxItems 50
   */
  remedyTypes: [RemedyType, ...RemedyType[]];
  /**
   * Kinds of cost recorded against complaints and investigations (cost of poor quality). Optional: when absent, the shipped set applies (compensation, freight, sorting, rework, scrap, labor as hours x rate, other).
   *
   * @minItems 1
   * @maxItems 50
   */
  costKinds?: [CostKind, ...CostKind[]];
  /**
   * Who may perform the operations that no workflow transition or investigation template governs: permission key (e.g. complaint.create, stats.read, template.publish; the catalog is in README "Permissions") -> the roles that hold it. A permission not named keeps its default roles; an empty list leaves it to admins, who always hold every permission. Unknown permission keys and roles are publish errors.
   */
  permissions?: {
    /**
     * Roles that hold the permission.
     *
     * @maxItems 200
     */
    [k: string]: Key[];
  };
  visibility?: Visibility;
  /**
   * Kinds of prevention a closing evaluation (总结评价) proposes, e.g. design, process, supplier, training. Optional: when absent, the shipped set applies (design, process, supplier, training, management system, other).
   *
   * @minItems 1
   * @maxItems 50
   */
  preventionKinds?: [PreventionKind, ...PreventionKind[]];
  accountability?: AccountabilityPolicy;
  changeControl?: ChangeControl;
  investigationOverrides?: InvestigationOverrides;
}
/**
 * When the organization works. A date is a working day when it is a make-up working day, or when it is not inside a holiday and some workingHours entry lists its ISO weekday.
 */
export interface BusinessCalendar {
  /**
   * IANA time zone name, e.g. Asia/Shanghai.
   */
  timeZone: string;
  /**
   * @minItems 1
   */
  workingHours: [WorkingHours, ...WorkingHours[]];
  /**
   * A maintained source of public holidays and make-up working days to include: CN (mainland China's State Council schedule as published in the chinese-days package, 2004 up to the latest year it has). `holidays` and `makeUpWorkingDays` below add to it (plant shutdowns), `publicHolidayYears` adds the years it does not cover yet; a make-up working day listed here also overrides a public holiday the plant works.
   */
  publicHolidays?: 'CN';
  /**
   * Days off (public holidays, plant shutdowns), each a range of whole dates.
   *
   * @maxItems 500
   */
  holidays: Holiday[];
  /**
   * Weekend dates worked instead of a holiday (调休上班).
   *
   * @maxItems 200
   */
  makeUpWorkingDays: MakeUpWorkingDay[];
  /**
   * Years of public holidays entered by an admin from the official notice (for mainland China the State Council's), for years the `publicHolidays` source does not have yet. Each declared year counts as covered: clocks due in it are not flagged as computed without holiday data. Its holidays and make-up working days add to the source's; `holidays` and `makeUpWorkingDays` above still come last and win.
   *
   * @maxItems 100
   */
  publicHolidayYears?: PublicHolidayYear[];
}
/**
 * Working time on the listed weekdays: from `from` to `to` less the breaks.
 */
export interface WorkingHours {
  /**
   * ISO weekdays: 1 Monday ... 7 Sunday.
   *
   * @minItems 1
   */
  days: [number, ...number[]];
  from: TimeOfDay;
  to: TimeOfDay;
  /**
   * Unpaid breaks inside the working time, e.g. lunch.
   */
  breaks?: TimeRange[];
}
/**
 * A part of a day, e.g. the lunch break.
 */
export interface TimeRange {
  from: TimeOfDay;
  to: TimeOfDay;
}
/**
 * Days off from `from` to `to`, both included.
 */
export interface Holiday {
  from: IsoDate;
  to: IsoDate;
  title: LocalizedText;
}
/**
 * A weekend date that is worked. It has the working hours of the workingHours entry listing `asWeekday`.
 */
export interface MakeUpWorkingDay {
  date: IsoDate;
  title: LocalizedText;
  /**
   * ISO weekday whose working hours apply on this date. Defaults to 1 (Monday).
   */
  asWeekday?: number;
}
/**
 * One year's public holidays and make-up working days (放假调休安排) as the official notice publishes them. Dates lie in the year, or within a month of it (a New Year holiday that runs into January of the next year).
 */
export interface PublicHolidayYear {
  /**
   * The calendar year the notice is for.
   */
  year: number;
  /**
   * The year's public holidays, each a range of whole dates.
   *
   * @maxItems 50
   */
  holidays: Holiday[];
  /**
   * The year's make-up working days (调休上班).
   *
   * @maxItems 30
   */
  makeUpWorkingDays: MakeUpWorkingDay[];
  /**
   * Where the dates come from: the notice's title and number, or its URL, e.g. 国务院办公厅关于2027年部分节假日安排的通知.
   */
  source?: string;
}
/**
 * A hierarchy level; a higher rank is more senior.
 */
export interface Level {
  key: Key;
  title: LocalizedText;
  rank: number;
}
/**
 * A role people act under. `level`: key of the level its holders are at (absent for technical roles such as admin). `email`: the role's mailbox; notifications to the role are also e-mailed there when SMTP is configured (once per message).
 */
export interface Role {
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  level?: Key;
  email?: string;
}
/**
 * A department. `parent`: key of the parent department (absent at the top). `headRole`: key of the role whose holder in this department is its head (approvals with departmentHead, escalations).
 */
export interface Department {
  key: Key;
  title: LocalizedText;
  parent?: Key;
  headRole: Key;
}
/**
 * A kind of remedy offered to the customer.
 */
export interface RemedyType {
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * A remedy of this type must state an amount (and currency).
   */
  requiresAmount: boolean;
}
/**
 * A kind of cost item. `calculation`: `amount` (the item states an amount, the default) or `hours-x-rate` (the item states hours and an hourly rate; the amount is their product, e.g. labor).
 */
export interface CostKind {
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  calculation?: 'amount' | 'hours-x-rate';
}
/**
 * Which complaints and investigations a caller may see; the others are NOT_FOUND to them everywhere (reads, lists, changes, exports, reports, events). Callers matched by seeAll see everything; everyone else sees the records of their own departments (a department includes its sub-departments) plus those they created, own, lead, champion or are on the team of. API keys have no departments: their roles decide. Without this property every caller sees everything.
 */
export interface Visibility {
  description?: LocalizedText;
  /**
   * Who sees every complaint and investigation: holders of one of these roles, or callers at or above this level by rank (a caller's level is the higher of their own level and the levels of their roles). admin always does.
   */
  seeAll: {
    /**
     * @maxItems 200
     */
    roles?: Key[];
    minLevel?: Key;
  };
}
/**
 * A kind of preventive action a closing evaluation can propose; its key is what lessons are searched by.
 */
export interface PreventionKind {
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
}
/**
 * How the company holds the responsible parties of a complaint to account (issue #10). Optional: without it no consequences are proposed and only `admin` may decide responsibility. Consequences are personal data: only `viewRoles` (and the person concerned) see their content and the people named.
 */
export interface AccountabilityPolicy {
  /**
   * Roles that may decide and revise the responsibility for a complaint.
   *
   * @minItems 1
   * @maxItems 50
   */
  decideRoles: [Key, ...Key[]];
  /**
   * Roles that see consequences, the people named and the evidence (e.g. HR, managers, plant manager). Everyone else sees that a decision exists, its departments, kinds and shares.
   *
   * @minItems 1
   * @maxItems 50
   */
  viewRoles: [Key, ...Key[]];
  /**
   * Roles that decide an appeal against a consequence (one appeal per consequence).
   *
   * @minItems 1
   * @maxItems 50
   */
  appealRoles: [Key, ...Key[]];
  /**
   * What a consequence can be, e.g. performance points, a bonus deduction in percent, a written warning, retraining.
   *
   * @minItems 1
   * @maxItems 50
   */
  consequenceKinds: [ConsequenceKind, ...ConsequenceKind[]];
  /**
   * Every rule whose `when` matches a party's facts proposes its consequences for that party (in rule order). ACCOUNTABILITY FACTS = { "typeKey": string, "severity": string | null, "category": string | null, "categoryPath": string[], "complaintDepartment": string | null, "costTotal": number (the complaint's cost items not voided, in the base currency, major units), "currency": string, "target": "person" | "department", "department": string (the party's department), "kind": "direct" | "managerial", "share": number (the party's share in percent, e.g. 60 or 33.33), "repeatCount": integer (consequences not superseded nor overturned the same person, or for a department target the same department, received on other complaints before) }.
   *
   * @maxItems 200
   */
  rules: ConsequenceRule[];
}
/**
 * A kind of consequence. `unit`: `points` (performance points), `percent` (e.g. of a bonus), `money` (in the organization currency) or `none` (a written warning, retraining: no amount). `scale`: decimals an amount keeps after scaling by the share, rounded half up (四舍五入); default 2. `approvalRoute`: key of the approval-route template a consequence of this kind goes through before it takes effect: the route's steps whose `when` matches the CONSEQUENCE FACTS (the party's ACCOUNTABILITY FACTS plus "consequenceKind": string, "unit": string, "amount": number | null, the amount after scaling by the share), in order, each decided by its approvers in the party's department ("$complaint" and no department: the party's department), with its mode, timeout and signature; absent, or no step matching: it takes effect when proposed.
 */
export interface ConsequenceKind {
  key: Key;
  title: LocalizedText;
  description?: LocalizedText;
  unit: 'points' | 'percent' | 'money' | 'none';
  scale?: number;
  approvalRoute?: Key;
}
/**
 * A consequence rule: when its condition matches the ACCOUNTABILITY FACTS of a party (see AccountabilityPolicy.rules), it proposes `consequences` for each person of the party (`target` person) or for the party's department (`target` department).
 */
export interface ConsequenceRule {
  key: Key;
  title: LocalizedText;
  target: 'person' | 'department';
  when: Condition;
  /**
   * @minItems 1
   * @maxItems 10
   */
  consequences:
    | [ConsequenceRuleItem]
    | [ConsequenceRuleItem, ConsequenceRuleItem]
    | [ConsequenceRuleItem, ConsequenceRuleItem, ConsequenceRuleItem]
    | [ConsequenceRuleItem, ConsequenceRuleItem, ConsequenceRuleItem, ConsequenceRuleItem]
    | [ConsequenceRuleItem, ConsequenceRuleItem, ConsequenceRuleItem, ConsequenceRuleItem, ConsequenceRuleItem]
    | [
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem
      ]
    | [
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem
      ]
    | [
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem
      ]
    | [
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem
      ]
    | [
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem,
        ConsequenceRuleItem
      ];
}
/**
 * One consequence a rule proposes. `amount`: a decimal string (required unless the kind's unit is none), multiplied by the party's share / 100 unless `scaleByShare` is false, then rounded half up to the kind's scale.
 */
export interface ConsequenceRuleItem {
  kind: Key;
  amount?: string;
  scaleByShare?: boolean;
}
/**
 * How template publications of this tenant are controlled. A change the diff calls breaking always needs confirmBreaking and a reason. `publicationSignature`: publishing any template (publishTemplate, importTemplates) takes an electronic signature like a section sign-off (21 CFR 11.50, 11.200), stored with the version; required: refused without one. The organization in force decides, so the publication that adds or removes this requirement is governed by the version before it.
 */
export interface ChangeControl {
  publicationSignature?: SignatureRequirement;
}
/**
 * Who may override a complaint type's stage-2 rules, and with what reason. `open`: roles that may decide an investigation is needed, or open one, for a complaint whose type has no stage 2 (mode never) or whose rules make it not needed. `skip`: roles that may decide none is needed where the rules require one. Only the roles named hold an override (admin too must be named). Every override needs a reason (free text), and a reason code from `reasons` when that list is given; it is recorded on the complaint's record (record.investigation.overrides) and in the event. Without this section: opening one the rules make not needed is left to whoever may open investigations (as before), a type without stage 2 cannot be overridden, and a required investigation cannot be skipped.
 */
export interface InvestigationOverrides {
  /**
   * Roles that may open an investigation (or decide one is needed) that the rules do not call for.
   *
   * @maxItems 200
   */
  open: Key[];
  /**
   * Roles that may decide no investigation is needed where the rules require one.
   *
   * @maxItems 200
   */
  skip: Key[];
  /**
   * Reason codes an override must name (overrideReasonCode), each with its title; when absent or empty, the free-text reason alone suffices.
   *
   * @maxItems 100
   */
  reasons?: OverrideReason[];
}
export interface OverrideReason {
  key: Key;
  title: LocalizedText;
}
/**
 * A state machine for one kind of record (its `subject`): stage 1 of a complaint (the default), an investigation (stage 2), one section of an investigation's report, or a consequence of accountability. It names its states and the transitions between them, who may take each one, what it requires, and which are skipped by conditions. Checked at load: the initial state exists, every target is a state, every state is reachable and none but a closed one is a dead end, and for one action from one state only the last transition may lack a condition.
 */
export interface WorkflowTemplate {
  /**
   * Editor hint pointing at this meta-schema; ignored.
   */
  $schema?: string;
  kind: 'workflow';
  key: Key;
  /**
   * The record the workflow runs. complaint (default): stage 1, named by a complaint type's `workflow`. investigation, section, consequence: the server's engine for that record performs the actions, so the workflow may not invent states or actions: its states are exactly the engine's (the initial is fixed), each action may only enter the targets the engine supports for it, and an action that keeps the status is an edit. What an admin may change: roles, `leader`, from-states, `when` conditions, and leaving out an optional action (every state must stay reachable). Roles may name the record's role sets: investigation `$workers` (its sections' owners and signers), `$signers` (its sections' signers), and for the section actions `$owner`, `$signer` (the section's owner and sign-off roles); section `$owner`, `$signer`; consequence `$approvers` (the current approval step's), `$concerned` (the person concerned), `$departmentHead`, `$appealRoles` (the accountability policy's). Conditions read: investigation {passed} (recordEffectivenessResult), consequence {outcome} (approve, reject, uphold, overturn). Stage-1 features (message, after, requires, reasonRequired, meets, rejectionReasons) apply to complaints only.
   */
  subject?: 'complaint' | 'investigation' | 'section' | 'consequence';
  title: LocalizedText;
  description?: LocalizedText;
  initial: StateKey;
  /**
   * @minItems 2
   * @maxItems 100
   */
  states: [State, State, ...State[]];
  /**
   * @minItems 1
   * @maxItems 500
   */
  transitions: [Transition, ...Transition[]];
  /**
   * Reason codes for rejecting a complaint as unjustified, each with the reply the customer gets by default (ISO 10002 8.7: communicate the decision). When present, a rejection must use one of these codes.
   *
   * @maxItems 100
   */
  rejectionReasons?: RejectionReason[];
  /**
   * Actions that change a complaint without changing its status (e.g. assign an owner, reclassify, add a further containment action): in which states, by which roles.
   *
   * @maxItems 100
   */
  edits?: Edit[];
}
/**
 * One state. For a workflow of an investigation, section or consequence only `closed` counts (a state that needs no way out). category: active (someone works on it), waiting (on the customer or a supplier: SLA clocks pause), closed (done: every clock still running is met; needs no way out, though reopening may lead out of it, and then the clocks met by the closure run on with the closed time not counted). meets: the stage-1 SLA clocks (the complaint type's sla.response targets) that entering this state meets, e.g. acknowledge on starting the review, respond on notifying the customer.
 */
export interface State {
  key: StateKey;
  title: LocalizedText;
  category: 'active' | 'waiting' | 'closed';
  meets?: ('acknowledge' | 'respond' | 'close')[];
}
/**
 * A state change by an action (the mutation that performs it, e.g. accept). For one action and source state the transitions are tried in order: the first whose condition matches the complaint's facts applies; a later one without condition is the fallback (how a template skips a step, e.g. approval for small remedies). roles: who may take it (organization role keys; admin always may); system: taken by the server itself (a timer or the end of an approval route), never by a caller. after: for system transitions, how long the complaint stays in the source state before it fires. requires: what must be recorded before the target state is entered (closingEvaluation: the complaint's closing evaluation, 总结评价).
 */
export interface Transition {
  action: string;
  title: LocalizedText;
  /**
   * @minItems 1
   * @maxItems 100
   */
  from: [StateKey, ...StateKey[]];
  to: StateKey;
  /**
   * @maxItems 100
   */
  roles?: RoleRef[];
  /**
   * Investigation workflows: the investigation's leader may also take it.
   */
  leader?: boolean;
  system?: boolean;
  after?: BusinessDuration;
  when?: Condition;
  reasonRequired?: boolean;
  message?: Key3;
  /**
   * @maxItems 20
   */
  requires?:
    | []
    | [
        | 'classification'
        | 'department'
        | 'owner'
        | 'containment'
        | 'remedy'
        | 'approval'
        | 'notification'
        | 'feedback'
        | 'rejectionReply'
        | 'closingEvaluation'
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ]
    | [
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        ),
        (
          | 'classification'
          | 'department'
          | 'owner'
          | 'containment'
          | 'remedy'
          | 'approval'
          | 'notification'
          | 'feedback'
          | 'rejectionReply'
          | 'closingEvaluation'
        )
      ];
}
export interface RejectionReason {
  key: Key;
  title: LocalizedText;
  reply: LocalizedText;
}
/**
 * An action allowed in the listed states that records something and leaves the status as it is. A transition of the same action from the current state takes precedence.
 */
export interface Edit {
  action: string;
  title: LocalizedText;
  /**
   * @minItems 1
   * @maxItems 100
   */
  states: [StateKey, ...StateKey[]];
  /**
   * @minItems 1
   * @maxItems 100
   */
  roles: [RoleRef, ...RoleRef[]];
  /**
   * Investigation workflows: the investigation's leader may also take it.
   */
  leader?: boolean;
  reasonRequired?: boolean;
}
