import { OptimisticLockError, type FilterQuery } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import type { Tenant } from '../db/tenant.entity';
import { lookUpPrincipals } from '../auth';
import { nextCounterValue } from '../db/counter';
import { NoWorkingTimeError } from '../calendar';
import { AbortWrite, type Database, type WriteScope } from '../db/database';
import { actorOf } from '../auth';
import { sightOf, visibleComplaints } from '../auth';
import { type AppendEvent, appendEvent } from '../db/event-log';
import { ConflictError, IdempotencyKeyReusedError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { publicError } from '../shared/errors/public-error';
import { cursorPage, OrderDirection, type Connection } from '../shared/graphql/connection';
import { localUuid } from '../shared/graphql/global-id';
import { IdempotentRequest, idempotencyKeyProblem } from '../shared/idempotency/idempotency';
import { toProblems } from '../shared/json-schema/schema-compiler';
import type { Context } from '../shared/request-context';
import type { TemplateService } from '../templates';
import { complaintFacts, intakeDecision, TemplateRetirement } from '../templates';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import type { ComplaintTypeTemplate, OrganizationTemplate, WorkflowTemplate } from '../__generated__';
import type { RecordedProvisional } from './complaint-record';
import type { Clock } from '../scheduler';
import { type ComplaintClocks, type DueComplaintsQuery, stateInfo } from './complaint-clocks';
import { Complaint } from './complaint.entity';
import { ComplaintOrderField, type ComplaintsArgs, type ConfirmDefectiveQuantityInput, type CreateComplaintInput, type UpdateComplaintInput } from './complaint.inputs';
import type { ComplaintFactRecorder } from './fact-recorder';
import { intakeFilter } from './intake-filter';

type EditResult = Complaint | ValidationError | ConflictError | NotFoundError;

const CREATE = 'createComplaint';


/** What an audit event records of a complaint. */
const snapshot = (c: Complaint) => ({ number: c.number, typeKey: c.typeKey, templateVersion: c.templateVersion, status: c.status, department: c.department, data: c.data, version: c.version });

export class ComplaintService {
  constructor(
    private readonly db: Database,
    private readonly templates: TemplateService,
    private readonly schemas: SchemaCompiler,
    private readonly clock: Clock,
    private readonly sla: ComplaintClocks,
    private readonly recordComplaintFact: ComplaintFactRecorder,
    private readonly subjectsDueBefore: DueComplaintsQuery,
  ) {}

  async create(ctx: Context, input: CreateComplaintInput): Promise<Complaint | ValidationError | IdempotencyKeyReusedError> {
    const keyProblem = idempotencyKeyProblem(input.idempotencyKey, '/idempotencyKey', ctx.locale);
    if (keyProblem) return new ValidationError([keyProblem], ctx.locale);
    const idempotent = IdempotentRequest.of(CREATE, input.idempotencyKey, { typeKey: input.typeKey, data: input.data }, (em, id) => em.findOneOrFail(Complaint, { id }));
    const replay = await idempotent?.replay(ctx.em);
    if (replay) return replay;
    const type = await this.templates.latestComplaintType(ctx.em, ctx.tenant.id, input.typeKey);
    if (!type) {
      const message = ctx.locale === 'zh-CN' ? `不存在投诉类型 ${JSON.stringify(input.typeKey)}` : `no complaint type ${JSON.stringify(input.typeKey)}`;
      return new ValidationError([new ValidationProblem('/typeKey', 'UNKNOWN_COMPLAINT_TYPE', message)], ctx.locale);
    }
    // A retired type takes no new complaints; those pinned to it keep working.
    if (await ctx.em.count(TemplateRetirement, { kind: 'complaint-type', key: type.key })) {
      const message = ctx.locale === 'zh-CN' ? `投诉类型 ${JSON.stringify(input.typeKey)} 已停用，不再受理新投诉` : `complaint type ${JSON.stringify(input.typeKey)} is retired: it takes no new complaints`;
      return new ValidationError([new ValidationProblem('/typeKey', 'COMPLAINT_TYPE_RETIRED', message)], ctx.locale);
    }
    if (!type.validate(input.data)) return new ValidationError(toProblems(type.validate.errors, '/data', ctx.locale), ctx.locale);
    // References are checked when templates are published, so the type's workflow exists.
    const workflow = await this.templates.latestTemplate<WorkflowTemplate>(ctx.em, ctx.tenant.id, 'workflow', type.content.workflow);
    if (!workflow) throw new Error(`complaint type ${type.key}@${type.version} names missing workflow ${type.content.workflow}`);
    const org = await this.templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default');

    try {
      return await this.db.write(ctx.tenant.id, async (scope) => {
        const { em } = scope;
        // Re-checked under the write lock: a concurrent retry may have committed meanwhile.
        const replay = await idempotent?.replay(em);
        if (replay) throw new AbortWrite(replay);
        const now = this.clock.now();
        // The year of the complaint number is the plant's, in its calendar's time zone.
        const year = DateTime.fromJSDate(now, { zone: org?.content.calendar.timeZone ?? 'UTC' }).year;
        const prefix = type.content.numberPrefix ?? 'CC';
        const seq = await nextCounterValue(em, scope.tenantId, `complaint:${prefix}:${year}`);
        const complaint = em.create(Complaint, {
          tenant: em.getReference<Tenant>('Tenant', scope.tenantId),
          number: `${prefix}-${year}-${String(seq).padStart(6, '0')}`,
          typeKey: type.key,
          templateVersion: type.version,
          status: workflow.content.initial,
          workflowKey: type.content.workflow,
          workflowVersion: workflow.version,
          data: input.data,
          createdAt: now,
          updatedAt: now,
          createdBy: ctx.principal.id,
        });
        // The type's severity and routing rules on the intake: the clocks start on that severity's targets.
        complaint.record = { provisional: this.provisional(type.content, complaint, now) };
        idempotent?.remember(em, scope.tenantId, complaint.id, now);
        // The stage-1 clocks start at receipt (org is checked when templates are published; a tenant has one).
        if (org) {
          try {
            await this.sla.syncComplaint({ scope, complaint, type: type.content, org: org.content, states: stateInfo(workflow.content), now, fresh: true });
          } catch (e) {
            // Publication refuses such targets; a calendar changed since can still leave one without an end.
            if (!(e instanceof NoWorkingTimeError)) throw e;
            const message = ctx.locale === 'zh-CN' ? `投诉类型 ${type.key} 的 SLA 目标在业务日历的 20 年内无法到期，请管理员修正模板` : `an SLA target of complaint type ${type.key} does not end within 20 years of the business calendar; an admin must correct the template`;
            throw new AbortWrite(new ValidationError([new ValidationProblem('/typeKey', 'TARGET_UNREACHABLE', message)], ctx.locale));
          }
        }
        await this.recordComplaintFact(em, complaint, { timeZone: org?.content.calendar.timeZone ?? 'UTC', closed: false, type: type.content });
        await appendEvent(scope, {
          occurredAt: now,
          type: 'complaint.created',
          subjectType: 'Complaint',
          subjectId: complaint.id,
          subjectNumber: complaint.number,
          actor: actorOf(ctx),
          data: { before: null, after: snapshot(complaint), provisional: complaint.record.provisional },
        });
        return complaint;
      });
    } catch (error) {
      // PostgreSQL: two first attempts with one key raced; the loser returns the winner's result.
      const replay = await idempotent?.replayAfterRace(error, ctx.em);
      if (replay) return replay;
      throw error;
    }
  }

  /** What the type's rules decide on the complaint's intake data alone (recorded as decided by rule). */
  private provisional(type: ComplaintTypeTemplate, c: Complaint, now: Date): RecordedProvisional {
    const decided = intakeDecision(this.schemas, type, complaintFacts(type, { typeKey: c.typeKey, data: c.data }));
    return { ...decided, decidedBy: 'rule', at: now };
  }

  /**
   * Replaces the form data, validated against the pinned type version. Until a person classifies the complaint
   * (accept), the rules are evaluated again on the new data: a changed provisional severity re-targets the clocks.
   */
  update(ctx: Context, input: UpdateComplaintInput): Promise<EditResult> {
    return this.edit(ctx, input, async (complaint, scope, now) => {
      const { em, tenantId } = scope;
      const type = await this.templates.complaintTypeVersion(em, tenantId, complaint.typeKey, complaint.templateVersion);
      if (!type) throw new Error(`complaint ${complaint.id} is pinned to missing template ${complaint.typeKey}@${complaint.templateVersion}`);
      if (!type.validate(input.data)) return new ValidationError(toProblems(type.validate.errors, '/data', ctx.locale), ctx.locale);
      const before = snapshot(complaint);
      const provisionalBefore = complaint.record.provisional ?? null;
      complaint.data = input.data;
      // A person's classification stands: after it the data no longer moves severity or clocks (reclassify does).
      if (complaint.severity === null) {
        const provisional = this.provisional(type.content, complaint, now);
        if (provisional.severity !== provisionalBefore?.severity || provisional.department !== provisionalBefore?.department) {
          complaint.record = { ...complaint.record, provisional };
          if (provisional.severity !== provisionalBefore?.severity) await this.syncClocks(scope, complaint, type.content, now);
        }
      }
      const provisionalAfter = complaint.record.provisional ?? null;
      const changed = provisionalAfter !== provisionalBefore;
      return (c) => ({ type: 'complaint.updated', reason: input.reason ?? null, data: { before, after: snapshot(c), ...(changed && { provisional: { before: provisionalBefore, after: provisionalAfter } }) } });
    });
  }

  /** The complaint's clocks after its provisional severity changed (its workflow says which states pause or meet them). */
  private async syncClocks(scope: WriteScope, complaint: Complaint, type: ComplaintTypeTemplate, now: Date): Promise<void> {
    const org = await this.templates.latestTemplate<OrganizationTemplate>(scope.em, scope.tenantId, 'organization', 'default');
    const workflow = await this.templates.templateVersion<WorkflowTemplate>(scope.em, scope.tenantId, 'workflow', complaint.workflowKey, complaint.workflowVersion);
    if (!org || !workflow) return;
    await this.sla.syncComplaint({ scope, complaint, type, org: org.content, states: stateInfo(workflow), now });
  }

  /** Records (replaces) the defective quantity confirmed after investigation in record.defects; any state. */
  confirmDefectiveQuantity(ctx: Context, input: ConfirmDefectiveQuantityInput): Promise<EditResult> {
    const problems: ValidationProblem[] = [];
    if (!Number.isInteger(input.quantity) || input.quantity < 0 || input.quantity > 2_147_483_647) problems.push(new ValidationProblem('/input/quantity', 'RANGE', 'must be an integer from 0 to 2147483647'));
    if (input.note && input.note.length > 2000) problems.push(new ValidationProblem('/input/note', 'LENGTH', 'at most 2000 characters'));
    if (problems.length) return Promise.resolve(new ValidationError(problems, ctx.locale));
    return this.edit(ctx, input, async (complaint, _scope, now) => {
      const before = complaint.record.defects ?? null;
      const after = { confirmed: input.quantity, note: input.note?.trim() || null, by: ctx.principal.id, at: now.toISOString() };
      complaint.record = { ...complaint.record, defects: after };
      return () => ({ type: 'complaint.defects_confirmed', reason: after.note, data: { before: { defects: before }, after: { defects: after } } });
    });
  }

  /**
   * A change of a complaint outside its workflow, given the version the caller read: `change` edits it (or
   * refuses), then its statistics fact, the versioned write and the event (built after the flush, so it sees
   * the new version). A concurrent writer that committed first makes it a CONFLICT.
   */
  private async edit(
    ctx: Context,
    ref: { id: string; version: number },
    change: (complaint: Complaint, scope: WriteScope, now: Date) => Promise<ValidationError | ((complaint: Complaint) => Pick<AppendEvent, 'type' | 'reason' | 'data'>)>,
  ): Promise<EditResult> {
    const id = localUuid(ref.id, 'Complaint');
    if (!id) return new NotFoundError(ref.id);
    try {
      const sight = await sightOf(this.templates, ctx.em, ctx, this.db.dialect);
      return await this.db.write(ctx.tenant.id, async (scope) => {
        const complaint = await scope.em.findOne(Complaint, { $and: [{ id }, visibleComplaints(scope.em, sight)] });
        if (!complaint) return new NotFoundError(ref.id);
        if (complaint.version !== ref.version) return new ConflictError(ref.version, complaint.version);
        const now = this.clock.now();
        const event = await change(complaint, scope, now);
        if (event instanceof ValidationError) return event;
        complaint.updatedAt = now;
        const org = await this.templates.latestTemplate<OrganizationTemplate>(scope.em, scope.tenantId, 'organization', 'default');
        const type = await this.templates.templateVersion<ComplaintTypeTemplate>(scope.em, scope.tenantId, 'complaint-type', complaint.typeKey, complaint.templateVersion);
        if (!type) throw new Error(`complaint ${complaint.id} is pinned to missing type ${complaint.typeKey}@${complaint.templateVersion}`);
        await this.recordComplaintFact(scope.em, complaint, { timeZone: org?.content.calendar.timeZone ?? 'UTC', type });
        await scope.em.flush();
        await appendEvent(scope, { ...event(complaint), subjectType: 'Complaint', subjectId: complaint.id, subjectNumber: complaint.number, actor: actorOf(ctx) });
        return complaint;
      });
    } catch (error) {
      // PostgreSQL: a concurrent writer committed between our read and our versioned UPDATE.
      if (!(error instanceof OptimisticLockError)) throw error;
      const current = await ctx.em.fork().findOne(Complaint, { id });
      return current ? new ConflictError(ref.version, current.version) : new NotFoundError(ref.id);
    }
  }

  /** The complaint with this global ID in the caller's tenant; NOT_FOUND otherwise (also for other tenants' IDs). */
  async get(ctx: Context, globalId: string): Promise<Complaint> {
    const id = localUuid(globalId, 'Complaint');
    const complaint = id ? await ctx.em.findOne(Complaint, { $and: [{ id }, visibleComplaints(ctx.em, await sightOf(this.templates, ctx.em, ctx, this.db.dialect))] }) : null;
    if (!complaint) throw publicError('NOT_FOUND', `No complaint with id ${globalId}`);
    return complaint;
  }

  async list(ctx: Context, args: ComplaintsArgs): Promise<Connection<Complaint>> {
    const where: FilterQuery<Complaint> = {};
    const f = args.filter;
    if (f?.statuses?.length) where.status = { $in: f.statuses };
    if (f?.typeKeys?.length) where.typeKey = { $in: f.typeKeys };
    if (f?.categories?.length) where.category = { $in: f.categories };
    if (f?.severities?.length) where.severity = { $in: f.severities };
    if (f?.departments?.length) where.department = { $in: f.departments };
    if (f?.ownerIds?.length) {
      // A bare uuid or global ID matches the owner stored as user:<uuid> / api-key:<uuid>; an unknown id matches as given.
      const owners = await lookUpPrincipals(ctx.em, ctx.tenant.id, f.ownerIds);
      where.ownerId = { $in: [...new Set(f.ownerIds.map((id) => owners.get(id)?.id ?? id))] };
    }
    if (f?.createdAfter || f?.createdBefore) where.createdAt = { ...(f.createdAfter && { $gte: f.createdAfter }), ...(f.createdBefore && { $lt: f.createdBefore }) };
    if (f?.overdue !== undefined && f.overdue !== null) {
      const overdue = this.subjectsDueBefore(ctx.em, ctx.tenant.id, 'Complaint', this.clock.now());
      where.id = f.overdue ? { $in: overdue } : { $nin: overdue };
    }
    if (f?.dueBefore) where.$and = [{ id: { $in: this.subjectsDueBefore(ctx.em, ctx.tenant.id, 'Complaint', f.dueBefore) } }];
    const field = args.orderBy?.field ?? ComplaintOrderField.CREATED_AT;
    const direction = (args.orderBy?.direction ?? OrderDirection.DESC) === OrderDirection.ASC ? 'asc' : 'desc';
    const visible = visibleComplaints<Complaint>(ctx.em, await sightOf(this.templates, ctx.em, ctx, this.db.dialect));
    // Customer and part number are read where each complaint's type keeps them (its intakeFields).
    const intake = f?.customer || f?.partNumber ? [await intakeFilter(ctx.em, ctx.tenant.id, { customer: f.customer, partNumber: f.partNumber })] : [];
    return cursorPage(ctx.em, Complaint, { $and: [where, visible, ...intake] }, args, { [field]: direction, id: direction });
  }
}
