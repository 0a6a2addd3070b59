import { type EntityManager, OptimisticLockError } from '@mikro-orm/core';
import type { Category, ComplaintTypeTemplate, OrganizationTemplate, Transition, WorkflowTemplate } from '../__generated__';
import { actorOf } from '../auth/principal';
import { AbortWrite, type Database } from '../db/database';
import { appendEvent } from '../events/event-log';
import { ConflictError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { localUuid } from '../shared/graphql/global-id';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { StateMachine } from '../shared/state-machine/state-machine';
import type { Context } from '../server/context';
import { complaintFacts, evaluateRules } from '../templates/rules';
import type { TemplateService } from '../templates/template.service';
import { Complaint } from './complaint.entity';
import type {
  AcceptComplaintInput,
  AddContainmentActionInput,
  NotifyCustomerInput,
  ProposeRemedyInput,
  RecordCustomerFeedbackInput,
  RejectComplaintInput,
  ReopenComplaintInput,
} from './stage-one.inputs';
import { IllegalTransitionError, NotAllowedError } from './stage-one.results';

export type TransitionResult = Complaint | ValidationError | IllegalTransitionError | NotAllowedError | ConflictError | NotFoundError;

/** What an action changes on the complaint before the workflow decides where it goes; returns problems with the input. */
type Apply = (complaint: Complaint, env: { type: ComplaintTypeTemplate; org: OrganizationTemplate; now: Date; ctx: Context }) => ValidationProblem[];

type Requirement = NonNullable<Transition['requires']>[number];

const ADMIN = 'admin';
const record = (c: Complaint) => c.record as Record<string, unknown> & { containment?: unknown[]; reopenings?: unknown[] };
const problem = (path: string, code: string, message: string) => new ValidationProblem(path, code, message);

/** What must be on the complaint before a state that requires it is entered. */
const satisfied: Record<Requirement, (c: Complaint) => boolean> = {
  classification: (c) => !!c.category && !!c.severity,
  department: (c) => !!c.department,
  owner: (c) => !!c.ownerId,
  containment: (c) => (record(c).containment?.length ?? 0) > 0,
  remedy: (c) => !!record(c).remedy,
  approval: (c) => (record(c).approval as { outcome?: string } | undefined)?.outcome === 'approved',
  notification: (c) => !!record(c).notification,
  feedback: (c) => !!record(c).feedback,
  rejectionReply: (c) => !!(record(c).validity as { reply?: string } | undefined)?.reply,
};

function findCategory(categories: Category[], key: string): boolean {
  return categories.some((c) => c.key === key || findCategory(c.children ?? [], key));
}

/**
 * Stage 1 of a complaint, driven by its pinned workflow template: every step goes through `transition()`,
 * which checks the workflow (state, condition, roles, reason, requirements), applies the change and appends
 * one event with before/after, in one transaction, or changes nothing and returns a typed error.
 */
export class StageOneService {
  private readonly machines = new Map<string, StateMachine<Transition>>();

  constructor(
    private readonly db: Database,
    private readonly templates: TemplateService,
    private readonly schemas: SchemaCompiler,
  ) {}

  startReview(ctx: Context, input: { id: string; version: number }): Promise<TransitionResult> {
    return this.transition(ctx, input, 'startReview', (c, { now }) => {
      c.acknowledgedAt ??= now;
      return [];
    });
  }

  accept(ctx: Context, input: AcceptComplaintInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'accept', (c, { type, org, now, ctx: { principal } }) => {
      const problems: ValidationProblem[] = [];
      if (!findCategory(type.categories, input.category)) return [problem('/category', 'UNKNOWN_CATEGORY', `no category ${JSON.stringify(input.category)} in ${type.key}`)];
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
      const decided = evaluateRules(this.schemas, type, complaintFacts(type, c));
      const by = principal.id;
      Object.assign(record(c), {
        validity: { decision: 'accepted', comment: input.comment ?? null, by, at: now },
        classification: { category: c.category, severity, proposedSeverity: proposed.severity, reason: input.severityReason ?? null, by, at: now },
        routing: { department, proposedDepartment: routed.department, reason: input.departmentReason ?? null, by, at: now },
        // 21 CFR 820.198(b): whether an investigation is needed, by whom decided; the template's rule decides here.
        investigation: { requirement: decided.investigation, template: decided.investigationTemplate, decidedBy: 'rule', at: now },
      });
      return [];
    });
  }

  reject(ctx: Context, input: RejectComplaintInput): Promise<TransitionResult> {
    return this.transition(
      ctx,
      { ...input, reason: input.reasonCode },
      'reject',
      (c, { now, ctx: { principal } }) => {
        if (!input.reply.trim()) return [problem('/reply', 'REQUIRED', 'the reply to the customer is required')];
        record(c).validity = { decision: 'rejected', reasonCode: input.reasonCode, reply: input.reply, comment: input.comment ?? null, by: principal.id, at: now };
        return [];
      },
    );
  }

  addContainmentAction(ctx: Context, input: AddContainmentActionInput): Promise<TransitionResult> {
    return this.transition(
      ctx,
      input,
      'startContainment',
      (c, { now, ctx: { principal } }) => {
        if (!input.description.trim()) return [problem('/description', 'REQUIRED', 'describe the action')];
        if (input.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) return [problem('/dueDate', 'FORMAT', 'must be YYYY-MM-DD')];
        c.ownerId ??= input.ownerId ?? principal.id;
        const r = record(c);
        r.containment = [...(r.containment ?? []), { description: input.description, ownerId: input.ownerId ?? c.ownerId, dueDate: input.dueDate ?? null, status: 'open', by: principal.id, at: now }];
        return [];
      },
      { editWhenNoTransition: true },
    );
  }

  proposeRemedy(ctx: Context, input: ProposeRemedyInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'proposeRemedy', (c, { org, now, ctx: { principal } }) => {
      const remedyType = org.remedyTypes.find((r) => r.key === input.type);
      if (!remedyType) return [problem('/type', 'UNKNOWN_REMEDY_TYPE', `no remedy type ${JSON.stringify(input.type)}`)];
      if (remedyType.requiresAmount && (input.amount === null || input.amount === undefined)) return [problem('/amount', 'REQUIRED', `a ${input.type} needs an amount`)];
      if (input.amount !== null && input.amount !== undefined && input.amount < 0) return [problem('/amount', 'MINIMUM', 'must be >= 0')];
      record(c).remedy = {
        type: input.type,
        quantity: input.quantity ?? null,
        amount: input.amount ?? 0,
        currency: input.currency ?? (org as { currency?: string }).currency ?? 'CNY',
        description: input.description ?? null,
        requestedByCustomer: (c.data as { demand?: unknown }).demand ?? null,
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
      record(c).notification = { channel: input.channel, text: input.text, by: principal.id, at: now };
      return [];
    });
  }

  requestFeedback(ctx: Context, input: { id: string; version: number }): Promise<TransitionResult> {
    return this.transition(ctx, input, 'requestFeedback', () => []);
  }

  recordFeedback(ctx: Context, input: RecordCustomerFeedbackInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'recordFeedback', (c, { now, ctx: { principal } }) => {
      if (!Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5) return [problem('/satisfaction', 'RANGE', 'must be 1 to 5')];
      record(c).feedback = { satisfaction: input.satisfaction, acceptsResolution: input.acceptsResolution, comment: input.comment ?? null, by: principal.id, at: now };
      return [];
    });
  }

  reopen(ctx: Context, input: ReopenComplaintInput): Promise<TransitionResult> {
    return this.transition(ctx, input, 'reopen', (c, { now, ctx: { principal } }) => {
      const r = record(c);
      r.reopenings = [...(r.reopenings ?? []), { reason: input.reason, fromStatus: c.status, by: principal.id, at: now }];
      return [];
    });
  }

  /** The actions the caller may take now (before conditions on data, which the step itself evaluates). */
  async allowedActions(ctx: Context, c: Complaint): Promise<string[]> {
    const machine = await this.machineFor(ctx.em, ctx.tenant.id, c);
    return machine.actionsFrom(c.status).filter((action) => machine.candidates(action, c.status).some((t) => this.mayTake(ctx, t)));
  }

  /**
   * The one place a stage-1 step happens. `editWhenNoTransition`: the action is also a plain edit (e.g. a
   * further containment action) when the workflow has no transition for it from the current status.
   */
  private async transition(
    ctx: Context,
    input: { id: string; version: number; reason?: string | null },
    action: string,
    apply: Apply,
    { editWhenNoTransition = false } = {},
  ): Promise<TransitionResult> {
    const id = localUuid(input.id, 'Complaint');
    if (!id) return new NotFoundError(input.id);
    try {
      return await this.db.write(ctx.tenant.id, async (scope) => {
        const c = await scope.em.findOne(Complaint, { id });
        if (!c) return new NotFoundError(input.id);
        if (c.version !== input.version) return new ConflictError(input.version, c.version);
        const machine = await this.machineFor(scope.em, ctx.tenant.id, c);
        const from = c.status;
        const candidates = machine.candidates(action, from);
        const editOnly = candidates.length === 0 && editWhenNoTransition && !machine.definition.states.some((s) => s.key === from && s.terminal);
        if (!candidates.length && !editOnly) return new IllegalTransitionError(action, from, machine.actionsFrom(from));
        const mayTake = (candidates.length ? candidates : machine.definition.transitions.filter((t) => t.action === action)).filter((t) => this.mayTake(ctx, t));
        if (!mayTake.length) return new NotAllowedError(action, [...new Set(candidates.flatMap((t) => t.roles ?? []))]);

        const type = await this.templates.templateVersion<ComplaintTypeTemplate>(scope.em, ctx.tenant.id, 'complaint-type', c.typeKey, c.templateVersion);
        const org = await this.templates.latestTemplate<OrganizationTemplate>(scope.em, ctx.tenant.id, 'organization', 'default');
        if (!type || !org) throw new Error(`templates missing for complaint ${c.id}`);
        const before = { status: c.status, category: c.category, severity: c.severity, department: c.department, ownerId: c.ownerId, record: structuredClone(c.record) };
        const now = new Date();
        c.record = structuredClone(c.record);
        const problems = apply(c, { type, org: org.content, now, ctx });
        if (problems.length) throw new AbortWrite(new ValidationError(problems, ctx.locale));

        let to = from;
        if (!editOnly) {
          const facts = complaintFacts(type, { ...c, remedy: (record(c).remedy as never) ?? null });
          const chosen = machine.resolve(action, from, (when) => this.schemas.compileSchema(when as object)(facts) as boolean);
          if (!chosen) throw new AbortWrite(new IllegalTransitionError(action, from, machine.actionsFrom(from)));
          if (!this.mayTake(ctx, chosen)) throw new AbortWrite(new NotAllowedError(action, chosen.roles ?? []));
          if (chosen.reasonRequired && !input.reason?.trim()) throw new AbortWrite(new ValidationError([problem('/reason', 'REQUIRED', `${action} needs a reason`)], ctx.locale));
          const missing = (chosen.requires ?? []).filter((r) => !satisfied[r](c));
          if (missing.length) {
            throw new AbortWrite(new ValidationError(missing.map((r) => problem(`/${r}`, 'MISSING_REQUIREMENT', `${chosen.to} needs ${r} first`)), ctx.locale));
          }
          to = chosen.to;
        }
        c.status = to;
        c.updatedAt = now;
        await scope.em.flush();
        await appendEvent(scope, {
          type: to !== from ? 'complaint.status_changed' : 'complaint.updated',
          subjectType: 'Complaint',
          subjectId: c.id,
          subjectNumber: c.number,
          actor: actorOf(ctx),
          reason: input.reason ?? null,
          data: { action, from, to, before, after: { status: c.status, category: c.category, severity: c.severity, department: c.department, ownerId: c.ownerId, record: c.record } },
        });
        return c;
      });
    } catch (error) {
      if (!(error instanceof OptimisticLockError)) throw error;
      const current = await ctx.em.fork().findOne(Complaint, { id });
      return current ? new ConflictError(input.version, current.version) : new NotFoundError(input.id);
    }
  }

  private mayTake(ctx: Context, t: Transition): boolean {
    if (t.system) return false;
    const roles = ctx.principal.roles;
    return roles.includes(ADMIN) || (t.roles ?? []).some((r) => roles.includes(r));
  }

  /** The complaint's pinned workflow as a checked machine (immutable versions: cached). */
  /** `em`: inside a write, the write's own (on SQLite another connection would wait for the writer forever). */
  private async machineFor(em: EntityManager, tenantId: string, c: Complaint): Promise<StateMachine<Transition>> {
    const cacheKey = `${tenantId}:${c.workflowKey}:${c.workflowVersion}`;
    let machine = this.machines.get(cacheKey);
    if (!machine) {
      const wf = await this.templates.templateVersion<WorkflowTemplate>(em, tenantId, 'workflow', c.workflowKey, c.workflowVersion);
      if (!wf) throw new Error(`complaint ${c.id} is pinned to missing workflow ${c.workflowKey}@${c.workflowVersion}`);
      machine = new StateMachine<Transition>({ initial: wf.initial, states: wf.states.map((s) => ({ key: s.key, terminal: s.category === 'closed' })), transitions: wf.transitions });
      this.machines.set(cacheKey, machine);
    }
    return machine;
  }
}
