import { seesSubject, sightOf, visibleSubjects } from '../auth';
import { OptimisticLockError, raw, type FilterQuery } from '@mikro-orm/core';
import type { ComplaintTypeTemplate, OrganizationTemplate } from '../__generated__';
import { actorOf } from '../auth';
import { Complaint } from '../complaints';
import { NotAllowedError } from '../shared/errors/workflow-errors';
import type { Database } from '../db/database';
import { appendEvent } from '../db/event-log';
import { Investigation } from '../investigations';
import type { Clock } from '../scheduler';
import type { Context } from '../shared/request-context';
import { ConflictError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { publicError } from '../shared/errors/public-error';
import { cursorPage, mapConnection, type Connection } from '../shared/graphql/connection';
import { fromGlobalId, localUuid } from '../shared/graphql/global-id';
import type { TemplateReader } from '../shared/template-reader';
import { intakeText } from '../templates';
import type { StageOneService } from '../complaints';
import type { InvestigationService } from '../investigations';
import { ClosingEvaluation, type EvaluationSubjectType } from './closing-evaluation.entity';
import type { LessonFilter, RecordClosingEvaluationInput } from './closing-evaluation.inputs';
import { ClosingEvaluationView } from './closing-evaluation.results';
import { preventionKindsOf } from './prevention-kinds';

const ACTION = 'recordClosingEvaluation';
const MAX_TEXT = 10_000;
const MAX_ACTION = 2_000;
const MAX_PREVENTION = 20;
const MAX_QUERY = 200;
const ADMIN = 'admin';
/** Investigation states at or after closure: its effectiveness check, closed. */
const INVESTIGATION_CLOSING = ['EFFECTIVENESS_CHECK', 'CLOSED'];

type RecordResult = ClosingEvaluationView | ValidationError | NotFoundError | ConflictError | NotAllowedError;

/** One form for searching and storing: Unicode-compatible forms folded (全角 ABC = ABC), then lower case. */
export const searchForm = (text: string): string => text.normalize('NFKC').toLowerCase();

const problem = (path: string, code: string, message: string) => new ValidationProblem(path, code, message);

/** What an evaluation looks like in its events. */
const snapshot = (e: ClosingEvaluation) => ({ wentWell: e.wentWell, wentWrong: e.wentWrong, lessonsLearned: e.lessonsLearned, prevention: e.prevention, trainingExample: e.trainingExample, version: e.version });

/**
 * Closing evaluations (总结评价) of complaints and investigations, and the search for lessons across
 * complaints. Recorded at the close: a complaint at its closing step (a transition from its status enters a
 * closed state) or closed, an investigation at its effectiveness check or closed; edited while so, each
 * version an event with before and after.
 */
export class ClosingEvaluationService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly templates: TemplateReader,
    private readonly stageOne: Pick<StageOneService, 'closingStep'>,
    private readonly investigations: Pick<InvestigationService, 'closingRoles'>,
  ) {}

  async record(ctx: Context, input: RecordClosingEvaluationInput): Promise<RecordResult> {
    const subject = fromGlobalId(input.subjectId);
    const subjectType = subject?.type === 'Complaint' || subject?.type === 'Investigation' ? (subject.type as EvaluationSubjectType) : null;
    const subjectId = subjectType ? localUuid(input.subjectId, subjectType) : null;
    if (!subjectType || !subjectId) return new NotFoundError(input.subjectId);
    const sight = await sightOf(this.templates, ctx.em, ctx, this.db.dialect);
    const problems = this.textProblems(input);
    if (problems.length) return new ValidationError(problems, ctx.locale);
    try {
      return await this.db.write(ctx.tenant.id, async (scope) => {
        const { em } = scope;
        const owner = subjectType === 'Complaint' ? await em.findOne(Complaint, { id: subjectId }) : await em.findOne(Investigation, { id: subjectId });
        if (!owner || !(await seesSubject(em, sight, { subjectType, subjectId }))) return new NotFoundError(input.subjectId);
        const org = (await this.templates.latestTemplate<OrganizationTemplate>(em, ctx.tenant.id, 'organization', 'default'))?.content;
        const kinds = preventionKindsOf(org);
        const known = new Set(kinds.map((k) => k.key));
        const kindProblems = input.prevention.flatMap((p, i) => (known.has(p.kind) ? [] : [problem(`/prevention/${i}/kind`, 'UNKNOWN_PREVENTION_KIND', `${p.kind} is not a prevention kind of the organization template`)]));
        if (kindProblems.length) return new ValidationError(kindProblems, ctx.locale);

        let product: string | null;
        let category: string | null;
        let number: string;
        if (owner instanceof Complaint) {
          const step = await this.stageOne.closingStep(em, ctx.tenant.id, owner);
          if (!this.holds(ctx, step.roles)) return new NotAllowedError(ACTION, step.roles);
          if (!step.atClosing) return new ValidationError([problem('/subjectId', 'NOT_AT_CLOSE', `complaint ${owner.number} is ${owner.status}: evaluate it at its closing step or once closed`)], ctx.locale);
          // The part number where the complaint's pinned type keeps it (its intakeFields).
          const type = await this.templates.templateVersion<ComplaintTypeTemplate>(em, ctx.tenant.id, 'complaint-type', owner.typeKey, owner.templateVersion);
          product = intakeText(type, owner.data, 'partNumber')?.slice(0, 200) ?? null;
          category = owner.category;
          number = owner.number;
        } else {
          const roles = await this.investigations.closingRoles(em, ctx.tenant.id, owner);
          if (!this.holds(ctx, roles) && ctx.principal.id !== owner.leaderId) return new NotAllowedError(ACTION, roles);
          if (!INVESTIGATION_CLOSING.includes(owner.status)) return new ValidationError([problem('/subjectId', 'NOT_AT_CLOSE', `investigation ${owner.number} is ${owner.status}: evaluate it at its effectiveness check or once closed`)], ctx.locale);
          product = owner.partNumber;
          category = owner.category;
          number = owner.number;
        }

        const now = this.clock.now();
        const existing = await em.findOne(ClosingEvaluation, { subjectType, subjectId });
        if (existing ? input.version !== existing.version : input.version != null) return new ConflictError(input.version ?? 0, existing?.version ?? 0);
        const before = existing ? snapshot(existing) : null;
        const fields = {
          wentWell: input.wentWell.trim(),
          wentWrong: input.wentWrong.trim(),
          lessonsLearned: input.lessonsLearned.trim(),
          prevention: input.prevention.map((p) => ({ kind: p.kind, action: p.action.trim() })),
          trainingExample: input.trainingExample,
          product,
          category,
          updatedAt: now,
          updatedBy: ctx.principal.id,
        };
        const derived = {
          preventionKinds: `|${[...new Set(fields.prevention.map((p) => p.kind))].join('|')}|`,
          searchText: searchForm([fields.wentWell, fields.wentWrong, fields.lessonsLearned, ...fields.prevention.map((p) => p.action)].join('\n')),
        };
        const evaluation = existing
          ? Object.assign(existing, fields, derived)
          : em.create(ClosingEvaluation, { tenant: em.getReference('Tenant', ctx.tenant.id) as never, subjectType, subjectId, ...fields, ...derived, createdAt: now, createdBy: ctx.principal.id });
        await em.flush();
        await appendEvent(scope, {
          type: existing ? 'closing_evaluation.updated' : 'closing_evaluation.recorded',
          subjectType,
          subjectId,
          subjectNumber: number,
          actor: actorOf(ctx),
          data: { evaluationId: evaluation.id, before, after: snapshot(evaluation) },
          occurredAt: now,
        });
        return ClosingEvaluationView.of(evaluation, new Map(kinds.map((k) => [k.key, k.title])), ctx.locale);
      });
    } catch (error) {
      if (!(error instanceof OptimisticLockError)) throw error;
      const current = await ctx.em.fork().findOne(ClosingEvaluation, { subjectType, subjectId });
      return new ConflictError(input.version ?? 0, current?.version ?? 0);
    }
  }

  /**
   * Lessons across the tenant's complaints and investigations, newest change first. The one place that
   * decides which evaluations a caller finds (a visibility rule joins here).
   */
  async search(ctx: Context, filter: LessonFilter | null | undefined, args: { first: number; after?: string | null }): Promise<Connection<ClosingEvaluationView>> {
    const text = filter?.text != null ? searchForm(filter.text.trim()) : null;
    if (text !== null && (!text.length || text.length > MAX_QUERY)) throw publicError('BAD_USER_INPUT', `filter.text must have 1 to ${MAX_QUERY} characters`, { argumentName: 'filter' });
    const visible = visibleSubjects<ClosingEvaluation>(ctx.em, await sightOf(this.templates, ctx.em, ctx, this.db.dialect));
    // Built afresh for the page and for the count: a raw fragment serves one query.
    const where = (): FilterQuery<ClosingEvaluation> => {
      const all: FilterQuery<ClosingEvaluation>[] = [];
      if (text !== null) all.push(this.contains('search_text', text));
      if (filter?.product != null) all.push({ product: filter.product });
      if (filter?.category != null) all.push({ category: filter.category });
      if (filter?.preventionKind != null) all.push(this.contains('prevention_kinds', `|${filter.preventionKind}|`));
      if (filter?.trainingExample != null) all.push({ trainingExample: filter.trainingExample });
      return { $and: [...all, visible] };
    };
    const page = await cursorPage(ctx.em, ClosingEvaluation, where, args, { updatedAt: 'desc', id: 'desc' });
    // The page's complaints and investigations in two queries; their field resolvers then find them in the identity map.
    const ids = (type: EvaluationSubjectType) => page.edges.filter((e) => e.node.subjectType === type).map((e) => e.node.subjectId);
    if (ids('Complaint').length) await ctx.em.find(Complaint, { id: { $in: ids('Complaint') } });
    if (ids('Investigation').length) await ctx.em.find(Investigation, { id: { $in: ids('Investigation') } });
    const org = (await this.templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default'))?.content;
    const titles = new Map(preventionKindsOf(org).map((k) => [k.key, k.title]));
    return mapConnection(page, (node) => ClosingEvaluationView.of(node, titles, ctx.locale));
  }

  /** The evaluation of a complaint or an investigation, if recorded. */
  async of(ctx: Context, subjectType: EvaluationSubjectType, subjectId: string): Promise<ClosingEvaluationView | null> {
    const found = await ctx.em.findOne(ClosingEvaluation, { subjectType, subjectId });
    if (!found) return null;
    const org = (await this.templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default'))?.content;
    return ClosingEvaluationView.of(found, new Map(preventionKindsOf(org).map((k) => [k.key, k.title])), ctx.locale);
  }

  /** A substring test with the value bound (no LIKE wildcards to escape): instr on SQLite, strpos on PostgreSQL. */
  private contains(column: string, value: string): FilterQuery<ClosingEvaluation> {
    const fn = this.db.dialect === 'postgresql' ? 'strpos' : 'instr';
    return { [raw((alias) => `${fn}(${alias}.${column}, ?)`, [value])]: { $gt: 0 } } as FilterQuery<ClosingEvaluation>;
  }

  private textProblems(input: RecordClosingEvaluationInput): ValidationProblem[] {
    const found: ValidationProblem[] = [];
    for (const field of ['wentWell', 'wentWrong', 'lessonsLearned'] as const) {
      if (input[field].length > MAX_TEXT) found.push(problem(`/${field}`, 'MAX_LENGTH', `At most ${MAX_TEXT} characters`));
    }
    if (!input.lessonsLearned.trim()) found.push(problem('/lessonsLearned', 'REQUIRED', 'Say what was learned'));
    if (input.prevention.length > MAX_PREVENTION) found.push(problem('/prevention', 'MAX_ITEMS', `At most ${MAX_PREVENTION} actions`));
    input.prevention.forEach((p, i) => {
      if (!p.action.trim() || p.action.length > MAX_ACTION) found.push(problem(`/prevention/${i}/action`, 'LENGTH', `An action of 1 to ${MAX_ACTION} characters`));
    });
    return found;
  }

  private holds(ctx: Context, roles: string[]): boolean {
    return ctx.principal.roles.includes(ADMIN) || roles.some((r) => ctx.principal.roles.includes(r));
  }
}
