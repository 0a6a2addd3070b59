import { sightOf, visibleComplaints } from '../auth';
import type { EntityManager } from '@mikro-orm/core';
import type { ComplaintTypeTemplate, InvestigationTemplate, OrganizationTemplate, WorkflowTemplate } from '../__generated__';
import { actorOf } from '../auth';
import { lookUpPrincipals } from '../auth';
import { Complaint } from '../complaints';
import { NotAllowedError } from '../shared/errors/workflow-errors';
import { baseCurrencyOf } from '../costs';
import { parseDecimal, atScale } from '../costs';
import type { Database, WriteScope } from '../db/database';
import { appendEvent } from '../db/event-log';
import { Investigation, InvestigationLink, InvestigationSection } from '../investigations';
import { PrerequisitesNotMetError } from '../investigations';
import type { Clock } from '../scheduler';
import type { Context } from '../shared/request-context';
import { ConflictError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { localUuid } from '../shared/graphql/global-id';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import type { Locale } from '../shared/i18n/locale';
import { categoryPath } from '../templates';
import type { TemplateReader } from '../shared/template-reader';
import type { CostService } from '../costs';
import { type AccountabilityFacts, policyOf, proposeConsequences, sharePercent } from './accountability-policy';
import { organizationOf, responsibilityView } from './accountability-access';
import type { DecideResponsibilityInput, ResponsiblePartyInput, ReviseResponsibilityInput } from './accountability.inputs';
import { AlreadyDecidedError, ConsequenceStatus, type LateHolder, type ResponsibilityDecisionView } from './accountability.results';
import type { ConsequenceService } from './consequence.service';
import { LateHolding } from './late-holding.entity';
import { Consequence, ResponsibilityDecision, type ResponsiblePartyRecord } from './responsibility.entity';

const MAX_PARTIES = 20;
const MAX_EVIDENCE = 4000;
const MAX_REASON = 2000;
/** 100 % in hundredths of a percent. */
const WHOLE = 10000;
/** Consequences that count as a repeat offence on a later complaint. */
const COUNTING = [ConsequenceStatus.PENDING_APPROVAL, ConsequenceStatus.EFFECTIVE, ConsequenceStatus.APPEALED, ConsequenceStatus.UPHELD];

type DecideResult = ResponsibilityDecisionView | ValidationError | NotFoundError | NotAllowedError | PrerequisitesNotMetError | AlreadyDecidedError;
type ReviseResult = ResponsibilityDecisionView | ValidationError | NotFoundError | NotAllowedError | ConflictError;

const say = (locale: Locale, zh: string, en: string) => (locale === 'zh-CN' ? zh : en);

/** A decision's parties as events carry them: no people, only how many. */
const partiesSummary = (parties: ResponsiblePartyRecord[]) => parties.map((p) => ({ department: p.department, kind: p.kind, share: String(sharePercent(p.shareBp)), people: p.people.length }));

/**
 * Responsibility for a complaint's cause and the consequences the organization's accountability policy
 * proposes (issue #10). A decision and its consequences are written in one transaction with one event each;
 * the events carry departments, shares, ids and statuses, never people, evidence or amounts.
 */
export class ResponsibilityService {
  constructor(
    private readonly db: Database,
    private readonly templates: TemplateReader,
    private readonly schemas: SchemaCompiler,
    private readonly clock: Clock,
    private readonly consequences: ConsequenceService,
    private readonly costs: CostService,
  ) {}

  /** The complaint's decision as the caller may see it, or null when none was made. */
  async ofComplaint(ctx: Context, complaint: Complaint): Promise<ResponsibilityDecisionView | null> {
    const decision = await ctx.em.findOne(ResponsibilityDecision, { complaintId: complaint.id });
    if (!decision) return null;
    const [org, consequences] = await Promise.all([organizationOf(this.templates, ctx.em, ctx.tenant.id), ctx.em.find(Consequence, { decisionId: decision.id }, { orderBy: { createdAt: 'asc', partyIndex: 'asc', id: 'asc' } })]);
    return responsibilityView(decision, consequences, policyOf(org), ctx, ctx.locale);
  }

  /** Who held the complaint while late, oldest first. */
  async lateHolders(ctx: Context, complaint: Complaint): Promise<LateHolder[]> {
    const rows = await ctx.em.find(LateHolding, { subjectId: complaint.id }, { orderBy: { since: 'asc', id: 'asc' } });
    return rows.map((h) => ({ stage: h.stage, clock: h.clockName, holderKind: h.holderKind, holderId: h.holderId, holderName: h.holderName, holderRoles: h.holderRoles, from: h.since, to: h.until }));
  }

  async decide(ctx: Context, input: DecideResponsibilityInput): Promise<DecideResult> {
    const org = await organizationOf(this.templates, ctx.em, ctx.tenant.id);
    const complaintId = localUuid(input.complaintId, 'Complaint');
    const complaint = complaintId && (await ctx.em.findOne(Complaint, { $and: [{ id: complaintId }, visibleComplaints(ctx.em, await sightOf(this.templates, ctx.em, ctx, this.db.dialect))] }));
    if (!complaint) return new NotFoundError(input.complaintId);
    const refused = this.authorize(ctx, org, 'decideResponsibility');
    if (refused) return refused;
    const parsed = await this.parse(ctx, org, input);
    if (parsed instanceof ValidationError) return parsed;
    let investigationId: string | null = null;
    if (input.investigationId !== null && input.investigationId !== undefined) {
      investigationId = localUuid(input.investigationId, 'Investigation');
      const link = investigationId && (await ctx.em.findOne(InvestigationLink, { investigationId, complaintId: complaint.id, unlinkedAt: null }));
      const inv = link && (await ctx.em.findOne(Investigation, { id: link.investigationId }));
      if (!inv) return new NotFoundError(input.investigationId);
      const template = await this.templates.templateVersion<InvestigationTemplate>(ctx.em, ctx.tenant.id, 'investigation', inv.templateKey, inv.templateVersion);
      const rootCause = template?.rootCauseSection ?? '';
      const signed = await ctx.em.findOne(InvestigationSection, { investigationId: inv.id, key: rootCause, status: 'SIGNED_OFF' });
      if (!signed) return new PrerequisitesNotMetError('responsibility', [rootCause]);
    } else {
      const workflow = await this.templates.templateVersion<WorkflowTemplate>(ctx.em, ctx.tenant.id, 'workflow', complaint.workflowKey, complaint.workflowVersion);
      if (workflow?.states.find((s) => s.key === complaint.status)?.category !== 'closed') return new PrerequisitesNotMetError('responsibility', ['stage-one-close']);
    }
    const facts = await this.baseFacts(ctx, complaint, org);
    return this.db.write(ctx.tenant.id, async (scope): Promise<DecideResult> => {
      const { em, tenantId } = scope;
      if (await em.findOne(ResponsibilityDecision, { complaintId: complaint.id })) return new AlreadyDecidedError();
      const now = this.clock.now();
      const decision = em.create(ResponsibilityDecision, {
        tenantId,
        complaintId: complaint.id,
        basis: investigationId ? 'root-cause' : 'stage-one-close',
        investigationId,
        parties: parsed.parties,
        evidence: parsed.evidence,
        decidedBy: ctx.principal.id,
        decidedByName: ctx.principal.name,
        decidedAt: now,
      });
      const consequences = await this.propose(scope, org, decision, facts, now);
      await appendEvent(scope, {
        occurredAt: now,
        type: 'complaint.responsibility_decided',
        subjectType: 'Complaint',
        subjectId: complaint.id,
        subjectNumber: complaint.number,
        actor: actorOf(ctx),
        data: { decisionId: decision.id, basis: decision.basis, investigationId, revision: 1, parties: partiesSummary(decision.parties), consequences: consequences.map((c) => ({ id: c.id, status: c.status })) },
      });
      return responsibilityView(decision, consequences, policyOf(org), ctx, ctx.locale);
    });
  }

  async revise(ctx: Context, input: ReviseResponsibilityInput): Promise<ReviseResult> {
    const org = await organizationOf(this.templates, ctx.em, ctx.tenant.id);
    const complaintId = localUuid(input.complaintId, 'Complaint');
    const complaint = complaintId && (await ctx.em.findOne(Complaint, { $and: [{ id: complaintId }, visibleComplaints(ctx.em, await sightOf(this.templates, ctx.em, ctx, this.db.dialect))] }));
    if (!complaint) return new NotFoundError(input.complaintId);
    const refused = this.authorize(ctx, org, 'reviseResponsibility');
    if (refused) return refused;
    const reason = input.reason.trim();
    const parsed = await this.parse(ctx, org, input, reason.length === 0 || reason.length > MAX_REASON ? [new ValidationProblem('/input/reason', 'LENGTH', say(ctx.locale, `须为 1 到 ${MAX_REASON} 个字符`, `must be 1 to ${MAX_REASON} characters`))] : []);
    if (parsed instanceof ValidationError) return parsed;
    const facts = await this.baseFacts(ctx, complaint, org);
    try {
      return await this.db.write(ctx.tenant.id, async (scope): Promise<ReviseResult> => {
        const { em } = scope;
        const decision = await em.findOne(ResponsibilityDecision, { complaintId: complaint.id });
        if (!decision) return new NotFoundError(input.complaintId);
        if (decision.version !== input.version) return new ConflictError(input.version, decision.version);
        const now = this.clock.now();
        const before = { revision: decision.revision, parties: partiesSummary(decision.parties) };
        decision.history = [...decision.history, { revision: decision.revision, parties: decision.parties, evidence: decision.evidence, decidedBy: decision.decidedBy, decidedByName: decision.decidedByName, decidedAt: decision.decidedAt.toISOString(), revisedBecause: reason }];
        Object.assign(decision, { parties: parsed.parties, evidence: parsed.evidence, decidedBy: ctx.principal.id, decidedByName: ctx.principal.name, decidedAt: now, revision: decision.revision + 1, revisionReason: reason });
        // The earlier revision's consequences no longer stand, whatever their status: the new parties get new ones.
        const earlier = await em.find(Consequence, { decisionId: decision.id, status: { $ne: ConsequenceStatus.SUPERSEDED } });
        for (const c of earlier) {
          const waited = c.status === ConsequenceStatus.PENDING_APPROVAL;
          Object.assign(c, { status: ConsequenceStatus.SUPERSEDED, updatedAt: now });
          // A superseded consequence waits on nobody: its step's reminder goes.
          if (waited && org) await this.consequences.planStep(em, scope.tenantId, c, org, now);
        }
        const proposed = await this.propose(scope, org, decision, facts, now);
        await em.flush();
        await appendEvent(scope, {
          occurredAt: now,
          type: 'complaint.responsibility_revised',
          subjectType: 'Complaint',
          subjectId: complaint.id,
          subjectNumber: complaint.number,
          actor: actorOf(ctx),
          reason,
          data: {
            decisionId: decision.id,
            before,
            after: { revision: decision.revision, parties: partiesSummary(decision.parties) },
            superseded: earlier.map((c) => c.id),
            consequences: proposed.map((c) => ({ id: c.id, status: c.status })),
          },
        });
        const all = await em.find(Consequence, { decisionId: decision.id }, { orderBy: { createdAt: 'asc', partyIndex: 'asc', id: 'asc' } });
        return responsibilityView(decision, all, policyOf(org), ctx, ctx.locale);
      });
    } catch (e) {
      // A concurrent revision bumped the version between the check and the commit.
      if ((e as { name?: string }).name === 'OptimisticLockError') return new ConflictError(input.version, input.version + 1);
      throw e;
    }
  }

  /** Deciding needs one of the policy's decideRoles (admin when the organization has no policy). */
  private authorize(ctx: Context, org: OrganizationTemplate | undefined, action: string): NotAllowedError | null {
    const roles = policyOf(org)?.decideRoles ?? ['admin'];
    return ctx.principal.roles.some((r) => roles.includes(r)) ? null : new NotAllowedError(action, roles);
  }

  /** Validates parties and evidence; every problem is listed with its JSON pointer. */
  private async parse(
    ctx: Context,
    org: OrganizationTemplate | undefined,
    input: { parties: ResponsiblePartyInput[]; evidence: string },
    problems: ValidationProblem[] = [],
  ): Promise<{ parties: ResponsiblePartyRecord[]; evidence: string } | ValidationError> {
    const problem = (path: string, code: string, zh: string, en: string) => problems.push(new ValidationProblem(path, code, say(ctx.locale, zh, en)));
    const evidence = input.evidence.trim();
    if (evidence.length === 0 || evidence.length > MAX_EVIDENCE) problem('/input/evidence', 'LENGTH', `须为 1 到 ${MAX_EVIDENCE} 个字符`, `must be 1 to ${MAX_EVIDENCE} characters`);
    if (input.parties.length === 0 || input.parties.length > MAX_PARTIES) problem('/input/parties', 'COUNT', `须有 1 到 ${MAX_PARTIES} 个责任方`, `must name 1 to ${MAX_PARTIES} parties`);
    const departments = new Set((org?.departments ?? []).map((d) => d.key));
    // People are users of the tenant (disabled ones too: someone who has left can still have been responsible).
    const found = await lookUpPrincipals(ctx.em, ctx.tenant.id, input.parties.flatMap((p) => p.people));
    const seen = new Set<string>();
    let total = 0;
    let sharesValid = true;
    const parties = input.parties.map((p, i): ResponsiblePartyRecord => {
      const path = `/input/parties/${i}`;
      if (!departments.has(p.department)) problem(`${path}/department`, 'UNKNOWN_DEPARTMENT', `组织模板中没有部门 ${JSON.stringify(p.department)}`, `no department ${JSON.stringify(p.department)} in the organization template`);
      else if (seen.has(p.department)) problem(`${path}/department`, 'DUPLICATE', '同一部门只能出现一次', 'each department may appear once');
      seen.add(p.department);
      const people = p.people.map((id, j) => {
        const user = found.get(id);
        if (user?.kind !== 'user') problem(`${path}/people/${j}`, 'UNKNOWN_USER', `没有用户 ${id}`, `no user ${id}`);
        return user?.kind === 'user' ? { userId: user.uuid, name: user.name } : { userId: '', name: '' };
      });
      if (new Set(people.map((x) => x.userId)).size !== people.length) problem(`${path}/people`, 'DUPLICATE', '同一人只能出现一次', 'each person may appear once');
      const share = parseDecimal(p.share, 2);
      let shareBp = 0;
      if ('problem' in share) problem(`${path}/share`, share.problem, '须为最多两位小数的百分数，如 60 或 33.33', 'must be a percentage with at most 2 decimals, e.g. 60 or 33.33');
      else if ((shareBp = Number(atScale(share, 2))) <= 0 || shareBp > WHOLE) problem(`${path}/share`, 'RANGE', '须大于 0 且不超过 100', 'must be greater than 0 and at most 100');
      if ('problem' in share || shareBp <= 0 || shareBp > WHOLE) sharesValid = false;
      total += shareBp;
      return { department: p.department, people, kind: p.kind, shareBp };
    });
    if (sharesValid && input.parties.length && total !== WHOLE) problem('/input/parties', 'SHARE_TOTAL', `各方比例之和须恰为 100，现为 ${sharePercent(total)}`, `the shares must sum to exactly 100, not ${sharePercent(total)}`);
    if (problems.length) return new ValidationError(problems, ctx.locale);
    return { parties, evidence };
  }

  /** The facts every party shares: the complaint's classification and its cost total. */
  private async baseFacts(ctx: Context, complaint: Complaint, org: OrganizationTemplate | undefined): Promise<Omit<AccountabilityFacts, 'target' | 'department' | 'kind' | 'share' | 'repeatCount'>> {
    const type = await this.templates.templateVersion<ComplaintTypeTemplate>(ctx.em, ctx.tenant.id, 'complaint-type', complaint.typeKey, complaint.templateVersion);
    const costs = await this.costs.ofComplaint(ctx, complaint, false);
    return {
      typeKey: complaint.typeKey,
      severity: complaint.severity,
      category: complaint.category,
      categoryPath: type ? categoryPath(type.categories, complaint.category) : [],
      complaintDepartment: complaint.department,
      costTotal: Number(costs.baseTotal.amount),
      currency: baseCurrencyOf(org),
    };
  }

  /** Stores the consequences the policy proposes for the decision's parties (none without a policy). */
  private async propose(scope: WriteScope, org: OrganizationTemplate | undefined, decision: ResponsibilityDecision, base: Awaited<ReturnType<ResponsibilityService['baseFacts']>>, now: Date): Promise<Consequence[]> {
    const policy = policyOf(org);
    if (!policy) return [];
    const { em, tenantId } = scope;
    const targetKey = (party: ResponsiblePartyRecord, person: { userId: string } | null) => (person ? `user:${person.userId}` : `department:${party.department}`);
    const keys = [...new Set(decision.parties.flatMap((p) => [targetKey(p, null), ...p.people.map((x) => targetKey(p, x))]))];
    const repeats = await this.repeatCounts(em, decision.complaintId, keys);
    const proposed = proposeConsequences(this.schemas, policy, decision.parties, (party, target, person) => ({
      ...base,
      target,
      department: party.department,
      kind: party.kind,
      share: sharePercent(party.shareBp),
      repeatCount: repeats.get(targetKey(party, person)) ?? 0,
    }));
    const out: Consequence[] = [];
    for (const [i, p] of proposed.entries()) {
      const party = decision.parties[p.partyIndex];
      const approval = await this.consequences.approvalFor(em, tenantId, org!, p, party.department);
      const c = em.create(Consequence, {
        tenantId,
        complaintId: decision.complaintId,
        decisionId: decision.id,
        decisionRevision: decision.revision,
        partyIndex: p.partyIndex,
        department: party.department,
        userId: p.person?.userId ?? null,
        personName: p.person?.name ?? null,
        targetKey: targetKey(party, p.person),
        ruleKey: p.ruleKey,
        kind: p.kind.key,
        unit: p.kind.unit,
        amount: p.amount,
        shareBp: party.shareBp,
        status: approval?.steps.length ? ConsequenceStatus.PENDING_APPROVAL : ConsequenceStatus.EFFECTIVE,
        approvalRoute: approval?.route ?? null,
        approvalRouteVersion: approval?.version ?? null,
        steps: approval?.steps ?? [],
        // Proposed together: a millisecond apart keeps them in proposal order.
        createdAt: new Date(now.getTime() + i),
        updatedAt: now,
      });
      if (c.status === ConsequenceStatus.PENDING_APPROVAL) await this.consequences.planStep(em, tenantId, c, org!, now);
      out.push(c);
    }
    return out;
  }

  /** Consequences standing against each target on other complaints. */
  private async repeatCounts(em: EntityManager, complaintId: string, keys: string[]): Promise<Map<string, number>> {
    const rows = await em.find(Consequence, { targetKey: { $in: keys }, complaintId: { $ne: complaintId }, status: { $in: COUNTING } }, { fields: ['targetKey', 'complaintId'] });
    const complaints = new Map<string, Set<string>>();
    for (const r of rows) complaints.set(r.targetKey, (complaints.get(r.targetKey) ?? new Set()).add(r.complaintId));
    // Counted by complaint: several consequences of one earlier complaint are one offence.
    return new Map([...complaints].map(([k, v]) => [k, v.size]));
  }
}
