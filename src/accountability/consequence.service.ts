import type { OrganizationTemplate } from '../__generated__';
import { Complaint } from '../complaints/complaint.entity';
import { NotAllowedError } from '../complaints/stage-one.results';
import type { Database } from '../db/database';
import { appendEvent } from '../events/event-log';
import type { Clock } from '../scheduler/clock';
import type { Context } from '../server/context';
import { NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { localUuid } from '../shared/graphql/global-id';
import type { TemplateService } from '../templates/template.service';
import { canViewContent, consequenceView, isConcerned, isDepartmentHead, organizationOf } from './accountability-access';
import { policyOf } from './accountability-policy';
import type { AppealConsequenceInput, DecideAppealInput, DecideConsequenceInput } from './accountability.inputs';
import { AppealAlreadyUsedError, ConsequenceStatus, ConsequenceStatusError, type ConsequenceView } from './accountability.results';
import { Consequence, type ConsequenceDecisionRecord } from './responsibility.entity';

const MAX_REASON = 2000;

type Result = ConsequenceView | ValidationError | NotFoundError | NotAllowedError | ConsequenceStatusError | AppealAlreadyUsedError;

/** What a step does to a consequence, once the caller may take it; an error refuses it and changes nothing. */
type Step = (c: Consequence, decision: ConsequenceDecisionRecord, org: OrganizationTemplate | undefined) => ConsequenceStatusError | AppealAlreadyUsedError | NotAllowedError | null;

/**
 * Approval and the one appeal of a consequence. A consequence is personal data: a caller who may not see it
 * gets NOT_FOUND, and its events carry its id and status only (the actor of an appeal by the person concerned
 * is their principal id, the name withheld).
 */
export class ConsequenceService {
  constructor(
    private readonly db: Database,
    private readonly templates: TemplateService,
    private readonly clock: Clock,
  ) {}

  /** Approves the current step (the last one makes it EFFECTIVE) or rejects the consequence. */
  decide(ctx: Context, input: DecideConsequenceInput): Promise<Result> {
    return this.step(ctx, input.id, input.reason, input.approve ? 'approve' : 'reject', 'complaint.consequence_decided', null, (c, decision) => {
      if (c.status !== ConsequenceStatus.PENDING_APPROVAL) return new ConsequenceStatusError('decideConsequence', c.status as ConsequenceStatus);
      const step = c.steps[c.currentStep];
      const mayDecide = ctx.principal.roles.some((r) => step.roles.includes(r)) || (!!ctx.principal.level && step.levels.includes(ctx.principal.level));
      if (!mayDecide) return new NotAllowedError('decideConsequence', step.roles);
      c.steps = c.steps.map((s, i) => (i === c.currentStep ? { ...s, decision } : s));
      if (decision.outcome === 'reject') c.status = ConsequenceStatus.REJECTED;
      else if (c.currentStep + 1 >= c.steps.length) c.status = ConsequenceStatus.EFFECTIVE;
      else c.currentStep += 1;
      return null;
    });
  }

  /** The one appeal: by the person concerned, or by the head of their department on their behalf. */
  appeal(ctx: Context, input: AppealConsequenceInput): Promise<Result> {
    return this.step(ctx, input.id, input.reason, null, 'complaint.consequence_appealed', isDepartmentHead, (c, decision, org) => {
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
  decideAppeal(ctx: Context, input: DecideAppealInput): Promise<Result> {
    return this.step(ctx, input.id, input.reason, input.uphold ? 'uphold' : 'overturn', 'complaint.consequence_appeal_decided', null, (c, decision, org) => {
      if (c.status !== ConsequenceStatus.APPEALED || !c.appeal) return new ConsequenceStatusError('decideAppeal', c.status as ConsequenceStatus);
      const roles: string[] = policyOf(org)?.appealRoles ?? [];
      if (!ctx.principal.roles.some((r) => roles.includes(r))) return new NotAllowedError('decideAppeal', roles);
      c.appeal = { ...c.appeal, decision };
      c.status = decision.outcome === 'uphold' ? ConsequenceStatus.UPHELD : ConsequenceStatus.OVERTURNED;
      return null;
    });
  }

  /** Loads the consequence the caller may see, applies the step and appends its event, in one transaction. */
  private async step(
    ctx: Context,
    id: string,
    reasonText: string,
    outcome: ConsequenceDecisionRecord['outcome'] | null,
    type: string,
    alsoAllowed: ((caller: Context, org: OrganizationTemplate | undefined, c: Consequence) => boolean) | null,
    apply: Step,
  ): Promise<Result> {
    const reason = reasonText.trim();
    if (reason.length === 0 || reason.length > MAX_REASON) return new ValidationError([new ValidationProblem('/input/reason', 'LENGTH', ctx.locale === 'zh-CN' ? `须为 1 到 ${MAX_REASON} 个字符` : `must be 1 to ${MAX_REASON} characters`)], ctx.locale);
    const org = await organizationOf(this.templates, ctx.em, ctx.tenant.id);
    const localId = localUuid(id, 'Consequence');
    return this.db.write(ctx.tenant.id, async (scope): Promise<Result> => {
      const { em } = scope;
      const c = localId ? await em.findOne(Consequence, { id: localId }) : null;
      // Unseen is unknown: no hint that a consequence exists.
      if (!c || !(canViewContent(ctx, policyOf(org)) || isConcerned(ctx, c) || alsoAllowed?.(ctx, org, c))) return new NotFoundError(id);
      const complaint = await em.findOneOrFail(Complaint, { id: c.complaintId });
      const now = this.clock.now();
      // An appeal (outcome null) uses who, why and when of it; its outcome comes with the appeal decision.
      const decision: ConsequenceDecisionRecord = { by: ctx.principal.id, byName: ctx.principal.name, outcome: outcome ?? 'uphold', reason, at: now.toISOString() };
      const refused = apply(c, decision, org);
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
        data: { consequenceId: c.id, decisionId: c.decisionId, status: c.status, ...(outcome === 'approve' || outcome === 'reject' ? { step: c.steps.find((s) => s.decision?.at === decision.at)?.key ?? null } : {}) },
      });
      return consequenceView(c, policyOf(org), ctx.locale);
    });
  }
}
