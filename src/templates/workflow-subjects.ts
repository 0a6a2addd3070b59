import type { WorkflowTemplate } from '../__generated__';
import type { EntityManager } from '@mikro-orm/core';
import { type RefusalHint, StepMachine, type StepMachineDefinition } from '../shared/step-kernel/step-machine';
import type { TemplateReader } from '../shared/template-reader';

/** The record a workflow runs: stage 1 of a complaint (the default), or a record whose engine is fixed in code. */
export type WorkflowSubject = NonNullable<WorkflowTemplate['subject']>;

export const subjectOf = (wf: Pick<WorkflowTemplate, 'subject'>): WorkflowSubject => wf.subject ?? 'complaint';

/** What the engine does with one action: the statuses it may enter (null: it keeps the status, an edit). */
interface ActionContract {
  targets: Array<string | null>;
  /** The record's role sets the action's roles may name. */
  roleSets: string[];
  /** Taken by the server only (and then always present, from exactly `from`). */
  system?: { from: string[] };
  /** The engine takes it (e.g. the approval engine's decision): a workflow must keep it. */
  required?: boolean;
}

/**
 * One engine's contract with its workflow templates: the statuses it knows (a workflow may not invent one, nor
 * leave one out: records are stored in them), its fixed initial, the actions it performs and where each may
 * lead, which `$` role sets exist, and whether `leader` means anything. Everything else is the admin's.
 */
export interface SubjectContract {
  /** The workflow the engine runs when the record names none; the shipped file of that key is the default. */
  defaultKey: string;
  initial: string;
  states: string[];
  actions: Record<string, ActionContract>;
  leader: boolean;
}

const INVESTIGATION_SETS = ['$workers', '$signers'];
const SECTION_SETS = ['$owner', '$signer'];
const CONSEQUENCE_SETS = ['$approvers', '$concerned', '$departmentHead', '$appealRoles'];
const CONSEQUENCE_STATES = ['PENDING_APPROVAL', 'EFFECTIVE', 'REJECTED', 'APPEALED', 'UPHELD', 'OVERTURNED', 'SUPERSEDED'];

/**
 * The engines of stage 2 and of consequences (InvestigationService, ConsequenceService), as their templates
 * see them. Kept here, where templates are checked: those features depend on templates, not the other way.
 */
export const SUBJECT_CONTRACTS: Record<Exclude<WorkflowSubject, 'complaint'>, SubjectContract> = {
  investigation: {
    defaultKey: 'stage-2',
    initial: 'OPEN',
    states: ['OPEN', 'EFFECTIVENESS_CHECK', 'CLOSED', 'CANCELLED'],
    leader: true,
    actions: {
      linkComplaints: { targets: [null], roleSets: INVESTIGATION_SETS },
      unlinkComplaint: { targets: [null], roleSets: INVESTIGATION_SETS },
      setInvestigationTeam: { targets: [null], roleSets: INVESTIGATION_SETS },
      // The section actions: in which investigation statuses they are possible (who takes them is the section workflow's).
      saveSectionDraft: { targets: [null], roleSets: [...SECTION_SETS, ...INVESTIGATION_SETS] },
      submitSection: { targets: [null], roleSets: [...SECTION_SETS, ...INVESTIGATION_SETS] },
      signOffSection: { targets: [null], roleSets: [...SECTION_SETS, ...INVESTIGATION_SETS] },
      reopenSection: { targets: [null], roleSets: [...SECTION_SETS, ...INVESTIGATION_SETS] },
      scheduleEffectivenessCheck: { targets: ['EFFECTIVENESS_CHECK'], roleSets: INVESTIGATION_SETS },
      recordEffectivenessResult: { targets: ['CLOSED', 'OPEN'], roleSets: INVESTIGATION_SETS },
      closeInvestigation: { targets: ['CANCELLED'], roleSets: INVESTIGATION_SETS },
    },
  },
  section: {
    defaultKey: 'report-section',
    initial: 'EMPTY',
    states: ['EMPTY', 'DRAFT', 'SUBMITTED', 'SIGNED_OFF'],
    leader: false,
    actions: {
      saveSectionDraft: { targets: ['DRAFT'], roleSets: SECTION_SETS },
      submitSection: { targets: ['SUBMITTED'], roleSets: SECTION_SETS },
      signOffSection: { targets: ['SIGNED_OFF'], roleSets: SECTION_SETS },
      reopenSection: { targets: ['DRAFT'], roleSets: SECTION_SETS },
    },
  },
  consequence: {
    defaultKey: 'consequence',
    initial: 'PENDING_APPROVAL',
    states: CONSEQUENCE_STATES,
    leader: false,
    actions: {
      decideConsequence: { targets: [null], roleSets: CONSEQUENCE_SETS, required: true },
      approveConsequence: { targets: ['EFFECTIVE'], roleSets: [], system: { from: ['PENDING_APPROVAL'] } },
      rejectConsequence: { targets: ['REJECTED'], roleSets: [], system: { from: ['PENDING_APPROVAL'] } },
      appealConsequence: { targets: ['APPEALED'], roleSets: CONSEQUENCE_SETS },
      decideAppeal: { targets: ['UPHELD', 'OVERTURNED'], roleSets: CONSEQUENCE_SETS },
      supersede: { targets: ['SUPERSEDED'], roleSets: [], system: { from: CONSEQUENCE_STATES.filter((s) => s !== 'SUPERSEDED') } },
    },
  },
};

export interface SubjectProblem {
  path: string;
  code: string;
  message: string;
}

/** Where a workflow of an engine-run subject breaks the engine's contract (the machine's own checks are done beside). */
export function checkSubjectContract(wf: WorkflowTemplate, contract: SubjectContract): SubjectProblem[] {
  const problems: SubjectProblem[] = [];
  const add = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const known = new Set(contract.states);
  if (wf.initial !== contract.initial) add('/initial', 'FIXED_INITIAL', `the engine starts every record in ${contract.initial}`);
  wf.states.forEach((s, i) => {
    if (!known.has(s.key)) add(`/states/${i}/key`, 'UNKNOWN_STATUS', `the engine knows no status ${s.key} (it knows ${contract.states.join(', ')})`);
    if (s.meets) add(`/states/${i}/meets`, 'NOT_APPLICABLE', 'SLA clocks are met by complaint workflows only');
  });
  const present = new Set(wf.states.map((s) => s.key));
  for (const s of contract.states) if (!present.has(s)) add('/states', 'MISSING_STATUS', `the engine stores records in ${s}: the workflow must name it`);
  if (wf.rejectionReasons) add('/rejectionReasons', 'NOT_APPLICABLE', 'rejection reasons belong to complaint workflows');
  const roleSets = (roles: string[] | undefined, action: ActionContract, path: string) =>
    (roles ?? []).forEach((r, j) => {
      if (r.startsWith('$') && !action.roleSets.includes(r)) add(`${path}/roles/${j}`, 'UNKNOWN_ROLE_SET', `no role set ${r} here (${action.roleSets.join(', ') || 'none'})`);
    });
  wf.transitions.forEach((t, i) => {
    const at = `/transitions/${i}`;
    const action = contract.actions[t.action];
    if (!action) return add(`${at}/action`, 'UNKNOWN_ACTION', `the engine performs no action ${t.action} (it performs ${Object.keys(contract.actions).join(', ')})`);
    if (!action.targets.includes(t.to)) {
      const targets = action.targets.filter((x): x is string => x !== null);
      add(`${at}/to`, 'UNSUPPORTED_TARGET', targets.length ? `${t.action} may only enter ${targets.join(' or ')}` : `${t.action} keeps the status: write it as an edit`);
    }
    if (!!t.system !== !!action.system) add(`${at}/system`, 'SYSTEM_MISMATCH', action.system ? `${t.action} is taken by the server: mark it system` : `${t.action} is taken by a caller, not the server`);
    if (action.system && (t.from.length !== action.system.from.length || action.system.from.some((f) => !t.from.includes(f)))) {
      add(`${at}/from`, 'FIXED_FROM', `the server takes ${t.action} from ${action.system.from.join(', ')}`);
    }
    if (t.leader && !contract.leader) add(`${at}/leader`, 'NOT_APPLICABLE', 'this record has no leader');
    for (const field of ['message', 'after', 'requires', 'reasonRequired'] as const) if (t[field] !== undefined) add(`${at}/${field}`, 'NOT_APPLICABLE', `${field} applies to complaint workflows only`);
    roleSets(t.roles, action, at);
  });
  (wf.edits ?? []).forEach((e, i) => {
    const at = `/edits/${i}`;
    const action = contract.actions[e.action];
    if (!action) return add(`${at}/action`, 'UNKNOWN_ACTION', `the engine performs no action ${e.action} (it performs ${Object.keys(contract.actions).join(', ')})`);
    if (!action.targets.includes(null)) add(`${at}/action`, 'UNSUPPORTED_TARGET', `${e.action} changes the status: write it as a transition`);
    if (e.leader && !contract.leader) add(`${at}/leader`, 'NOT_APPLICABLE', 'this record has no leader');
    if (e.reasonRequired !== undefined) add(`${at}/reasonRequired`, 'NOT_APPLICABLE', 'reasonRequired applies to complaint workflows only');
    roleSets(e.roles, action, at);
  });
  const actions = new Set([...wf.transitions.map((t) => t.action), ...(wf.edits ?? []).map((e) => e.action)]);
  for (const [name, action] of Object.entries(contract.actions)) {
    if ((action.required || action.system) && !actions.has(name)) add('/transitions', 'MISSING_ACTION', `the engine takes ${name}: the workflow must keep it`);
  }
  return problems;
}

/** A workflow step as the step kernel runs it: edits become steps without `to` (kept in the status), listed first. */
export interface WorkflowStep {
  action: string;
  from: string[];
  roles: string[];
  leader?: boolean;
  system?: boolean;
  when?: unknown;
}

/** A workflow of an engine-run subject as a step machine definition (the refusal hint is the engine's). */
export function workflowSteps(wf: WorkflowTemplate, refusalHint?: RefusalHint): StepMachineDefinition<WorkflowStep> {
  const opt = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    initial: wf.initial,
    states: wf.states.map((s) => ({ key: s.key, ...(s.category === 'closed' ? { terminal: true } : {}) })),
    steps: [
      ...(wf.edits ?? []).map((e) => ({ action: e.action, from: e.states, roles: e.roles, ...opt('leader', e.leader) })),
      ...wf.transitions.map((t) => ({ action: t.action, from: t.from, to: t.to, roles: t.roles ?? [], ...opt('leader', t.leader), ...opt('system', t.system), ...opt('when', t.when) })),
    ],
    ...opt('refusalHint', refusalHint),
  };
}

/**
 * The machine a tenant's published workflow of a subject gives, checked once per version (published versions
 * never change); the engine's built-in default while the tenant has none (created before the workflow shipped).
 */
export class WorkflowMachines<T extends WorkflowStep = WorkflowStep> {
  private readonly cache = new Map<string, StepMachine<T & { to: string }>>();

  constructor(
    private readonly templates: TemplateReader,
    private readonly subject: Exclude<WorkflowSubject, 'complaint'>,
    private readonly fallback: StepMachine<T & { to: string }>,
    private readonly refusalHint?: RefusalHint,
  ) {}

  /** The workflow `key` names (default the subject's); `em`: inside a write, the write's own. */
  async of(em: EntityManager, tenantId: string, key = SUBJECT_CONTRACTS[this.subject].defaultKey): Promise<StepMachine<T & { to: string }>> {
    const wf = await this.templates.latestTemplate<WorkflowTemplate>(em, tenantId, 'workflow', key);
    if (!wf || subjectOf(wf.content) !== this.subject) return this.fallback;
    const id = `${tenantId}:${key}:${wf.version}`;
    let machine = this.cache.get(id);
    if (!machine) {
      machine = StepMachine.fromSteps(workflowSteps(wf.content, this.refusalHint) as StepMachineDefinition<T>);
      this.cache.set(id, machine);
    }
    return machine;
  }
}
