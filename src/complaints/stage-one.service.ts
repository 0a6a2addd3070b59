import type { EntityManager } from '@mikro-orm/core';
import { sightOf, visibleComplaints } from '../auth';
import type { ComplaintTypeTemplate, InvestigationTemplate, OrganizationTemplate, Transition, WorkflowTemplate } from '../__generated__';
import { alreadyDecided, approvalsNeeded, decide, findSigned, onTimeout, plan, routeTemplate, signDecision, turnOf, waitOn } from '../approvals';
import { actorOf, type Caller } from '../auth';
import { lookUpPrincipal } from '../auth';
import { calendarOf } from '../calendar';
import type { Database, WriteScope } from '../db/database';
import { SYSTEM_ACTOR } from '../db/event-log';
import { ConflictError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { localUuid } from '../shared/graphql/global-id';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { matches } from '../shared/rules/conditions';
import type { ComplaintInvestigations, InvestigationRef } from './complaint-investigations';
import { armTimers, cancelTimers, type Fired, type Scheduler, takeTimer } from '../scheduler';
import { Timer } from '../scheduler';
import { type ComplaintClocks, type StateInfo, stateInfo } from './complaint-clocks';
import { StateMachine } from '../shared/state-machine/state-machine';
import { StepKernel, type StepEvent, versionCheck } from '../shared/step-kernel/step-kernel';
import { StepMachine } from '../shared/step-kernel/step-machine';
import { stepWriter } from '../db/step-writer';
import type { Context } from '../shared/request-context';
import { toGlobalId } from '../shared/graphql/global-id';
import { categoryKeys } from '../templates';
import type { Notifier } from '../notifications';
import { checkOverride, complaintFacts, conditionMayRead, evaluateRules, intakeText, intakeValue, type RuleOutcome, subjectOf } from '../templates';
import type { TemplateReader } from '../shared/template-reader';
import { TemplateVersion } from '../templates';
import type { SignatureService } from '../signatures';
import { SignatureError } from '../signatures';
import { Complaint } from './complaint.entity';
import { NO_RECURRENCE, type Recurrence, recorded, recurrenceRule, recurrenceUnder, recurs } from './recurrence';
import type { ComplaintFactRecorder } from './fact-recorder';
import { type ApprovalDecisionRecord, type ApprovalState, type ApprovalStepRecord, approvalSignedContent, approverRoles, REMEDY_OVERDUE, remedyApprovals } from './remedy-approval';
import {
  ApprovalDecision,
  type DecideApprovalInput,
} from './stage-one.inputs';
import type {
  AcceptComplaintInput,
  AddContainmentActionInput,
  AssignComplaintInput,
  ClassifyComplaintInput,
  CloseComplaintInput,
  DecideInvestigationInput,
  NotifyCustomerInput,
  ProposeRemedyInput,
  RecordCustomerFeedbackInput,
  RejectComplaintInput,
  ReopenComplaintInput,
} from './stage-one.inputs';
import { IllegalTransitionError, NotAllowedError } from '../shared/errors/workflow-errors';
import { type ActionTitle, complaintAction, COMPLAINT_ACTIONS } from './stage-one.actions';
import { InvestigationAlreadyOpenError } from '../shared/errors/investigation-already-open.error';

export type TransitionResult = Complaint | ValidationError | IllegalTransitionError | NotAllowedError | ConflictError | NotFoundError | SignatureError | InvestigationAlreadyOpenError;

/** An action the caller may take now: the workflow action, the mutation that takes it, its title. */
export interface AvailableAction {
  action: string;
  mutation: string;
  title: ActionTitle;
}

/** What an action changes on the complaint before the workflow decides where it goes; returns problems with the input. */
type Apply = (complaint: Complaint, env: Env) => ValidationProblem[] | Promise<ValidationProblem[]>;

type Requirement = NonNullable<Transition['requires']>[number];

/** A pinned workflow: its checked state machine and its edits (actions that keep the status). */
interface Workflow {
  machine: StateMachine<Transition>;
  /** The machine with the edits: what the step kernel checks a step against. */
  steps: StepMachine<Transition>;
  edits: NonNullable<WorkflowTemplate['edits']>;
  rejectionReasons: NonNullable<WorkflowTemplate['rejectionReasons']>;
  /** States of category "closed": entering one records the closure. */
  closed: Set<string>;
  /** Each state's category and the SLA clocks it meets. */
  states: StateInfo;
}

/** Who takes a step: a caller, or the server itself (a timer) with the system principal. */
type StepCaller = Caller & Pick<Context, 'locale' | 'em'>;

interface Env {
  em: EntityManager;
  workflow: Workflow;
  type: ComplaintTypeTemplate;
  org: OrganizationTemplate;
  now: Date;
  ctx: StepCaller;
  /** What this complaint recurs after (the rules' `recurrence` fact), as it stands; looked up once, when first asked. */
  recurrenceOf: () => Promise<Recurrence>;
}

/** Timers of this kind take a workflow's timed system transition (`after`). */
const WORKFLOW_TIMER = 'workflow';

/** Timers of this kind report an approval step pending past its timeout. */
const APPROVAL_TIMER = 'approval';

/** Workflow actions the server takes when an approval route finishes. */
const APPROVAL_GRANTED = 'approvalGranted';
const APPROVAL_REJECTED = 'approvalRejected';

const ADMIN = 'admin';
const problem = (path: string, code: string, message: string) => new ValidationProblem(path, code, message);

/** An owner named who is no enabled user or live API key of the tenant. */
const UNKNOWN = Symbol('unknown principal');
const unknownOwner = (ref: string | null | undefined) => problem('/ownerId', 'UNKNOWN_PRINCIPAL', `no enabled user or live API key ${JSON.stringify(ref)} in this tenant`);

/** The complaint as a step's event records it before and after. */
type ComplaintSnapshot = Pick<Complaint, 'typeKey' | 'status' | 'category' | 'severity' | 'department' | 'ownerId' | 'record'>;

/** What was recorded beside the complaint (looked up only when a transition requires it). */
interface Beside {
  closingEvaluation: boolean;
}

/** What must be on the complaint before a state that requires it is entered. */
const satisfied: Record<Requirement, (c: Complaint, beside: Beside) => boolean> = {
  classification: (c) => !!c.category && !!c.severity,
  department: (c) => !!c.department,
  owner: (c) => !!c.ownerId,
  containment: (c) => (c.record.containment?.length ?? 0) > 0,
  remedy: (c) => !!c.record.remedy,
  approval: (c) => c.record.approval?.outcome === 'approved',
  notification: (c) => !!c.record.notification,
  feedback: (c) => !!c.record.feedback,
  rejectionReply: (c) => !!c.record.validity?.reply,
  closingEvaluation: (_c, beside) => beside.closingEvaluation,
};

/**
 * Whose turn it is on the complaint's approval route: the pending step, its approver roles, whether the caller
 * holds one (admin always does) and has decided it already. The one rule behind decideApproval, myApprovals
 * and availableActions; undefined when no step is pending.
 */
function approvalTurn(caller: Caller, c: Complaint, org: OrganizationTemplate) {
  return turnOf(caller, c.record.approval, remedyApprovals(org, c));
}

/** UNKNOWN_CATEGORY, listing the keys the type has, when `key` is none of them. */
function unknownCategory(type: ComplaintTypeTemplate, key: string): ValidationProblem[] {
  const allowed = categoryKeys(type.categories);
  if (allowed.includes(key)) return [];
  return [new ValidationProblem('/category', 'UNKNOWN_CATEGORY', `no category ${JSON.stringify(key)} in ${type.key}; one of: ${allowed.join(', ')}`, allowed)];
}

/**
 * Stage 1 of a complaint, driven by its pinned workflow template: every step goes through `transition()`,
 * which checks the workflow (state, condition, roles, reason, requirements), applies the change and appends
 * one event with before/after, in one transaction, or changes nothing and returns a typed error.
 */
/**
 * Whether a closing evaluation is recorded for a complaint (a transition may require one): the lessons
 * feature's answer, given at the composition root (src/app.ts), so complaints does not depend on lessons.
 */
export type ClosingEvaluationCheck = (em: EntityManager, complaintId: string) => Promise<boolean>;

export class StageOneService {
  private readonly machines = new Map<string, Workflow>();
  /** The investigation a step opened, by the complaint it answers with (read by that answer's openedInvestigation). */
  private readonly opened = new WeakMap<Complaint, InvestigationRef>();
  private readonly kernel: StepKernel<WriteScope>;

  constructor(
    private readonly db: Database,
    private readonly templates: TemplateReader,
    private readonly schemas: SchemaCompiler,
    private readonly scheduler: Scheduler,
    private readonly sla: ComplaintClocks,
    private readonly notifier: Notifier,
    private readonly investigations: ComplaintInvestigations,
    private readonly signatures: SignatureService,
    private readonly hasClosingEvaluation: ClosingEvaluationCheck,
    private readonly recordComplaintFact: ComplaintFactRecorder,
  ) {
    this.kernel = new StepKernel(stepWriter(db));
    scheduler.register(WORKFLOW_TIMER, (timer) => this.fireTimer(timer));
    scheduler.register(APPROVAL_TIMER, (timer) => this.fireApprovalTimer(timer));
    signatures.register('ApprovalDecision', (em, recordId, signatureId) => this.signedApproval(em, recordId, signatureId));
  }

  startReview(ctx: Context, input: { id: string; version: number }): Promise<TransitionResult> {
    return this.transition(ctx, input, 'startReview', (c, { now }) => {
      c.acknowledgedAt ??= now;
      return [];
    });
  }

  accept(ctx: Context, input: AcceptComplaintInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'accept', (c, { type, org, now, ctx: { principal } }) => {
      const problems: ValidationProblem[] = [];
      const uncategorized = unknownCategory(type, input.category);
      if (uncategorized.length) return uncategorized;
      c.category = input.category;
      const proposed = evaluateRules(this.schemas, type, complaintFacts(type, { ...c, severity: null, department: null }));
      const severity = input.severity ?? proposed.severity;
      if (!type.severities.some((s) => s.key === severity)) problems.push(problem('/severity', 'UNKNOWN_SEVERITY', `no severity ${JSON.stringify(severity)}`));
      if (severity !== proposed.severity && !input.severityReason?.trim()) problems.push(problem('/severityReason', 'REQUIRED', `overriding the proposed severity ${proposed.severity} needs a reason`));
      const routed = evaluateRules(this.schemas, type, complaintFacts(type, { ...c, severity, department: null }));
      const department = input.department ?? routed.department;
      if (!org.departments.some((d) => d.key === department)) problems.push(problem('/department', 'UNKNOWN_DEPARTMENT', `no department ${JSON.stringify(department)}`));
      if (department !== routed.department && !input.departmentReason?.trim()) problems.push(problem('/departmentReason', 'REQUIRED', `overriding the routed department ${routed.department} needs a reason`));
      if (problems.length) return problems;
      c.severity = severity;
      c.department = department;
      const by = principal.id;
      Object.assign(c.record, {
        validity: { decision: 'accepted', comment: input.comment ?? null, by, at: now },
        classification: { category: c.category, severity, proposedSeverity: proposed.severity, reason: input.severityReason ?? null, by, at: now },
        routing: { department, proposedDepartment: routed.department, reason: input.departmentReason ?? null, by, at: now },
        // 21 CFR 820.198(b): whether an investigation is needed, by whom decided; the template's rule decides after the step (applyInvestigationRule).
        investigation: { decidedBy: 'rule', at: now },
      });
      return [];
    });
  }

  reject(ctx: Context, input: RejectComplaintInput): Promise<TransitionResult> {
    return this.transition(ctx, { ...input, reason: input.reasonCode }, 'reject', (c, { now, workflow, ctx: { principal, locale } }) => {
      const reasons = workflow.rejectionReasons;
      const reason = reasons.find((r) => r.key === input.reasonCode);
      if (reasons.length && !reason) {
        return [problem('/reasonCode', 'UNKNOWN_REASON', `must be one of ${reasons.map((r) => r.key).join(', ')}`)];
      }
      const reply = input.reply?.trim() ? input.reply : reason?.reply[locale];
      if (!reply) return [problem('/reply', 'REQUIRED', 'the reply to the customer is required')];
      c.record.validity = {
        decision: 'rejected',
        reasonCode: input.reasonCode,
        reply,
        replyFromTemplate: !input.reply?.trim(),
        comment: input.comment ?? null,
        by: principal.id,
        at: now,
      };
      return [];
    });
  }

  async addContainmentAction(ctx: Context, input: AddContainmentActionInput): Promise<TransitionResult> {
    const owner = await this.namedOwner(ctx, input.ownerId);
    return this.transition(
      ctx,
      input,
      'startContainment',
      (c, { now, ctx: { principal } }) => {
        if (!input.description.trim()) return [problem('/description', 'REQUIRED', 'describe the action')];
        if (input.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) return [problem('/dueDate', 'FORMAT', 'must be YYYY-MM-DD')];
        if (owner === UNKNOWN) return [unknownOwner(input.ownerId)];
        c.ownerId ??= owner ?? principal.id;
        const r = c.record;
        r.containment = [...(r.containment ?? []), { description: input.description, ownerId: owner ?? c.ownerId, dueDate: input.dueDate ?? null, status: 'open', by: principal.id, at: now }];
        return [];
      },
    );
  }

  async assign(ctx: Context, input: AssignComplaintInput): Promise<TransitionResult> {
    const owner = await this.namedOwner(ctx, input.ownerId);
    return this.transition(ctx, input, 'assign', (c, { org, now, ctx: { principal } }) => {
      if (!input.ownerId && !input.department) return [problem('/ownerId', 'REQUIRED', 'give an owner, a department, or both')];
      if (owner === UNKNOWN) return [unknownOwner(input.ownerId)];
      if (input.department && input.department !== c.department) {
        if (!org.departments.some((d) => d.key === input.department)) return [problem('/department', 'UNKNOWN_DEPARTMENT', `no department ${JSON.stringify(input.department)}`)];
        if (!input.reason?.trim()) return [problem('/reason', 'REQUIRED', 'moving a complaint to another department needs a reason')];
        const r = c.record;
        r.rerouting = [...(r.rerouting ?? []), { from: c.department, to: input.department, reason: input.reason, by: principal.id, at: now }];
        c.department = input.department;
      }
      if (owner) c.ownerId = owner;
      return [];
    });
  }

  classify(ctx: Context, input: ClassifyComplaintInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'classify', (c, { type, now, ctx: { principal } }) => {
      const uncategorized = unknownCategory(type, input.category);
      if (uncategorized.length) return uncategorized;
      const proposed = evaluateRules(this.schemas, type, complaintFacts(type, { ...c, category: input.category, severity: null })).severity;
      const severity = input.severity ?? proposed;
      if (!type.severities.some((s) => s.key === severity)) return [problem('/severity', 'UNKNOWN_SEVERITY', `no severity ${JSON.stringify(severity)}`)];
      const r = c.record;
      r.reclassifications = [...(r.reclassifications ?? []), { from: { category: c.category, severity: c.severity }, to: { category: input.category, severity }, proposedSeverity: proposed, reason: input.reason, by: principal.id, at: now }];
      c.category = input.category;
      c.severity = severity;
      return [];
    });
  }

  proposeRemedy(ctx: Context, input: ProposeRemedyInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'proposeRemedy', (c, { org, type, now, ctx: { principal } }) => {
      const remedyType = org.remedyTypes.find((r) => r.key === input.type);
      if (!remedyType) return [problem('/type', 'UNKNOWN_REMEDY_TYPE', `no remedy type ${JSON.stringify(input.type)}`)];
      if (remedyType.requiresAmount && (input.amount === null || input.amount === undefined)) return [problem('/amount', 'REQUIRED', `a ${input.type} needs an amount`)];
      if (input.amount !== null && input.amount !== undefined && input.amount < 0) return [problem('/amount', 'MINIMUM', 'must be >= 0')];
      c.record.remedy = {
        type: input.type,
        quantity: input.quantity ?? null,
        amount: input.amount ?? 0,
        currency: input.currency ?? (org as { currency?: string }).currency ?? 'CNY',
        description: input.description ?? null,
        requestedByCustomer: intakeValue(type, c.data, 'demand') ?? null,
        by: principal.id,
        at: now,
      };
      return [];
    });
  }

  submitRemedy(ctx: Context, input: { id: string; version: number }): Promise<TransitionResult> {
    return this.transition(ctx, input, 'submitRemedy', () => []);
  }

  notifyCustomer(ctx: Context, input: NotifyCustomerInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'notifyCustomer', (c, { now, ctx: { principal } }) => {
      if (!input.text.trim()) return [problem('/text', 'REQUIRED', 'what was the customer told?')];
      c.record.notification = { channel: input.channel, text: input.text, by: principal.id, at: now };
      return [];
    });
  }

  requestFeedback(ctx: Context, input: { id: string; version: number }): Promise<TransitionResult> {
    return this.transition(ctx, input, 'requestFeedback', () => []);
  }

  recordFeedback(ctx: Context, input: RecordCustomerFeedbackInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'recordFeedback', (c, { now, ctx: { principal } }) => {
      if (!Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5) return [problem('/satisfaction', 'RANGE', 'must be 1 to 5')];
      c.record.feedback = { satisfaction: input.satisfaction, acceptsResolution: input.acceptsResolution, comment: input.comment ?? null, by: principal.id, at: now };
      return [];
    });
  }

  close(ctx: Context, input: CloseComplaintInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'close', (c) => {
      if (input.comment) c.record.closingComment = input.comment;
      return [];
    });
  }

  /**
   * A person's stage-2 decision. Deciding one is needed where the rules make it not needed (or the type has no
   * stage 2), or none where they require one, is an override: only the roles the organization's
   * investigationOverrides name, with a reason; it is recorded on the record (investigation.overrides).
   */
  decideInvestigation(ctx: Context, input: DecideInvestigationInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'decideInvestigation', async (c, { type, org, now, recurrenceOf, ctx: { principal, locale } }) => {
      const rule = this.rulesFor(type, c, await recurrenceOf());
      const { problems, override } = checkOverride(org, {
        need: rule.investigation,
        direction: input.required ? 'open' : 'skip',
        roles: principal.roles,
        principalId: principal.id,
        reason: input.reason,
        reasonCode: input.overrideReasonCode,
        subject: type.key,
        paths: { refusal: '/required', reason: '/reason', reasonCode: '/overrideReasonCode' },
        locale,
        now,
      });
      if (problems.length) return problems;
      const current = c.record.investigation ?? {};
      c.record.investigation = {
        ...current,
        requirement: rule.investigation,
        template: rule.investigationTemplate,
        decision: input.required ? 'required' : 'not-required',
        decidedBy: principal.id,
        byRule: false,
        reason: input.reason,
        at: now,
        ...(override ? { overrides: [...(current.overrides ?? []), override] } : {}),
      };
      return [];
    });
  }

  reopen(ctx: Context, input: ReopenComplaintInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'reopen', (c, { now, ctx: { principal } }) => {
      const r = c.record;
      r.reopenings = [...(r.reopenings ?? []), { reason: input.reason, fromStatus: c.status, by: principal.id, at: now }];
      return [];
    });
  }

  /**
   * An approver's decision on the current step of the complaint's approval route. A rejection ends the route
   * (the workflow's approvalRejected step: back to a new proposal); the last approval grants it (approvalGranted).
   */
  async decideApproval(ctx: Context, input: DecideApprovalInput): Promise<TransitionResult> {
    // Before the write: a wrong password must count toward the lockout though the decision is refused.
    const signer = await this.signatures.authenticate(ctx, input.signature);
    if (signer instanceof SignatureError) return signer;
    let approverCount = 0;
    const state = (c: Complaint) => c.record.approval;
    return this.transition(
      ctx,
      input,
      APPROVAL_GRANTED,
      (c, env) => {
        const { now } = env;
        const approval = state(c)!;
        const step = approval.steps[approval.current];
        if (step.decisions.some((d) => d.by === ctx.principal.id)) return [alreadyDecided('/decision')];
        const decided: ApprovalDecisionRecord = { by: ctx.principal.id, decision: input.decision === ApprovalDecision.APPROVE ? 'approve' : 'reject', comment: input.comment ?? null, at: now };
        const target = { recordType: 'ApprovalDecision' as const, recordId: c.id, content: approvalSignedContent(c, approval, step, decided) };
        c.record.approval = decide(approval, signDecision(this.signatures, env.em, ctx.tenant.id, signer, target, decided, now), approverCount, remedyApprovals(env.org, c)).state;
        return [];
      },
      {
        authorize: async (c, { org, em }) => {
          const turn = approvalTurn(ctx, c, org);
          if (!turn) return new NotAllowedError('decideApproval', []);
          const { step, roles } = turn;
          if (!turn.approver) return new NotAllowedError('decideApproval', roles);
          const refused = this.signatures.check(step.signature, signer);
          if (refused) return refused;
          approverCount = await approvalsNeeded(em, ctx.tenant.id, step, roles);
          return null;
        },
        decide: (c) => {
          const outcome = state(c)!.outcome;
          return outcome === 'approved' ? APPROVAL_GRANTED : outcome === 'rejected' ? APPROVAL_REJECTED : null;
        },
        decision: (c) => {
          const approval = state(c)!;
          const decided = approval.steps.findLast((st) => st.decisions.some((d) => d.by === ctx.principal.id))!;
          return {
            route: approval.route,
            routeVersion: approval.routeVersion,
            step: decided.key,
            stepTitle: decided.title,
            decision: input.decision === ApprovalDecision.APPROVE ? 'approve' : 'reject',
            comment: input.comment ?? null,
            signature: decided.decisions.findLast((d) => d.by === ctx.principal.id)?.signature ?? null,
            outcome: approval.outcome,
            nextStep: approval.outcome === 'pending' ? approval.steps[approval.current]?.key ?? null : null,
          };
        },
      },
    );
  }

  /**
   * Complaints whose current approval step the caller may decide, oldest first. Candidates are the
   * complaints in a state the tenant's workflows leave by approvalGranted.
   */
  async myApprovals(ctx: Context, first: number): Promise<Complaint[]> {
    const org = await this.templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default');
    const workflows = await ctx.em.find(TemplateVersion, { kind: 'workflow' });
    const complaintWorkflows = workflows.map((w) => w.content as unknown as WorkflowTemplate).filter((w) => subjectOf(w) === 'complaint');
    const states = new Set(complaintWorkflows.flatMap((w) => w.transitions.filter((t) => t.action === APPROVAL_GRANTED).flatMap((t) => t.from)));
    if (!org || !states.size) return [];
    const visible = visibleComplaints(ctx.em, await sightOf(this.templates, ctx.em, ctx, this.db.dialect));
    const waiting = await ctx.em.find(Complaint, { $and: [{ status: { $in: [...states] } }, visible] }, { orderBy: { updatedAt: 'asc', id: 'asc' }, limit: 1000 });
    return waiting
      .filter((c) => {
        const turn = approvalTurn(ctx, c, org.content);
        return !!turn?.approver && !turn.decided;
      })
      .slice(0, Math.min(Math.max(first, 1), 100));
  }

  /**
   * A due workflow timer takes its system transition as the system principal, with the reason the
   * template gives (e.g. no customer feedback in time). A timer whose step no longer applies is dropped.
   */
  private async fireTimer(timer: Timer): Promise<Fired> {
    const after = (timer.payload?.after ?? null) as { value: number; unit: string } | null;
    const ctx: StepCaller = {
      tenant: { id: timer.tenantId, slug: '' },
      principal: { id: SYSTEM_ACTOR.id, name: SYSTEM_ACTOR.name, roles: [], kind: 'system' },
      locale: 'en',
      em: this.db.forTenant(timer.tenantId),
    };
    const reason = after ? `${timer.action}: ${after.value} ${after.unit} in ${timer.armedIn}` : timer.action;
    const result = await this.transition(ctx, { id: toGlobalId('Complaint', timer.subjectId), version: 0, reason }, timer.action, () => [], {
      timer,
      authorize: async () => null,
    });
    if (result instanceof Complaint) return 'fired';
    if (result instanceof NotFoundError && result.id === timer.id) return 'skipped';
    // The step no longer applies (the workflow refused it): the timer goes, and the refusal is logged.
    // tenant-scope: reviewed — the timer by its own id, in its tenant's write
    await this.db.write(timer.tenantId, ({ em }) => em.nativeDelete(Timer, { id: timer.id }, { filters: false }));
    this.scheduler.log.warn({ timer: timer.id, action: timer.action, complaint: timer.subjectId, result }, 'timer dropped: its transition no longer applies');
    return 'dropped';
  }

  /**
   * The current approval step starts waiting: its since and dueAt are recorded and a timer reports it when
   * it is still pending at dueAt. Any earlier step's timer goes.
   */
  private async planApprovalStep(em: EntityManager, tenantId: string, c: Complaint, from: string, workflow: Workflow, org: OrganizationTemplate, now: Date): Promise<void> {
    const awaits = (status: string) => workflow.machine.candidates(APPROVAL_GRANTED, status).length > 0;
    // Only a complaint that was awaiting approval can have an approval timer to cancel.
    if (awaits(from)) await cancelTimers(em, tenantId, APPROVAL_TIMER, c.id);
    const approval = c.record.approval;
    if (!approval || !awaits(c.status)) return;
    c.record.approval = waitOn(em, { tenantId, kind: APPROVAL_TIMER, subjectType: 'Complaint', subjectId: c.id, armedIn: c.status }, approval, now, calendarOf(org.calendar), (at) => at);
  }

  /**
   * An approval step pending past its timeout: its approvers are reminded and their managers (the head of
   * the department above theirs) notified; an event records it. The complaint itself does not change.
   */
  private fireApprovalTimer(timer: Timer): Promise<Fired> {
    return onTimeout<ApprovalStepRecord>(this.scheduler, this.notifier, timer, async (scope) => {
      const c = await scope.em.findOne(Complaint, { id: timer.subjectId });
      const approval = c && (c.record.approval);
      if (!c || !approval || approval.outcome !== 'pending' || approval.current !== timer.payload?.step || c.status !== timer.armedIn) return null;
      const org = (await this.templates.latestTemplate<OrganizationTemplate>(scope.em, scope.tenantId, 'organization', 'default'))?.content;
      if (!org) return null;
      return { overdue: { state: approval, org, department: c.department, route: approval.route, rolesOf: (step) => approverRoles(step, org, c), complaint: c }, notice: REMEDY_OVERDUE };
    });
  }

  /** Where an approval signature's decision is: in the complaint's current route or an earlier one. */
  private async signedApproval(em: EntityManager, complaintId: string, signatureId: string): Promise<{ carries: false } | { carries: true; content: unknown } | null> {
    const c = await em.findOne(Complaint, { id: complaintId });
    if (!c) return null;
    const approvals = [...(c.record.approvalHistory ?? []), c.record.approval].filter((a): a is ApprovalState => !!a);
    const found = findSigned(approvals, signatureId);
    return found ? { carries: true, content: approvalSignedContent(c, found.route, found.step, found.decision) } : { carries: false };
  }

  /** The complaint's pending timed steps, soonest first. */
  scheduledActions(ctx: Context, c: Complaint): Promise<Timer[]> {
    return ctx.em.find(Timer, { subjectId: c.id, kind: { $in: [WORKFLOW_TIMER, APPROVAL_TIMER] } }, { orderBy: { dueAt: 'asc' } });
  }

  /**
   * The actions the caller may take now, each with the mutation that takes it (before conditions on the
   * input, which the step itself evaluates): the workflow's transitions and edits from the status that the
   * caller's roles allow and no guard blocks, and decideApproval for an approver of the pending step.
   */
  async availableActions(ctx: Context, c: Complaint): Promise<AvailableAction[]> {
    const workflow = await this.workflowFor(ctx.em, ctx.tenant.id, c);
    const available: AvailableAction[] = [];
    for (const action of this.actionsIn(workflow, c.status)) {
      const entry = complaintAction(action);
      if (!entry) continue;
      // As in transition(): a transition from the status takes precedence over an edit of the same action.
      const transitions = workflow.machine.candidates(action, c.status);
      const edit = transitions.length ? undefined : workflow.edits.find((e) => e.action === action && e.states.includes(c.status));
      const takeable = edit ? (this.mayEdit(ctx, edit.roles) ? [edit] : []) : transitions.filter((t) => this.mayTake(ctx, t));
      if (!takeable.length || (await this.guards[action]?.(ctx.em, c, ctx))) continue;
      // The template's title, unless the action may end in several transitions (the input decides which).
      const titles = new Set(takeable.map((t) => JSON.stringify(t.title)));
      available.push({ action, mutation: entry.mutation, title: titles.size === 1 ? takeable[0].title : entry.title });
    }
    if (workflow.machine.candidates(APPROVAL_GRANTED, c.status).length) {
      const org = await this.templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default');
      const turn = org && approvalTurn(ctx, c, org.content);
      if (turn?.approver && !turn.decided) {
        const { mutation, title } = COMPLAINT_ACTIONS.decideApproval;
        available.push({ action: 'decideApproval', mutation, title: { 'zh-CN': `${title['zh-CN']}：${turn.step.title['zh-CN']}`, en: `${title.en}: ${turn.step.title.en}` } });
      }
    }
    return available;
  }

  /** The names of availableActions. */
  async allowedActions(ctx: Context, c: Complaint): Promise<string[]> {
    return (await this.availableActions(ctx, c)).map((a) => a.action);
  }

  /** The investigation the step that returned this complaint opened (e.g. the 8D the rules require on acceptance). */
  openedBy(c: Complaint): InvestigationRef | null {
    return this.opened.get(c) ?? null;
  }

  /**
   * Conditions beyond the workflow's states and roles that block an action: the step refuses with the error,
   * and availableActions leaves the action out (one rule for both).
   */
  private readonly guards: Partial<Record<string, (em: EntityManager, c: Complaint, ctx: StepCaller) => Promise<InvestigationAlreadyOpenError | null>>> = {
    // With an investigation under way there is nothing to decide: closing records "investigated".
    decideInvestigation: async (em, c, ctx) => {
      const open = await this.investigations.openInvestigationsOfComplaint(em, c.id);
      if (!open.length) return null;
      return new InvestigationAlreadyOpenError(
        open.map((i) => ({ path: '/id', complaintId: toGlobalId('Complaint', c.id), complaintNumber: c.number, investigationId: toGlobalId('Investigation', i.id), investigationNumber: i.number, investigationStatus: i.status })),
        ctx.locale,
      );
    },
  };

  /**
   * The one place a stage-1 step happens. `editWhenNoTransition`: the action is also a plain edit (e.g. a
   * further containment action) when the workflow has no transition for it from the current status.
   */
  private async transition(
    ctx: StepCaller,
    input: { id: string; version: number; reason?: string | null },
    action: string,
    apply: Apply,
    {
      authorize,
      decide,
      timer,
      decision,
    }: {
      /** Approvals: the decision, recorded as an approval.decided event of its own (beside a status change it causes). */
      decision?: (c: Complaint) => Record<string, unknown>;
      /** Taken by this due timer (the system's action): it is deleted with the change, so it fires once. */
      timer?: Timer;
      /** Replaces the workflow's role check (approvals: the route's approvers decide). */
      authorize?: (c: Complaint, env: Env) => Promise<NotAllowedError | SignatureError | null>;
      /** After apply: the action actually taken (a system one may be), or null to only record. */
      decide?: (c: Complaint) => string | null;
    } = {},
  ): Promise<TransitionResult> {
    const id = localUuid(input.id, 'Complaint');
    if (!id) return new NotFoundError(input.id);
    const sight = await sightOf(this.templates, ctx.em, ctx, this.db.dialect);
    let recurrence: Promise<Recurrence> | undefined;
    let before!: ComplaintSnapshot;
    // The recurrence is looked up only for conditions that may read it (it costs queries on every step otherwise).
    const factsFor = async (env: Env, c: Complaint, conditions: unknown[]) => this.factsOf(env.type, c, conditions.some((when) => conditionMayRead(when, 'recurrence')) ? await env.recurrenceOf() : NO_RECURRENCE);
    return (await this.kernel.run<Complaint, Env, Transition, ComplaintSnapshot>({
      tenantId: ctx.tenant.id,
      action,
      caller: ctx,
      reason: input.reason,
      // Taken by a due timer: it is deleted with the change, so it fires once.
      before: timer ? async (scope) => ((await takeTimer(scope, this.db.dialect, timer.id)) ? null : new NotFoundError(timer.id)) : undefined,
      load: async (scope) => (await scope.em.findOne(Complaint, { $and: [{ id }, visibleComplaints(scope.em, sight)] })) ?? new NotFoundError(input.id),
      stale: (c) => (timer ? (c.status !== timer.armedIn ? new IllegalTransitionError(action, c.status, []) : null) : versionCheck(input.version, c.version)),
      conflict: async () => {
        const current = await ctx.em.fork().findOne(Complaint, { id });
        return current ? new ConflictError(input.version, current.version) : new NotFoundError(input.id);
      },
      env: async (scope, c) => {
        const workflow = await this.workflowFor(scope.em, ctx.tenant.id, c);
        const type = await this.templates.templateVersion<ComplaintTypeTemplate>(scope.em, ctx.tenant.id, 'complaint-type', c.typeKey, c.templateVersion);
        const org = await this.templates.latestTemplate<OrganizationTemplate>(scope.em, ctx.tenant.id, 'organization', 'default');
        if (!type || !org) throw new Error(`templates missing for complaint ${c.id}`);
        return { em: scope.em, workflow, type, org: org.content, now: this.scheduler.clock.now(), ctx, recurrenceOf: () => (recurrence ??= this.recurrenceOf(scope.em, c, type)) };
      },
      machines: (c, { workflow }) => [{ machine: workflow.steps, status: c.status, mutations: (actions) => actions.flatMap((a) => complaintAction(a)?.mutation ?? []) }],
      authorize,
      guard: async (c, env) => (await this.guards[action]?.(env.em, c, ctx)) ?? null,
      snapshot: (c) => (before = { typeKey: c.typeKey, status: c.status, category: c.category, severity: c.severity, department: c.department, ownerId: c.ownerId, record: structuredClone(c.record) }),
      apply: async (c, env) => {
        c.record = structuredClone(c.record);
        const problems = await apply(c, env);
        // Recurrence keys include the category: a step that set the category asks again.
        if (c.category !== before.category) recurrence = undefined;
        return problems;
      },
      decide,
      when: async (c, env, candidates) => {
        const facts = await factsFor(env, c, candidates.map((t) => t.when));
        return (when) => matches(this.schemas, when as object, facts);
      },
      missing: async (c, chosen, { em }) => {
        const beside: Beside = { closingEvaluation: (chosen.requires as string[] | undefined)?.includes('closingEvaluation') ? await this.hasClosingEvaluation(em, c.id) : false };
        return (chosen.requires ?? []).filter((r) => !satisfied[r](c, beside)).map((r) => problem(`/${r}`, 'MISSING_REQUIREMENT', `${chosen.to} needs ${r} first`));
      },
      moved: async (c, { chosen, taken, from, to }, env) => {
        const { em, workflow, type, org, now } = env;
        const { machine } = workflow;
        // Entering a state that awaits approval: the complaint type's approval route applies, its steps picked by their conditions.
        if (chosen && machine.candidates(APPROVAL_GRANTED, to).length) {
          const route = await routeTemplate(this.templates, em, ctx.tenant.id, type.approvalRoute);
          const steps = await plan(route.content, (conditions) => factsFor(env, c, conditions), this.schemas, (st) => ({ ...st, when: undefined, decisions: [] }));
          // An earlier route's decisions (and their signatures) stay on the record.
          const earlier = c.record.approval;
          if (earlier) c.record.approvalHistory = [...(c.record.approvalHistory ?? []), earlier];
          c.record.approval = { route: type.approvalRoute, routeVersion: route.version, steps, current: 0, outcome: 'pending', remedy: structuredClone(c.record.remedy ?? null), at: now };
        }
        if (to !== from) {
          // Timed system transitions of the state left are void; those of the state entered start now.
          if (machine.definition.transitions.some((t) => t.system && t.after && t.from.includes(from))) await cancelTimers(em, ctx.tenant.id, WORKFLOW_TIMER, c.id);
          const calendar = calendarOf(org.calendar);
          armTimers(
            em,
            machine.definition.transitions
              .filter((t) => t.system && t.after && t.from.includes(to))
              .map((t) => ({ tenantId: ctx.tenant.id, kind: WORKFLOW_TIMER, subjectType: 'Complaint', subjectId: c.id, action: t.action, armedIn: to, dueAt: calendar.add(now, t.after!), payload: { after: t.after, armedAt: now } })),
          );
          if (workflow.closed.has(to)) {
            c.record.closure = { action: taken, from, reason: input.reason ?? null, by: ctx.principal.id, at: now };
            await this.recordInvestigationDecision(em, c, type, ctx, now, env.recurrenceOf);
          }
        }
      },
      setStatus: (c, to, { now }) => {
        c.status = to;
        c.updatedAt = now;
      },
      effects: async (c, { taken, from, to }, env, scope) => {
        const { workflow, type, org, now } = env;
        const approvalBefore = before.record.approval;
        const approvalAfter = c.record.approval;
        if (to !== from || approvalAfter?.current !== approvalBefore?.current || approvalAfter?.outcome !== approvalBefore?.outcome) {
          await this.planApprovalStep(scope.em, ctx.tenant.id, c, from, workflow, org, now);
        }
        if (taken === 'accept' || action === 'classify') {
          const opened = await this.applyInvestigationRule(scope, ctx, c, type, org, await env.recurrenceOf());
          if (opened) this.opened.set(c, opened);
        }
        // Clocks change only with the severity, a change of state category (waiting pauses, closed meets,
        // leaving closed reopens) or a state that meets some: other steps leave them, and their timer, as they are.
        const left = workflow.states.get(from);
        const entered = workflow.states.get(to);
        const clocksMove = c.severity !== before.severity || (to !== from && (left?.category !== entered?.category || (entered?.meets.length ?? 0) > 0));
        if (clocksMove) await this.sla.syncComplaint({ scope, complaint: c, type, org, states: workflow.states, now });
        // Delay accountability: a new owner or approval step while a clock is breached holds it late from now.
        else if (c.ownerId !== before.ownerId || approvalAfter?.current !== approvalBefore?.current || approvalAfter?.outcome !== approvalBefore?.outcome) await this.sla.trackLateHolders(scope, c, org, now);
      },
      settle: async (scope, c, { workflow, org, type }) => {
        await this.recordComplaintFact(scope.em, c, { timeZone: org.calendar.timeZone, closed: workflow.closed.has(c.status), type });
      },
      event: (c, { taken, from, to }, snapshot, { now }) => {
        const events: StepEvent[] = [];
        if (decision) {
          events.push({ occurredAt: now, type: 'approval.decided', subjectType: 'Complaint', subjectId: c.id, subjectNumber: c.number, actor: actorOf(ctx), reason: input.reason ?? null, data: { ...decision(c), statusBefore: from, statusAfter: to } });
          // A decision that moves no status is that event alone.
          if (to === from) return events;
        }
        events.push({
          occurredAt: now,
          type: to !== from ? 'complaint.status_changed' : 'complaint.updated',
          subjectType: 'Complaint',
          subjectId: c.id,
          subjectNumber: c.number,
          actor: actorOf(ctx),
          reason: input.reason ?? null,
          data: { action: taken ?? action, from, to, before: snapshot, after: { typeKey: c.typeKey, status: c.status, category: c.category, severity: c.severity, department: c.department, ownerId: c.ownerId, record: c.record } },
        });
        return events;
      },
    })) as TransitionResult;
  }

  /**
   * 21 CFR 820.198(b): a closed complaint says whether it was investigated, and if not why and who decided.
   * A person's decision stands; otherwise the type's rule decides, recorded with the closing actor.
   */
  private async recordInvestigationDecision(em: EntityManager, c: Complaint, type: ComplaintTypeTemplate, ctx: StepCaller, now: Date, recurrenceOf: () => Promise<Recurrence>): Promise<void> {
    const current = c.record.investigation ?? {};
    const linked = await this.investigations.investigationsOf(em, c.id);
    if (linked.length) {
      c.record.investigation = { ...current, decision: 'investigated', investigations: linked.map((i) => i.number), at: now };
      return;
    }
    if (current.decision && current.byRule === false) return;
    const validity = c.record.validity;
    const recurrence = await recurrenceOf();
    const rule = this.rulesFor(type, c, recurrence);
    const rejected = validity?.decision === 'rejected';
    const required = !rejected && rule.investigation === 'required';
    c.record.investigation = {
      ...current,
      requirement: rule.investigation,
      template: rule.investigationTemplate,
      decision: required ? 'required' : 'not-required',
      decidedBy: ctx.principal.id,
      byRule: true,
      ...recorded(recurrence),
      reason: rejected
        ? `complaint rejected (${validity?.reasonCode ?? 'no reason code'})`
        : required
          ? `the rules of ${type.key} require an investigation`
          : rule.investigation === 'never'
            ? `complaint type ${type.key} has no stage 2`
            : `the rules of ${type.key} make an investigation ${rule.investigation} and no one decided one was needed`,
      at: now,
    };
  }

  /**
   * After accept and classify: the type's rules (with the recurrence) set the record's investigation requirement.
   * When they require one (e.g. a major or critical complaint, or a recurrence after a closed investigation) and
   * none is linked, one is opened from the rule's template and linked, in the same transaction (stage 2 starts
   * by itself). An open investigation on the same part is only suggested: linking to it is a person's decision.
   */
  private async applyInvestigationRule(scope: WriteScope, ctx: StepCaller, c: Complaint, type: ComplaintTypeTemplate, org: OrganizationTemplate, recurrence: Recurrence): Promise<InvestigationRef | null> {
    const rule = this.rulesFor(type, c, recurrence);
    c.record.investigation = { ...c.record.investigation, requirement: rule.investigation, template: rule.investigationTemplate, ...recorded(recurrence) };
    if (rule.investigation !== 'required' || !rule.investigationTemplate) return null;
    // A person who overrode the rules to skip it decided: the rule opens none.
    if (c.record.investigation?.decision === 'not-required' && c.record.investigation.byRule === false) return null;
    if (await this.investigations.hasLinkedInvestigation(scope.em, c.id)) return null;
    const template = await this.templates.latestTemplate<InvestigationTemplate>(scope.em, ctx.tenant.id, 'investigation', rule.investigationTemplate);
    if (!template) throw new Error(`complaint type ${type.key} names missing investigation template ${rule.investigationTemplate}`);
    const reason = `the rules of ${type.key} require an investigation (${c.severity}, ${c.category}${recurs(recurrence) ? `, recurrence after ${recurrence.matched.join(', ')}` : ''})`;
    c.record.investigation = { ...c.record.investigation, decision: 'required', byRule: true, decidedBy: ctx.principal.id, reason, at: this.scheduler.clock.now() };
    const description = intakeText(type, c.data, 'description')?.slice(0, 200) ?? type.title.en;
    return this.investigations.create(scope, ctx, { template: template.content, templateVersion: template.version, org, title: `${c.number}: ${description}`, complaints: [c], severity: c.severity, department: c.department, leaderId: null, championId: null, reason });
  }

  /**
   * What this complaint comes back after: under the type's recurrence rule, else (today's) the closed
   * investigations on the same part, category and recurrence keys.
   */
  private async recurrenceOf(em: EntityManager, c: Complaint, type: ComplaintTypeTemplate): Promise<Recurrence> {
    const rule = recurrenceRule(type);
    if (rule) return recurrenceUnder(rule, type, em, c, this.investigations);
    return { matched: (await this.investigations.suggestions(em, c)).filter((i) => i.status === 'CLOSED').map((i) => i.number), effect: 'require' };
  }

  /** The facts the type's rules (and the workflow's conditions) see: the complaint, its remedy and feedback, and whether it recurs. */
  private factsOf(type: ComplaintTypeTemplate, c: Complaint, recurrence: Recurrence) {
    const feedback = c.record.feedback;
    return complaintFacts(type, { ...c, remedy: c.record.remedy ?? null, feedback: feedback ? { satisfaction: feedback.satisfaction, acceptsResolution: feedback.acceptsResolution } : null, recurrence: recurs(recurrence) });
  }

  /** The one evaluation of the type's rules for a complaint as it stands: the record's decisions and proposedHandling both come from it. */
  private rulesFor(type: ComplaintTypeTemplate, c: Complaint, recurrence: Recurrence): RuleOutcome {
    return evaluateRules(this.schemas, type, this.factsOf(type, c, recurrence));
  }

  /** What the pinned complaint type's rules decide for the complaint as it stands (Complaint.proposedHandling). */
  async proposedHandling(ctx: Context, c: Complaint): Promise<RuleOutcome> {
    const type = await this.templates.templateVersion<ComplaintTypeTemplate>(ctx.em, ctx.tenant.id, 'complaint-type', c.typeKey, c.templateVersion);
    if (!type) throw new Error(`complaint pinned to missing template ${c.typeKey}@${c.templateVersion}`);
    return this.rulesFor(type, c, await this.recurrenceOf(ctx.em, c, type));
  }

  private mayTake(ctx: StepCaller, t: Transition): boolean {
    if (t.system) return false;
    const roles = ctx.principal.roles;
    return roles.includes(ADMIN) || (t.roles ?? []).some((r) => roles.includes(r));
  }

  /** The complaint's pinned workflow as a checked machine (immutable versions: cached). */
  /** `em`: inside a write, the write's own (on SQLite another connection would wait for the writer forever). */
  /** The canonical id of the owner named (a bare uuid becomes `user:<uuid>` / `api-key:<uuid>`), null when none is named. */
  private async namedOwner(ctx: StepCaller, ref: string | null | undefined): Promise<string | null | typeof UNKNOWN> {
    if (!ref) return null;
    return (await lookUpPrincipal(ctx.em, ctx.tenant.id, ref, { activeOnly: true }))?.id ?? UNKNOWN;
  }

  private async workflowFor(em: EntityManager, tenantId: string, c: Complaint): Promise<Workflow> {
    const cacheKey = `${tenantId}:${c.workflowKey}:${c.workflowVersion}`;
    let workflow = this.machines.get(cacheKey);
    if (!workflow) {
      const wf = await this.templates.templateVersion<WorkflowTemplate>(em, tenantId, 'workflow', c.workflowKey, c.workflowVersion);
      if (!wf) throw new Error(`complaint ${c.id} is pinned to missing workflow ${c.workflowKey}@${c.workflowVersion}`);
      const machine = new StateMachine<Transition>({ initial: wf.initial, states: wf.states.map((s) => ({ key: s.key, terminal: s.category === 'closed' })), transitions: wf.transitions });
      workflow = { machine, steps: new StepMachine(machine, wf.edits ?? []), edits: wf.edits ?? [], rejectionReasons: wf.rejectionReasons ?? [], closed: new Set(wf.states.filter((s) => s.category === 'closed').map((s) => s.key)), states: stateInfo(wf) };
      this.machines.set(cacheKey, workflow);
    }
    return workflow;
  }

  /**
   * Whether a closing evaluation may be recorded now (the complaint is closed, or a transition from its status
   * enters a closed state), and the roles that may record it: those of the transitions that close it.
   */
  async closingStep(em: EntityManager, tenantId: string, c: Complaint): Promise<{ atClosing: boolean; roles: string[] }> {
    const workflow = await this.workflowFor(em, tenantId, c);
    const closing = workflow.machine.definition.transitions.filter((t) => !t.system && workflow.closed.has(t.to));
    return {
      atClosing: workflow.closed.has(c.status) || closing.some((t) => t.from.includes(c.status)),
      roles: [...new Set(closing.flatMap((t) => t.roles ?? []))],
    };
  }

  /** Every action possible in the state: transitions and edits. */
  private actionsIn(workflow: Workflow, status: string): string[] {
    return [...new Set([...workflow.machine.actionsFrom(status), ...workflow.edits.filter((e) => e.states.includes(status)).map((e) => e.action)])];
  }

  private mayEdit(ctx: StepCaller, roles: string[]): boolean {
    return ctx.principal.roles.includes(ADMIN) || roles.some((r) => ctx.principal.roles.includes(r));
  }
}
