import type { EntityManager } from '@mikro-orm/core';
import type { OrganizationTemplate } from '../__generated__';
import { alreadyDecided, approvalsNeeded, decide, findSigned, onTimeout, type OverdueNotice, plan, routeTemplate, signDecision, turnOf, waitOn } from '../approvals';
import { calendarOf } from '../calendar';
import { Complaint } from '../complaints';
import { NotAllowedError } from '../shared/errors/workflow-errors';
import type { Database, WriteScope } from '../db/database';
import { appendEvent } from '../db/event-log';
import type { Notifier } from '../notifications';
import type { Clock } from '../scheduler';
import { cancelTimers, type Fired, type Scheduler } from '../scheduler';
import type { Timer } from '../scheduler';
import type { Context } from '../shared/request-context';
import { NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { localUuid, toGlobalId } from '../shared/graphql/global-id';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { SignatureError } from '../signatures';
import { type SignatureService, unsigned } from '../signatures';
import { approverRolesFor } from '../shared/org-roles';
import type { TemplateService } from '../templates';
import { canViewContent, consequenceView, isConcerned, isCurrentApprover, isDepartmentHead, organizationOf } from './accountability-access';
import { consequenceFacts, policyOf, type ProposedConsequence } from './accountability-policy';
import type { AppealConsequenceInput, DecideAppealInput, DecideConsequenceInput } from './accountability.inputs';
import { AppealAlreadyUsedError, ConsequenceStatus, ConsequenceStatusError, type ConsequenceView } from './accountability.results';
import { consequenceApprovals, routeOf } from './consequence-approval';
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

/** What a step does to a consequence, once the caller may see it; a refusal changes nothing. */
type Step<R> = (c: Consequence, decision: ConsequenceDecisionRecord, org: OrganizationTemplate | undefined, scope: WriteScope) => Promise<R | null> | R | null;

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
  constructor(
    private readonly db: Database,
    private readonly templates: TemplateService,
    private readonly schemas: SchemaCompiler,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly notifier: Notifier,
    private readonly signatures: SignatureService,
  ) {
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
    return this.step<Refusal | SignatureError>(ctx, input.id, input.reason, input.approve ? 'approve' : 'reject', 'complaint.consequence_decided', isCurrentApprover, async (c, decision, org, scope) => {
      if (c.status !== ConsequenceStatus.PENDING_APPROVAL) return new ConsequenceStatusError('decideConsequence', c.status as ConsequenceStatus);
      const route = routeOf(c);
      const turn = turnOf(ctx, route, consequenceApprovals);
      if (!turn?.approver) return new NotAllowedError('decideConsequence', turn?.roles ?? []);
      const { step } = turn;
      if (turn.decided) return new ValidationError([alreadyDecided('/input/id')], ctx.locale);
      const refused = this.signatures.check(step.signature, signer);
      if (refused) return refused;
      const needed = await approvalsNeeded(scope.em, scope.tenantId, step, turn.roles);
      const target = { recordType: 'ConsequenceDecision' as const, recordId: c.id, content: signedContent(c, step, decision) };
      const decided = decide(route, signDecision(this.signatures, scope.em, scope.tenantId, signer, target, decision, new Date(decision.at)), needed, consequenceApprovals);
      c.steps = decided.state.steps;
      if (decided.outcome === 'rejected') c.status = ConsequenceStatus.REJECTED;
      else if (decided.outcome === 'approved') c.status = ConsequenceStatus.EFFECTIVE;
      else if (decided.outcome === 'step-passed') c.currentStep = decided.state.current;
      if (org && (c.status !== ConsequenceStatus.PENDING_APPROVAL || c.steps[c.currentStep].key !== step.key)) await this.planStep(scope.em, scope.tenantId, c, org, new Date(decision.at));
      return null;
    });
  }

  /** The one appeal: by the person concerned, or by the head of their department on their behalf. */
  appeal(ctx: Context, input: AppealConsequenceInput): Promise<Result<Refusal | AppealAlreadyUsedError>> {
    return this.step<Refusal | AppealAlreadyUsedError>(ctx, input.id, input.reason, null, 'complaint.consequence_appealed', isDepartmentHeadOf, (c, decision, org) => {
      if (c.appeal) return new AppealAlreadyUsedError(new Date(c.appeal.at));
      if (c.status !== ConsequenceStatus.EFFECTIVE) return new ConsequenceStatusError('appealConsequence', c.status as ConsequenceStatus);
      const concerned = isConcerned(ctx, c);
      if (!concerned && !isDepartmentHead(ctx, org, c)) return new NotAllowedError('appealConsequence', [org?.departments.find((d) => d.key === c.department)?.headRole ?? ''].filter(Boolean));
      c.appeal = { by: decision.by, byName: decision.byName, onBehalf: !concerned, reason: decision.reason, at: decision.at, decision: null };
      c.status = ConsequenceStatus.APPEALED;
      return null;
    });
  }

  /** Upholds or overturns an appealed consequence: by the policy's appealRoles. */
  decideAppeal(ctx: Context, input: DecideAppealInput): Promise<Result<Refusal>> {
    return this.step<Refusal>(ctx, input.id, input.reason, input.uphold ? 'uphold' : 'overturn', 'complaint.consequence_appeal_decided', null, (c, decision, org) => {
      if (c.status !== ConsequenceStatus.APPEALED || !c.appeal) return new ConsequenceStatusError('decideAppeal', c.status as ConsequenceStatus);
      const roles: string[] = policyOf(org)?.appealRoles ?? [];
      if (!ctx.principal.roles.some((r) => roles.includes(r))) return new NotAllowedError('decideAppeal', roles);
      c.appeal = { ...c.appeal, decision };
      c.status = decision.outcome === 'uphold' ? ConsequenceStatus.UPHELD : ConsequenceStatus.OVERTURNED;
      return null;
    });
  }

  /** Loads the consequence the caller may see, applies the step and appends its event, in one transaction. */
  private async step<R>(
    ctx: Context,
    id: string,
    reasonText: string,
    outcome: ConsequenceDecisionRecord['outcome'] | null,
    type: string,
    alsoAllowed: ((caller: Context, c: Consequence, org: OrganizationTemplate | undefined) => boolean) | null,
    apply: Step<R>,
  ): Promise<Result<R>> {
    const reason = reasonText.trim();
    if (reason.length === 0 || reason.length > MAX_REASON) return new ValidationError([new ValidationProblem('/input/reason', 'LENGTH', ctx.locale === 'zh-CN' ? `须为 1 到 ${MAX_REASON} 个字符` : `must be 1 to ${MAX_REASON} characters`)], ctx.locale);
    const org = await organizationOf(this.templates, ctx.em, ctx.tenant.id);
    const localId = localUuid(id, 'Consequence');
    return this.db.write(ctx.tenant.id, async (scope): Promise<Result<R>> => {
      const { em } = scope;
      const c = localId ? await em.findOne(Consequence, { id: localId }) : null;
      // Unseen is unknown: no hint that a consequence exists.
      if (!c || !(canViewContent(ctx, policyOf(org)) || isConcerned(ctx, c) || alsoAllowed?.(ctx, c, org))) return new NotFoundError(id);
      const complaint = await em.findOneOrFail(Complaint, { id: c.complaintId });
      const now = this.clock.now();
      const step = c.status === ConsequenceStatus.PENDING_APPROVAL ? c.steps[c.currentStep]?.key : undefined;
      // An appeal (outcome null) uses who, why and when of it; its outcome comes with the appeal decision.
      const decision: ConsequenceDecisionRecord = { by: ctx.principal.id, byName: ctx.principal.name, outcome: outcome ?? 'uphold', reason, at: now.toISOString() };
      const refused = await apply(c, decision, org, scope);
      if (refused) return refused;
      c.updatedAt = now;
      await appendEvent(scope, {
        occurredAt: now,
        type,
        subjectType: 'Complaint',
        subjectId: complaint.id,
        subjectNumber: complaint.number,
        // The person concerned is not named in the trail: their id only.
        actor: isConcerned(ctx, c) ? { id: ctx.principal.id, name: '' } : { id: ctx.principal.id, name: ctx.principal.name },
        data: { consequenceId: c.id, decisionId: c.decisionId, status: c.status, ...(outcome === 'approve' || outcome === 'reject' ? { step: step ?? null, signed: !!c.steps.find((s) => s.key === step)?.decisions.at(-1)?.signature } : {}) },
      });
      return consequenceView(c, policyOf(org), ctx.locale);
    });
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
