import type {
  AccountabilityPolicy,
  ApprovalRouteTemplate,
  BusinessDuration,
  Category,
  ComplaintTypeTemplate,
  EscalationPolicyTemplate,
  InvestigationTemplate,
  MessageTemplate,
  OrganizationTemplate,
  WorkflowTemplate,
} from '../__generated__';
import { isPermission } from '../auth';
import { type BusinessCalendar, NoWorkingTimeError } from '../calendar';
import { calendarOf } from '../calendar';
import { CALENDAR_ERRORS, checkBusinessCalendar, checkHolidayCoverage, InvalidBusinessCalendarError } from '../calendar';
import { intakeFieldProblems, recurrenceKeyProblems } from './intake-fields';
import { checkMessageTexts } from './message-syntax';
import { checkMachine } from '../shared/state-machine/state-machine';
import { checkSchemaSafety } from '../shared/json-schema/schema-safety';
import { SchemaCompileError, type SchemaCompiler, toProblems } from '../shared/json-schema/schema-compiler';
import { metaSchemaId, type TemplateKind } from '../shared/template-kinds';
import { checkSubjectContract, SUBJECT_CONTRACTS, subjectOf, type WorkflowSubject } from './workflow-subjects';

/** One thing wrong (or worth a warning) with a template, located by a JSON pointer into it. */
export interface TemplateProblem {
  path: string;
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

/** The templates a template may reference, by kind and key (the published set plus what is being checked). */
export interface TemplateSet {
  get(kind: TemplateKind, key: string): unknown;
  /** Every template of the set, for checks of an organization against what depends on its calendar. */
  all(): Array<{ kind: TemplateKind; key: string; content: unknown }>;
}

export const hasErrors = (problems: TemplateProblem[]) => problems.some((p) => p.severity === 'error');

/** A key as a JSON pointer segment (RFC 6901). */
const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

const error = (path: string, code: string, message: string): TemplateProblem => ({ path, code, message, severity: 'error' });

/**
 * Everything that must hold before a template is stored: its meta-schema, the save gate on every embedded
 * schema (forms and `when` conditions) and their strict compilation, references to other templates, that
 * every business duration it names ends within the organization's calendar when started at `now`, and an
 * organization's calendar itself (a warning when it has no public holidays for a year of the 12 months from `now`).
 */
export function checkTemplate(schemas: SchemaCompiler, kind: TemplateKind, content: unknown, set: TemplateSet, now = new Date()): TemplateProblem[] {
  const validateMeta = schemas.validator(metaSchemaId(kind));
  if (!validateMeta(content)) return toProblems(validateMeta.errors, '').map((p) => error(p.path, p.code, p.message));
  const problems: TemplateProblem[] = [];
  for (const { path, schema, form } of embeddedSchemas(kind, content)) {
    const findings = checkSchemaSafety(schema, path, { form });
    problems.push(...findings);
    if (findings.some((f) => f.severity === 'error')) continue;
    try {
      schemas.compileSchema(schema as object);
    } catch (e) {
      if (!(e instanceof SchemaCompileError)) throw e;
      problems.push(error(path, 'SCHEMA_INVALID', e.message));
    }
  }
  problems.push(...checkReferences(kind, content, set));
  if (kind === 'organization') problems.push(...checkCalendar((content as OrganizationTemplate).calendar, now));
  problems.push(...checkDurations(kind, content, set, now));
  return problems;
}

/** The calendar's own problems at /calendar: errors where it cannot be computed or a declared year is wrong, the rest warnings. */
function checkCalendar(calendar: OrganizationTemplate['calendar'], now: Date): TemplateProblem[] {
  const problems = checkBusinessCalendar(calendar);
  if (!problems.some((p) => CALENDAR_ERRORS.has(p.code))) problems.push(...checkHolidayCoverage(calendar, now));
  return problems.map((p) => ({ path: `/calendar${p.path}`, code: p.code, message: p.message, severity: CALENDAR_ERRORS.has(p.code) ? 'error' : 'warning' }));
}

/** The business durations a template names (SLA targets, approval timeouts, escalation delays, timed transitions), by JSON pointer. */
export function businessDurations(kind: TemplateKind, content: unknown): Array<{ path: string; duration: BusinessDuration }> {
  switch (kind) {
    case 'complaint-type': {
      const { sla } = content as ComplaintTypeTemplate;
      return (['response', 'investigation'] as const).flatMap((stage) =>
        Object.entries((sla[stage] ?? {}) as unknown as Record<string, Record<string, BusinessDuration>>).flatMap(([severity, targets]) =>
          Object.entries(targets).map(([name, duration]) => ({ path: `/sla/${stage}/${escapePointer(severity)}/${escapePointer(name)}`, duration })),
        ),
      );
    }
    case 'approval-route':
      return (content as ApprovalRouteTemplate).steps.map((s, i) => ({ path: `/steps/${i}/timeout`, duration: s.timeout }));
    case 'escalation-policy': {
      const { stages } = content as EscalationPolicyTemplate;
      return (['response', 'investigation'] as const).flatMap((stage) =>
        stages[stage].flatMap((s, i) => ('overdue' in s.at ? [{ path: `/stages/${stage}/${i}/at/overdue`, duration: s.at.overdue as BusinessDuration }] : [])),
      );
    }
    case 'workflow':
      return (content as WorkflowTemplate).transitions.flatMap((t, i) => (t.after ? [{ path: `/transitions/${i}/after`, duration: t.after }] : []));
    default:
      return [];
  }
}

/**
 * TARGET_UNREACHABLE where a duration does not end within the calendar's search horizon (20 years) when
 * started at `now`: every clock, timeout or timer that used it would fail (10,000 working days is 40 years).
 * Each duration starts afresh (an escalation's delay at its deadline), so each is checked on its own. An
 * organization is checked against the durations of every other template of the set, at its `/calendar`.
 */
function checkDurations(kind: TemplateKind, content: unknown, set: TemplateSet, now: Date): TemplateProblem[] {
  const durations =
    kind === 'organization'
      ? set.all().flatMap((t) => businessDurations(t.kind, t.content).map((d) => ({ path: '/calendar', duration: d.duration, what: `${t.kind} ${t.key} ${d.path}: ` })))
      : businessDurations(kind, content).map((d) => ({ ...d, what: '' }));
  const org = (kind === 'organization' ? content : set.get('organization', 'default')) as OrganizationTemplate | undefined;
  if (!durations.length || !org?.calendar) return [];
  let calendar: BusinessCalendar;
  try {
    calendar = calendarOf(org.calendar);
  } catch (e) {
    if (e instanceof InvalidBusinessCalendarError) return []; // the organization's own problem, reported on it
    throw e;
  }
  return durations.flatMap(({ path, duration, what }) => {
    try {
      calendar.add(now, duration);
      return [];
    } catch (e) {
      if (!(e instanceof NoWorkingTimeError)) throw e;
      return [error(path, 'TARGET_UNREACHABLE', `${what}${duration.value} ${duration.unit} do not end within 20 years of the organization's business calendar`)];
    }
  });
}

/** The JSON Schemas inside a template: forms users fill in, and conditions evaluated against facts. */
export function embeddedSchemas(kind: TemplateKind, content: unknown): Array<{ path: string; schema: unknown; form: boolean }> {
  const conditions = (rules: Array<{ when?: unknown }> | undefined, path: string) =>
    (rules ?? []).flatMap((r, i) => (r.when === undefined ? [] : [{ path: `${path}/${i}/when`, schema: r.when, form: false }]));
  switch (kind) {
    case 'complaint-type': {
      const t = content as ComplaintTypeTemplate;
      return [
        { path: '/intakeSchema', schema: t.intakeSchema, form: true },
        ...conditions(t.severityRules, '/severityRules'),
        ...conditions(t.routing.rules, '/routing/rules'),
        ...conditions(t.investigation.mode === 'never' ? [] : t.investigation.rules, '/investigation/rules'),
      ];
    }
    case 'investigation': {
      const t = content as InvestigationTemplate;
      return [...t.sections.map((s, i) => ({ path: `/sections/${i}/schema`, schema: s.schema, form: true })), ...conditions(t.leaderLevel.rules, '/leaderLevel/rules')];
    }
    case 'approval-route':
      return conditions((content as ApprovalRouteTemplate).steps, '/steps');
    case 'workflow':
      return conditions((content as WorkflowTemplate).transitions, '/transitions');
    case 'organization':
      return conditions((content as OrganizationTemplate).accountability?.rules, '/accountability/rules');
    default:
      return [];
  }
}

/** Keys that must exist: departments, roles and levels of the organization; other templates; keys within the template. */
function checkReferences(kind: TemplateKind, content: unknown, set: TemplateSet): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const org = (kind === 'organization' ? content : set.get('organization', 'default')) as OrganizationTemplate | undefined;
  const keysOf = (items: Array<{ key: string }> | undefined) => new Set((items ?? []).map((i) => i.key));
  const departments = keysOf(org?.departments);
  const roles = keysOf(org?.roles);
  const levels = keysOf(org?.levels);
  const must = (ok: boolean, path: string, what: string, key: string) => {
    if (!ok) problems.push(error(path, 'UNKNOWN_REFERENCE', `no ${what} ${JSON.stringify(key)}`));
  };
  const unique = (items: Array<{ key: string }>, path: string, what: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.key)) problems.push(error(`${path}/${i}/key`, 'DUPLICATE_KEY', `${what} ${JSON.stringify(item.key)} appears twice`));
      seen.add(item.key);
    });
  };
  const template = (refKind: TemplateKind, key: string, path: string) => must(set.get(refKind, key) !== undefined, path, `${refKind} template`, key);
  /** A workflow of the subject (a complaint type's must run complaints, an investigation template's investigations ...). */
  const workflow = (key: string, subject: WorkflowSubject, path: string) => {
    const found = set.get('workflow', key) as WorkflowTemplate | undefined;
    must(found !== undefined && subjectOf(found) === subject, path, `workflow template (subject ${subject})`, key);
  };

  switch (kind) {
    case 'organization': {
      const o = content as OrganizationTemplate;
      unique(o.levels, '/levels', 'level');
      unique(o.roles, '/roles', 'role');
      unique(o.departments, '/departments', 'department');
      unique(o.remedyTypes, '/remedyTypes', 'remedy type');
      if (o.costKinds) unique(o.costKinds, '/costKinds', 'cost kind');
      o.roles.forEach((r, i) => r.level !== undefined && must(levels.has(r.level), `/roles/${i}/level`, 'level', r.level));
      o.departments.forEach((d, i) => {
        must(roles.has(d.headRole), `/departments/${i}/headRole`, 'role', d.headRole);
        if (d.parent !== undefined) must(departments.has(d.parent), `/departments/${i}/parent`, 'department', d.parent);
      });
      for (const [permission, holders] of Object.entries(o.permissions ?? {})) {
        const at = `/permissions/${escapePointer(permission)}`;
        if (!isPermission(permission)) problems.push(error(at, 'UNKNOWN_PERMISSION', `no permission ${JSON.stringify(permission)}`));
        holders.forEach((r, i) => must(roles.has(r), `${at}/${i}`, 'role', r));
      }
      o.visibility?.seeAll.roles?.forEach((r, i) => must(roles.has(r), `/visibility/seeAll/roles/${i}`, 'role', r));
      if (o.visibility?.seeAll.minLevel !== undefined) must(levels.has(o.visibility.seeAll.minLevel), '/visibility/seeAll/minLevel', 'level', o.visibility.seeAll.minLevel);
      if (o.accountability) problems.push(...checkAccountability(o.accountability, roles, must, unique, template));
      if (o.investigationOverrides) {
        const io = o.investigationOverrides;
        for (const direction of ['open', 'skip'] as const) io[direction].forEach((r, i) => must(roles.has(r), `/investigationOverrides/${direction}/${i}`, 'role', r));
        unique(io.reasons ?? [], '/investigationOverrides/reasons', 'override reason');
      }
      if (o.changeControl?.publicationSignature) unique(o.changeControl.publicationSignature.meanings, '/changeControl/publicationSignature/meanings', 'signature meaning');
      break;
    }
    case 'complaint-type': {
      const t = content as ComplaintTypeTemplate;
      const categories = new Set<string>();
      const walk = (cats: Category[], path: string): void =>
        cats.forEach((c, i) => {
          if (categories.has(c.key)) problems.push(error(`${path}/${i}/key`, 'DUPLICATE_KEY', `category ${JSON.stringify(c.key)} appears twice`));
          categories.add(c.key);
          if (c.children) walk(c.children, `${path}/${i}/children`);
        });
      walk(t.categories, '/categories');
      problems.push(...[...intakeFieldProblems(t), ...recurrenceKeyProblems(t)].map((p) => error(p.path, p.code, p.message)));
      unique(t.severities, '/severities', 'severity');
      const severities = keysOf(t.severities);
      must(severities.has(t.defaultSeverity), '/defaultSeverity', 'severity', t.defaultSeverity);
      t.severityRules?.forEach((r, i) => must(severities.has(r.severity), `/severityRules/${i}/severity`, 'severity', r.severity));
      t.routing.rules.forEach((r, i) => must(departments.has(r.department), `/routing/rules/${i}/department`, 'department', r.department));
      must(departments.has(t.routing.defaultDepartment), '/routing/defaultDepartment', 'department', t.routing.defaultDepartment);
      if (t.investigation.mode !== 'never') template('investigation', t.investigation.template, '/investigation/template');
      template('approval-route', t.approvalRoute, '/approvalRoute');
      template('escalation-policy', t.escalationPolicy, '/escalationPolicy');
      workflow(t.workflow, 'complaint', '/workflow');
      for (const stage of ['response', 'investigation'] as const) {
        const targets = (t.sla[stage] ?? {}) as Record<string, unknown>;
        for (const key of Object.keys(targets)) must(severities.has(key), `/sla/${stage}/${key}`, 'severity', key);
        for (const key of severities) if (!(key in targets)) problems.push(error(`/sla/${stage}`, 'MISSING_SLA', `no ${stage} targets for severity ${JSON.stringify(key)}`));
      }
      break;
    }
    case 'investigation': {
      const t = content as InvestigationTemplate;
      unique(t.sections, '/sections', 'section');
      const sections = keysOf(t.sections);
      t.sections.forEach((s, i) => {
        must(roles.has(s.ownerRole), `/sections/${i}/ownerRole`, 'role', s.ownerRole);
        must(roles.has(s.signOffRole), `/sections/${i}/signOffRole`, 'role', s.signOffRole);
        (s.prerequisites ?? []).forEach((p, j) => must(sections.has(p), `/sections/${i}/prerequisites/${j}`, 'section', p));
        if (s.signature) unique(s.signature.meanings, `/sections/${i}/signature/meanings`, 'signature meaning');
      });
      if (t.closure?.signature) unique(t.closure.signature.meanings, '/closure/signature/meanings', 'signature meaning');
      must(sections.has(t.rootCauseSection), '/rootCauseSection', 'section', t.rootCauseSection);
      const cycle = prerequisiteCycle(t.sections);
      if (cycle) problems.push(error('/sections', 'PREREQUISITE_CYCLE', `sections depend on each other in a circle: ${cycle.join(' -> ')}`));
      t.leaderLevel.rules?.forEach((r, i) => must(levels.has(r.level), `/leaderLevel/rules/${i}/level`, 'level', r.level));
      must(levels.has(t.leaderLevel.default), '/leaderLevel/default', 'level', t.leaderLevel.default);
      if (t.workflow !== undefined) workflow(t.workflow, 'investigation', '/workflow');
      if (t.sectionWorkflow !== undefined) workflow(t.sectionWorkflow, 'section', '/sectionWorkflow');
      break;
    }
    case 'approval-route': {
      const t = content as ApprovalRouteTemplate;
      unique(t.steps, '/steps', 'step');
      t.steps.forEach((s, i) => {
        const a = s.approvers;
        if (a.role !== undefined) must(roles.has(a.role), `/steps/${i}/approvers/role`, 'role', a.role);
        if (a.level !== undefined) must(levels.has(a.level), `/steps/${i}/approvers/level`, 'level', a.level);
        if (a.department !== undefined && a.department !== '$complaint') must(departments.has(a.department), `/steps/${i}/approvers/department`, 'department', a.department);
        if (s.signature) unique(s.signature.meanings, `/steps/${i}/signature/meanings`, 'signature meaning');
      });
      break;
    }
    case 'workflow': {
      const t = content as WorkflowTemplate;
      const subject = subjectOf(t);
      // An engine-run subject's edits are steps that keep the status, run before its transitions (workflowSteps): checked as the engine runs them.
      const edits = subject === 'complaint' ? [] : (t.edits ?? []).flatMap((e, i) => e.states.map((st) => ({ path: `/edits/${i}`, transition: { action: e.action, from: [st], to: st } })));
      const steps = [...edits, ...t.transitions.map((tr, i) => ({ path: `/transitions/${i}`, transition: tr }))];
      const machine = { initial: t.initial, states: t.states.map((s) => ({ key: s.key, terminal: s.category === 'closed' })), transitions: steps.map((st) => st.transition) };
      for (const p of checkMachine(machine)) {
        const step = /^\/transitions\/(\d+)(.*)$/.exec(p.path);
        // An edit's unknown states are reported at the edit.
        if (step && steps[Number(step[1])].path.startsWith('/edits/') && p.code === 'UNKNOWN_STATE') continue;
        problems.push(error(step ? `${steps[Number(step[1])].path}${step[2]}` : p.path, p.code, p.message));
      }
      if (subject !== 'complaint') {
        const contract = SUBJECT_CONTRACTS[subject];
        for (const p of checkSubjectContract(t, contract)) problems.push(error(p.path, p.code, p.message));
        for (const [other, c] of Object.entries(SUBJECT_CONTRACTS)) {
          if (c.defaultKey === t.key && other !== subject) problems.push(error('/subject', 'WRONG_SUBJECT', `${t.key} is the workflow of every ${other} that names none: its subject is ${other}`));
        }
      } else if (Object.values(SUBJECT_CONTRACTS).some((c) => c.defaultKey === t.key)) {
        problems.push(error('/subject', 'WRONG_SUBJECT', `${t.key} is the default workflow of an engine-run record: name its subject`));
      }
      // A role set (`$...`) of an engine-run subject is checked against its contract; every other role is the organization's.
      const orgRole = (r: string) => subject === 'complaint' || !r.startsWith('$');
      t.transitions.forEach((tr, i) => {
        (tr.roles ?? []).forEach((r, j) => orgRole(r) && must(roles.has(r), `/transitions/${i}/roles/${j}`, 'role', r));
        if (tr.system && tr.roles?.length) problems.push(error(`/transitions/${i}/roles`, 'SYSTEM_TRANSITION_WITH_ROLES', 'a system transition is taken by the server, not by callers'));
        if (!tr.system && !tr.roles?.length) problems.push(error(`/transitions/${i}`, 'NO_ROLES', 'name the roles that may take it, or mark it system'));
        if (tr.after && !tr.system) problems.push(error(`/transitions/${i}/after`, 'TIMER_NOT_SYSTEM', 'only system transitions fire after a time'));
        if (tr.message !== undefined) template('message', tr.message, `/transitions/${i}/message`);
        if (subject === 'complaint' && tr.leader !== undefined) problems.push(error(`/transitions/${i}/leader`, 'NOT_APPLICABLE', 'a complaint has no leader'));
      });
      const stateKeys = new Set(t.states.map((st) => st.key));
      (t.edits ?? []).forEach((e, i) => {
        e.states.forEach((st, j) => !stateKeys.has(st) && problems.push(error(`/edits/${i}/states/${j}`, 'UNKNOWN_STATE', `no state ${st}`)));
        e.roles.forEach((r, j) => orgRole(r) && must(roles.has(r), `/edits/${i}/roles/${j}`, 'role', r));
        if (subject === 'complaint' && e.leader !== undefined) problems.push(error(`/edits/${i}/leader`, 'NOT_APPLICABLE', 'a complaint has no leader'));
      });
      break;
    }
    case 'message': {
      const t = content as MessageTemplate;
      (t.roles ?? []).forEach((r, i) => must(roles.has(r), `/roles/${i}`, 'role', r));
      for (const p of checkMessageTexts(t.texts)) problems.push(error(p.path, p.code, p.message));
      break;
    }
    case 'escalation-policy': {
      const t = content as EscalationPolicyTemplate;
      for (const stage of ['response', 'investigation'] as const) {
        const steps = t.stages[stage];
        unique(steps, `/stages/${stage}`, 'step');
        steps.forEach((s, i) => {
          s.notify.forEach((n, j) => {
            if (n.role !== undefined) must(roles.has(n.role), `/stages/${stage}/${i}/notify/${j}/role`, 'role', n.role);
            if (n.level !== undefined) must(levels.has(n.level), `/stages/${stage}/${i}/notify/${j}/level`, 'level', n.level);
            if (n.department !== undefined && n.department !== '$responsible') must(departments.has(n.department), `/stages/${stage}/${i}/notify/${j}/department`, 'department', n.department);
          });
          if (s.reassignToLevel !== undefined) must(levels.has(s.reassignToLevel), `/stages/${stage}/${i}/reassignToLevel`, 'level', s.reassignToLevel);
        });
      }
      break;
    }
  }
  return problems;
}

/** A circle in section prerequisites, as the keys along it, or null. */
/** The accountability policy's keys: roles and levels of the organization, its own consequence kinds, amounts where a kind has a unit. */
function checkAccountability(
  a: AccountabilityPolicy,
  roles: Set<string>,
  must: (ok: boolean, path: string, what: string, key: string) => void,
  unique: (items: Array<{ key: string }>, path: string, what: string) => void,
  template: (kind: TemplateKind, key: string, path: string) => void,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const list of ['decideRoles', 'viewRoles', 'appealRoles'] as const) a[list].forEach((r, i) => must(roles.has(r), `/accountability/${list}/${i}`, 'role', r));
  unique(a.consequenceKinds, '/accountability/consequenceKinds', 'consequence kind');
  unique(a.rules, '/accountability/rules', 'consequence rule');
  a.consequenceKinds.forEach((k, i) => k.approvalRoute !== undefined && template('approval-route', k.approvalRoute, `/accountability/consequenceKinds/${i}/approvalRoute`));
  const kinds = new Map(a.consequenceKinds.map((k) => [k.key, k]));
  a.rules.forEach((r, i) =>
    r.consequences.forEach((c, j) => {
      const path = `/accountability/rules/${i}/consequences/${j}`;
      const kind = kinds.get(c.kind);
      must(kind !== undefined, `${path}/kind`, 'consequence kind', c.kind);
      if (kind && kind.unit !== 'none' && c.amount === undefined) problems.push(error(`${path}/amount`, 'REQUIRED', `consequence kind ${JSON.stringify(c.kind)} is counted in ${kind.unit}: an amount is required`));
      if (kind && kind.unit === 'none' && c.amount !== undefined) problems.push(error(`${path}/amount`, 'NOT_APPLICABLE', `consequence kind ${JSON.stringify(c.kind)} has no amount`));
    }),
  );
  return problems;
}

function prerequisiteCycle(sections: Array<{ key: string; prerequisites?: string[] }>): string[] | null {
  const next = new Map(sections.map((s) => [s.key, s.prerequisites ?? []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, trail: string[]): string[] | null => {
    if (state.get(key) === 'done') return null;
    if (state.get(key) === 'visiting') return [...trail.slice(trail.indexOf(key)), key];
    state.set(key, 'visiting');
    for (const p of next.get(key) ?? []) {
      const found = visit(p, [...trail, key]);
      if (found) return found;
    }
    state.set(key, 'done');
    return null;
  };
  for (const s of sections) {
    const found = visit(s.key, []);
    if (found) return found;
  }
  return null;
}
