import { type EntityManager, OptimisticLockError } from '@mikro-orm/core';
import type { OrganizationTemplate } from '../__generated__';
import { alreadyDecided, approvalsNeeded, decide, type DecisionOutcome, findSigned, onTimeout, type OverdueNotice, plan, routeTemplate, signDecision, turnOf, waitOn } from '../approvals';
import { calendarOf } from '../calendar';
import { Complaint } from '../complaints';
import { NotAllowedError } from '../shared/errors/workflow-errors';
import type { Database, WriteScope } from '../db/database';
import { stepWriter } from '../db/step-writer';
import type { Notifier } from '../notifications';
import type { Clock } from '../scheduler';
import { cancelTimers, type Fired, type Scheduler } from '../scheduler';
import type { Timer } from '../scheduler';
import type { Context } from '../shared/request-context';
import { type Step, StepKernel } from '../shared/step-kernel/step-kernel';
import { NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { localUuid, toGlobalId } from '../shared/graphql/global-id';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { SignatureError } from '../signatures';
import { type SignatureService, unsigned } from '../signatures';
import { approverRolesFor } from '../shared/org-roles';
import { type TemplateService, WorkflowMachines } from '../templates';
import { canViewContent, consequenceView, isConcerned, isCurrentApprover, isDepartmentHead, organizationOf } from './accountability-access';
import { consequenceFacts, policyOf, type ProposedConsequence } from './accountability-policy';
import type { AppealConsequenceInput, DecideAppealInput, DecideConsequenceInput } from './accountability.inputs';
import { AppealAlreadyUsedError, ConsequenceStatus, ConsequenceStatusError, type ConsequenceView } from './accountability.results';
import { consequenceApprovals, routeOf } from './consequence-approval';
import { type ConsequenceFacts, type ConsequenceStep, consequenceMachine } from './consequence.machine';
import type { StepMachine } from '../shared/step-kernel/step-machine';
import { Consequence, type ConsequenceDecisionRecord, type ConsequenceStepRecord } from './responsibility.entity';

const MAX_REASON = 2000;
/** Timers of this kind report a consequence's approval step pending past its timeout. */
const APPROVAL_TIMER = 'consequence-approval';

/** How an overdue consequence step is told: no person, kind or amount in a notification (the approver opens the consequence to see it). */
const OVERDUE: OverdueNotice<ConsequenceStepRecord> = {
  reminder: { kind: 'consequence-approval-overdue', title: (step) => ({ 'zh-CN': `责任追究审批超时，请尽快处理：${step.title['zh-CN']}`, en: `Consequence approval overdue, please decide: ${step.title.en}` }) },
  escalation: { kind: 'consequence-approval-escalated', title: (step) => ({ 'zh-CN': `下属责任追究审批超时：${step.title['zh-CN']}`, en: `Consequence approval overdue in your line: ${step.title.en}` }) },
  eventType: 'complaint.consequence_approval_overdue',
  stepName: 'consequence approval step',
};

type Refusal = ConsequenceStatusError | NotAllowedError | ValidationError;
type Result<R> = ConsequenceView | ValidationError | NotFoundError | R;

/** What a consequence step runs with: the write, the organization, the complaint (the event's subject), the decision, the step decided. */
interface Env {
  scope: WriteScope;
  org: OrganizationTemplate | undefined;
  complaint: Complaint;
  now: Date;
  /** Who, why and when; an appeal's outcome comes with the appeal decision. */
  decision: ConsequenceDecisionRecord;
  /** The key of the step a pending consequence waits on (before the step). */
  stepKey: string | undefined;
  /** The tenant's published consequence workflow, else the built-in default. */
  machine: StepMachine<ConsequenceTransition>;
}

type ConsequenceTransition = ConsequenceStep & { to: string };

/** What an approver signs: the decision with the consequence it decides on (who, what, how much) and the route step. */
function signedContent(c: Consequence, step: ConsequenceStepRecord, decision: ConsequenceDecisionRecord) {
  return {
    consequenceId: c.id,
    complaintId: c.complaintId,
    decisionId: c.decisionId,
    department: c.department,
    userId: c.userId,
    kind: c.kind,
    unit: c.unit,
    amount: c.amount,
    shareBp: c.shareBp,
    route: c.approvalRoute,
    routeVersion: c.approvalRouteVersion,
    step: step.key,
    decision: unsigned(decision),
  };
}

/**
 * Approval and the one appeal of a consequence. Its kind's approval route (an approval-route template, as
 * for remedies) gives the steps: those whose condition matches the consequence, each decided by its
 * approvers in the party's department, any or all of them, signed where the step says, reminded when
 * overdue. A consequence is personal data: a caller who may not see it gets NOT_FOUND, and its events carry
 * ids, statuses and step keys only (the actor of an appeal by the person concerned is their principal id,
 * the name withheld).
 */
export class ConsequenceService {
  private readonly kernel: StepKernel<WriteScope>;
  private readonly machines: WorkflowMachines<ConsequenceStep>;

  constructor(
    db: Database,
    private readonly templates: TemplateService,
    private readonly schemas: SchemaCompiler,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly notifier: Notifier,
    private readonly signatures: SignatureService,
  ) {
    this.kernel = new StepKernel(stepWriter(db));
    this.machines = new WorkflowMachines(templates, 'consequence', consequenceMachine);
    scheduler.register(APPROVAL_TIMER, (timer) => this.fireApprovalTimer(timer));
    signatures.register('ConsequenceDecision', (em, id, signatureId) => this.signedDecision(em, id, signatureId), (ctx, id) => this.seesConsequence(ctx, id));
  }

  /**
   * The approval a proposed consequence goes through: the steps of its kind's route that match it, with
   * their approvers resolved in the party's department; null when the kind names no route.
   */
  async approvalFor(em: EntityManager, tenantId: string, org: OrganizationTemplate, p: ProposedConsequence, department: string): Promise<{ route: string; version: number; steps: ConsequenceStepRecord[] } | null> {
    if (p.kind.approvalRoute === undefined) return null;
    const route = await routeTemplate(this.templates, em, tenantId, p.kind.approvalRoute);
    const steps = await plan(route.content, () => consequenceFacts(p), this.schemas, (s): ConsequenceStepRecord => ({
      key: s.key,
      title: s.title,
      roles: approverRolesFor(s.approvers, org, department),
      mode: s.mode,
      timeout: s.timeout,
      ...(s.signature ? { signature: s.signature } : {}),
      decisions: [],
    }));
    return { route: p.kind.approvalRoute, version: route.version, steps };
  }

  /** The current step starts waiting: since and dueAt recorded, a timer armed for its timeout. Any earlier step's timer goes, and with it the last one once the consequence no longer waits. */
  async planStep(em: EntityManager, tenantId: string, c: Consequence, org: OrganizationTemplate, now: Date): Promise<void> {
    await cancelTimers(em, tenantId, APPROVAL_TIMER, c.id);
    if (c.status !== ConsequenceStatus.PENDING_APPROVAL) return;
    const timer = { tenantId, kind: APPROVAL_TIMER, subjectType: 'Consequence', subjectId: c.id, armedIn: ConsequenceStatus.PENDING_APPROVAL };
    c.steps = waitOn(em, timer, routeOf(c), now, calendarOf(org.calendar), (at) => at.toISOString()).steps;
  }

  /** Approves the current step (the last one makes it EFFECTIVE) or rejects the consequence. */
  async decide(ctx: Context, input: DecideConsequenceInput): Promise<Result<Refusal | SignatureError>> {
    // Before the write: a wrong password must count toward the lockout though the decision is refused.
    const signer = await this.signatures.authenticate(ctx, input.signature);
    if (signer instanceof SignatureError) return signer;
    let needed = 0;
    let outcome: DecisionOutcome | null = null;
    return this.step(ctx, input.id, input.reason, 'decideConsequence', input.approve ? 'approve' : 'reject', 'complaint.consequence_decided', isCurrentApprover, {
      // The approval engine's turn: an approver of the current step who has not decided it yet, signed where it says.
      authorize: async (c, { scope }) => {
        const turn = turnOf(ctx, routeOf(c), consequenceApprovals);
        if (!turn?.approver) return new NotAllowedError('decideConsequence', turn?.roles ?? []);
        if (turn.decided) return new ValidationError([alreadyDecided('/input/id')], ctx.locale);
        const refused = this.signatures.check(turn.step.signature, signer);
        if (refused) return refused;
        needed = await approvalsNeeded(scope.em, scope.tenantId, turn.step, turn.roles);
        return null;
      },
      apply: async (c, { scope, decision }) => {
        const route = routeOf(c);
        const step = route.steps[route.current];
        const target = { recordType: 'ConsequenceDecision' as const, recordId: c.id, content: signedContent(c, step, decision) };
        const decided = decide(route, signDecision(this.signatures, scope.em, scope.tenantId, signer, target, decision, new Date(decision.at)), needed, consequenceApprovals);
        c.steps = decided.state.steps;
        if (decided.outcome === 'step-passed') c.currentStep = decided.state.current;
        outcome = decided.outcome;
      },
      // The route's outcome: the last approval makes it EFFECTIVE, a rejection REJECTED; otherwise the decision is only recorded.
      decide: () => (outcome === 'approved' ? 'approveConsequence' : outcome === 'rejected' ? 'rejectConsequence' : null),
      // A step decided (or the route ended): the next step waits from now, and the decided step's timer goes.
      effects: async (c, { to }, { org, scope, now, stepKey }) => {
        if (org && (to !== ConsequenceStatus.PENDING_APPROVAL || c.steps[c.currentStep].key !== stepKey)) await this.planStep(scope.em, scope.tenantId, c, org, now);
      },
    });
  }

  /** The one appeal: by the person concerned, or by the head of their department on their behalf. */
  appeal(ctx: Context, input: AppealConsequenceInput): Promise<Result<Refusal | AppealAlreadyUsedError>> {
    return this.step(ctx, input.id, input.reason, 'appealConsequence', null, 'complaint.consequence_appealed', isDepartmentHeadOf, {
      authorize: async (c, { org, machine }) => (mayTake(ctx, machine, 'appealConsequence', c, org) ? null : new NotAllowedError('appealConsequence', rolesOf(machine, 'appealConsequence', c, org))),
      apply: async (c, { decision }) => {
        c.appeal = { by: decision.by, byName: decision.byName, onBehalf: !isConcerned(ctx, c), reason: decision.reason, at: decision.at, decision: null };
      },
    });
  }

  /** Upholds or overturns an appealed consequence: by the policy's appealRoles. */
  decideAppeal(ctx: Context, input: DecideAppealInput): Promise<Result<Refusal>> {
    return this.step(ctx, input.id, input.reason, 'decideAppeal', input.uphold ? 'uphold' : 'overturn', 'complaint.consequence_appeal_decided', null, {
      // The roles the machine names, held (an admin role grants nothing beyond them).
      authorize: async (c, { org, machine }) => (mayTake(ctx, machine, 'decideAppeal', c, org) ? null : new NotAllowedError('decideAppeal', rolesOf(machine, 'decideAppeal', c, org))),
      apply: async (c, { decision }) => {
        c.appeal = { ...c.appeal!, decision };
      },
      // The outcome picks UPHELD or OVERTURNED.
      when: async (_c, { decision }) => (when) => this.schemas.compileSchema(when as object)({ outcome: decision.outcome } satisfies ConsequenceFacts) as boolean,
    });
  }

  /**
   * One step of a consequence on the step kernel: the reason checked, the consequence the caller may see
   * loaded, the step checked against the consequence machine (a refusal: ConsequenceStatusError, or the
   * appeal already used), `authorize`d, applied, and its one `consequence.*` event appended, in one write.
   */
  private async step<R>(
    ctx: Context,
    id: string,
    reasonText: string,
    action: string,
    outcome: ConsequenceDecisionRecord['outcome'] | null,
    type: string,
    alsoAllowed: ((caller: Context, c: Consequence, org: OrganizationTemplate | undefined) => boolean) | null,
    hooks: Pick<Step<Consequence, WriteScope, Env, ConsequenceTransition>, 'authorize' | 'apply' | 'decide' | 'when' | 'effects'>,
  ): Promise<Result<R>> {
    const reason = reasonText.trim();
    if (reason.length === 0 || reason.length > MAX_REASON) return new ValidationError([new ValidationProblem('/input/reason', 'LENGTH', ctx.locale === 'zh-CN' ? `须为 1 到 ${MAX_REASON} 个字符` : `must be 1 to ${MAX_REASON} characters`)], ctx.locale);
    const org = await organizationOf(this.templates, ctx.em, ctx.tenant.id);
    const localId = localUuid(id, 'Consequence');
    const result = await this.kernel.run<Consequence, Env, ConsequenceTransition, null>({
      tenantId: ctx.tenant.id,
      action,
      caller: ctx,
      load: async ({ em }) => {
        const c = localId ? await em.findOne(Consequence, { id: localId }) : null;
        // Unseen is unknown: no hint that a consequence exists.
        if (!c || !(canViewContent(ctx, policyOf(org)) || isConcerned(ctx, c) || alsoAllowed?.(ctx, c, org))) return new NotFoundError(id);
        return c;
      },
      // The mutations carry no version: the step applies to the consequence as it is.
      stale: () => null,
      // A concurrent change of the same consequence (PostgreSQL) fails the request, as a write's error does.
      conflict: () => Promise.reject(new OptimisticLockError(`consequence ${localId} was changed by a concurrent request`)),
      env: async (scope, c) => {
        const complaint = await scope.em.findOneOrFail(Complaint, { id: c.complaintId });
        const now = this.clock.now();
        // An appeal (outcome null) uses who, why and when of it; its outcome comes with the appeal decision.
        const decision: ConsequenceDecisionRecord = { by: ctx.principal.id, byName: ctx.principal.name, outcome: outcome ?? 'uphold', reason, at: now.toISOString() };
        const stepKey = c.status === ConsequenceStatus.PENDING_APPROVAL ? c.steps[c.currentStep]?.key : undefined;
        return { scope, org, complaint, now, decision, stepKey, machine: await this.machines.of(scope.em, ctx.tenant.id) };
      },
      // The one appeal: a consequence appealed before is refused as such (it is no longer EFFECTIVE).
      machines: (c, { machine }) => [{ machine, status: c.status, illegal: (refused, status) => (refused === 'appealConsequence' && c.appeal ? new AppealAlreadyUsedError(new Date(c.appeal.at)) : new ConsequenceStatusError(refused, status as ConsequenceStatus)) }],
      snapshot: () => null,
      ...hooks,
      setStatus: (c, to, { now }) => {
        c.status = to as ConsequenceStatus;
        c.updatedAt = now;
      },
      event: (c, _moved, _before, { complaint, now, stepKey }) => [
        {
          occurredAt: now,
          type,
          subjectType: 'Complaint',
          subjectId: complaint.id,
          subjectNumber: complaint.number,
          // The person concerned is not named in the trail: their id only.
          actor: isConcerned(ctx, c) ? { id: ctx.principal.id, name: '' } : { id: ctx.principal.id, name: ctx.principal.name },
          data: { consequenceId: c.id, decisionId: c.decisionId, status: c.status, ...(outcome === 'approve' || outcome === 'reject' ? { step: stepKey ?? null, signed: !!c.steps.find((s) => s.key === stepKey)?.decisions.at(-1)?.signature } : {}) },
        },
      ],
    });
    // The view of the consequence as stored: after the write, so its version is the stored one (a next step's).
    return result instanceof Consequence ? consequenceView(result, policyOf(org), ctx.locale) : (result as R | NotFoundError | ValidationError);
  }

  /**
   * A step pending past its timeout: its approvers are reminded and their managers told; an event records
   * it (ids and step only). The consequence itself does not change.
   */
  private fireApprovalTimer(timer: Timer): Promise<Fired> {
    return onTimeout<ConsequenceStepRecord>(this.scheduler, this.notifier, timer, async ({ em, tenantId }) => {
      const c = await em.findOne(Consequence, { id: timer.subjectId });
      if (!c || c.status !== ConsequenceStatus.PENDING_APPROVAL || c.currentStep !== timer.payload?.step) return null;
      const org = await organizationOf(this.templates, em, tenantId);
      if (!org) return null;
      const complaint = await em.findOneOrFail(Complaint, { id: c.complaintId });
      return {
        overdue: { state: routeOf(c), org, department: c.department, route: c.approvalRoute, rolesOf: consequenceApprovals.rolesOf, complaint },
        notice: { ...OVERDUE, messageData: { consequenceId: toGlobalId('Consequence', c.id) }, eventData: { consequenceId: c.id } },
      };
    });
  }

  /** Where a consequence decision's signature is: in one of its steps. */
  private async signedDecision(em: EntityManager, consequenceId: string, signatureId: string): Promise<{ carries: false } | { carries: true; content: unknown } | null> {
    const c = await em.findOne(Consequence, { id: consequenceId });
    if (!c) return null;
    const found = findSigned([routeOf(c)], signatureId);
    return found ? { carries: true, content: signedContent(c, found.step, found.decision) } : { carries: false };
  }

  /** A consequence decision's signature is seen by whoever may see the consequence. */
  private async seesConsequence(ctx: Context, consequenceId: string): Promise<boolean> {
    const c = await ctx.em.findOne(Consequence, { id: consequenceId });
    if (!c) return false;
    const org = await organizationOf(this.templates, ctx.em, ctx.tenant.id);
    return canViewContent(ctx, policyOf(org)) || isConcerned(ctx, c) || isCurrentApprover(ctx, c);
  }
}

const isDepartmentHeadOf = (caller: Context, c: Consequence, org: OrganizationTemplate | undefined) => isDepartmentHead(caller, org, c);

/** The roles the consequence machine names for an action, resolved for this consequence (`$concerned`, a person, names none). */
function rolesOf(machine: StepMachine<ConsequenceTransition>, action: string, c: Consequence, org: OrganizationTemplate | undefined): string[] {
  const keys = [...new Set(machine.transitionsOf(action).flatMap((t) => t.roles))];
  return keys.flatMap((key) => {
    if (key === '$appealRoles') return policyOf(org)?.appealRoles ?? [];
    if (key === '$departmentHead') return [org?.departments.find((d) => d.key === c.department)?.headRole ?? ''].filter(Boolean);
    if (key === '$approvers') return approversOf(c);
    return key.startsWith('$') ? [] : [key];
  });
}

/** Whether the caller may take the action by the roles the machine names: the person concerned, their department's head, or a role held (an admin role grants nothing beyond them). */
function mayTake(caller: Context, machine: StepMachine<ConsequenceTransition>, action: string, c: Consequence, org: OrganizationTemplate | undefined): boolean {
  const keys = new Set(machine.transitionsOf(action).flatMap((t) => t.roles));
  if (keys.has('$concerned') && isConcerned(caller, c)) return true;
  if (keys.has('$departmentHead') && isDepartmentHead(caller, org, c)) return true;
  const others = [...keys].filter((k) => k !== '$concerned' && k !== '$departmentHead');
  const roles = others.flatMap((key) => (key === '$appealRoles' ? (policyOf(org)?.appealRoles ?? []) : key === '$approvers' ? approversOf(c) : key.startsWith('$') ? [] : [key]));
  return caller.principal.roles.some((r) => roles.includes(r));
}

const approversOf = (c: Consequence) => (c.status === ConsequenceStatus.PENDING_APPROVAL && c.steps[c.currentStep] ? consequenceApprovals.rolesOf(c.steps[c.currentStep]) : []);
