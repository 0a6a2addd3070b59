import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { DateTime } from 'luxon';
import { type Sight, seesSubject, sightOf, visibleComplaints, visibleInvestigations } from '../auth';
import type { ComplaintTypeTemplate, InvestigationTemplate, OrganizationTemplate, Section } from '../__generated__';
import { actorOf, type Caller } from '../auth';
import { lookUpPrincipal, lookUpPrincipals, principalRank } from '../auth';
import type { Tenant } from '../db/tenant.entity';
import { Complaint } from '../complaints';
import type { RequiredInvestigation } from '../complaints';
import { IllegalTransitionError, NotAllowedError } from '../shared/errors/workflow-errors';
import { nextCounterValue } from '../db/counter';
import { AbortWrite, type Database, type WriteScope } from '../db/database';
import { appendEvent } from '../db/event-log';
import type { Scheduler } from '../scheduler';
import type { Context } from '../shared/request-context';
import { ConflictError, ErrorResult, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { publicError } from '../shared/errors/public-error';
import { cursorPage, type Connection } from '../shared/graphql/connection';
import { localUuid, toGlobalId } from '../shared/graphql/global-id';
import { type SchemaCompiler, toProblems } from '../shared/json-schema/schema-compiler';
import { firstMatch } from '../shared/rules/conditions';
import { checkOverride, complaintFacts, evaluateRules, intakeText, type InvestigationNeed, type InvestigationOverride, investigationPolicy, WorkflowMachines } from '../templates';
import type { TemplateReader } from '../shared/template-reader';
import { TemplateRetirement } from '../templates';
import { Investigation, InvestigationLink, InvestigationSection } from './investigation.entity';
import { INVESTIGATION_STATUS, type InvestigationStep, investigationMachine, SECTION_STATUS, sectionMachine } from './investigation.machine';
import { StepKernel, type StepEvent, versionCheck } from '../shared/step-kernel/step-kernel';
import type { StepMachine } from '../shared/step-kernel/step-machine';
import { stepWriter } from '../db/step-writer';
import type {
  CloseInvestigationInput,
  InvestigationsArgs,
  LinkComplaintsInput,
  OpenInvestigationInput,
  RecordEffectivenessResultInput,
  ReopenSectionInput,
  SaveSectionDraftInput,
  ScheduleEffectivenessCheckInput,
  SectionStepInput,
  SetInvestigationTeamInput,
  SignOffSectionInput,
  UnlinkComplaintInput,
} from './investigation.inputs';
import { InvestigationAlreadyOpenError } from '../shared/errors/investigation-already-open.error';
import { PrerequisitesNotMetError } from './investigation.results';
import { SignatureError } from '../signatures';
import { type Signer, type SignatureService, unsigned } from '../signatures';
import { PLAIN_SIGN_OFF_MEANING } from '../signatures';

export type InvestigationStepResult = Investigation | ValidationError | NotAllowedError | IllegalTransitionError | PrerequisitesNotMetError | ConflictError | NotFoundError | SignatureError | InvestigationAlreadyOpenError;
export type SectionStepResult = InvestigationSection | ValidationError | NotAllowedError | IllegalTransitionError | PrerequisitesNotMetError | ConflictError | NotFoundError | SignatureError;

export const SECTION = SECTION_STATUS;
export const STATUS = INVESTIGATION_STATUS;
/** An investigation in one of these is still under way (not closed, not cancelled). */
const OPEN_STATUSES: string[] = [STATUS.OPEN, STATUS.EFFECTIVENESS_CHECK];

const ADMIN = 'admin';
const problem = (path: string, code: string, message: string) => new ValidationProblem(path, code, message);
const fail = (ctx: StepCaller, ...problems: ValidationProblem[]) => new AbortWrite(new ValidationError(problems, ctx.locale));

type StepCaller = Caller & Pick<Context, 'locale' | 'em'>;
type InvestigationTransition = InvestigationStep & { to: string };

/** What a step runs with, inside its write. */
interface Env {
  scope: WriteScope;
  template: InvestigationTemplate;
  /** The investigation's workflow (the tenant's published one its template names, else the built-in default). */
  machine: StepMachine<InvestigationTransition>;
  /** A section step's: the section's workflow. */
  section?: StepMachine<InvestigationTransition>;
  org: OrganizationTemplate;
  now: Date;
  /** Events on other records the step also makes (a complaint linked), committed with it before its own. */
  events: StepEvent[];
}

/** A step of the investigation machine (`rule.action`, the mutation refusals name); roles and statuses come from the machine. */
interface StepRule {
  action: string;
  input: object;
  /** The facts its transitions' guards read (recordEffectivenessResult: passed or not). */
  facts?: Record<string, unknown>;
}

/** An investigation as its events record it. */
const snapshot = (i: Investigation) => ({ status: i.status, title: i.title, leaderId: i.leaderId, championId: i.championId, leaderLevel: i.leaderLevel, team: i.team, effectiveness: i.effectiveness, closure: i.closure });
const sectionSnapshot = (s: InvestigationSection) => ({ status: s.status, draft: s.draft, data: s.data, signOffs: s.signOffs });

/** What a section's signer signs: the section's data with the sign-off. */
const sectionSignedContent = (section: InvestigationSection, signOff: InvestigationSection['signOffs'][number]) => ({ investigationId: section.investigationId, section: section.key, data: section.data, signOff: unsigned(signOff) });

/** What the closer signs: the closure with the effectiveness check that led to it. */
const closureSignedContent = (inv: Investigation) => ({ investigationId: inv.id, number: inv.number, status: inv.status, closure: inv.closure && unsigned(inv.closure), effectiveness: inv.effectiveness });

/** A complaint linked to or unlinked from an investigation, as the complaint's event. */
function linkEvent(caller: StepCaller, c: Complaint, inv: Investigation, what: 'linked' | 'unlinked', reason: string, now: Date): StepEvent {
  return {
    occurredAt: now,
    type: `complaint.investigation_${what}`,
    subjectType: 'Complaint',
    subjectId: c.id,
    subjectNumber: c.number,
    actor: actorOf(caller),
    reason,
    data: { investigationId: inv.id, investigation: inv.number },
  };
}

/** The value at a JSON pointer (RFC 6901) in the data, or null. */
function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const token of pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[token] : undefined;
  }
  return value ?? null;
}

/** A complaint's values of its type's recurrence keys. */
function recurrenceValues(type: ComplaintTypeTemplate, c: Complaint): Record<string, unknown> {
  return Object.fromEntries((investigationPolicy(type)?.recurrenceKeys ?? []).map((pointer) => [pointer, valueAt(c.data, pointer)]));
}

/** The sections that depend on `key`, directly or through others (reopened with it). */
function dependentsOf(template: InvestigationTemplate, key: string): string[] {
  const found = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of template.sections) {
      if (found.has(s.key) || s.key === key) continue;
      if ((s.prerequisites ?? []).some((p) => p === key || found.has(p))) {
        found.add(s.key);
        grew = true;
      }
    }
  }
  return template.sections.map((s) => s.key).filter((k) => found.has(k));
}

/** Subquery for `id in (...)`: the subjects of a type with an SLA clock running and due before `time` (sla's subjectsDueBefore, given at the composition root). */
export type DueSubjectsQuery = (em: EntityManager, tenantId: string, subjectType: 'Investigation', time: Date) => never;

/**
 * Stage 2: investigations whose sections come from the pinned investigation template. Every step is one
 * transaction that checks roles, state and version, changes the investigation or one section, and appends
 * an event with before/after; a refusal changes nothing and returns a typed error.
 */
export class InvestigationService {
  constructor(
    private readonly db: Database,
    private readonly templates: TemplateReader,
    private readonly schemas: SchemaCompiler,
    private readonly scheduler: Scheduler,
    private readonly signatures: SignatureService,
    private readonly subjectsDueBefore: DueSubjectsQuery,
  ) {
    this.kernel = new StepKernel(stepWriter(db));
    this.investigationMachines = new WorkflowMachines(templates, 'investigation', investigationMachine);
    this.sectionMachines = new WorkflowMachines(templates, 'section', sectionMachine, 'toward-action');
    signatures.register('InvestigationSection', async (em, recordId, signatureId) => {
      const section = await em.findOne(InvestigationSection, { id: recordId });
      const signOff = section?.signOffs.find((s) => s.signature?.id === signatureId);
      return !section ? null : signOff ? { carries: true, content: sectionSignedContent(section, signOff) } : { carries: false };
    }, (ctx, recordId) => this.seesSection(ctx, recordId));
    signatures.register('InvestigationClosure', async (em, recordId, signatureId) => {
      const inv = await em.findOne(Investigation, { id: recordId });
      return !inv ? null : (inv.closure?.signature as { id?: string } | undefined)?.id === signatureId ? { carries: true, content: closureSignedContent(inv) } : { carries: false };
    });
  }

  private readonly kernel: StepKernel<WriteScope>;
  private readonly investigationMachines: WorkflowMachines<InvestigationStep>;
  private readonly sectionMachines: WorkflowMachines<InvestigationStep>;

  /** One loader per entity manager (a request's, or a write's), so nothing is cached across them. */
  private readonly openLoaders = new WeakMap<EntityManager, DataLoader<string, Investigation[]>>();

  /** Called in every change's transaction after the change (the stage-2 SLA clocks hook in here). */
  private readonly listeners: Array<(scope: WriteScope, inv: Investigation, template: InvestigationTemplate, now: Date) => Promise<void>> = [];

  onChange(listener: (scope: WriteScope, inv: Investigation, template: InvestigationTemplate, now: Date) => Promise<void>): void {
    this.listeners.push(listener);
  }

  private async changed(scope: WriteScope, inv: Investigation, template: InvestigationTemplate, now: Date): Promise<void> {
    for (const listener of this.listeners) await listener(scope, inv, template, now);
  }

  // ---------------------------------------------------------------- open, link, team

  async open(ctx: Context, input: OpenInvestigationInput): Promise<InvestigationStepResult> {
    const ids = (input.complaintIds ?? []).map((id) => ({ id, uuid: localUuid(id, 'Complaint') }));
    const unknown = ids.find((c) => !c.uuid);
    if (unknown) return new NotFoundError(unknown.id);
    const sight = await this.sight(ctx);
    try {
      return await this.db.write(ctx.tenant.id, async (scope) => {
        const complaints: Complaint[] = [];
        for (const { id, uuid } of ids) {
          const c = await scope.em.findOne(Complaint, { $and: [{ id: uuid! }, visibleComplaints(scope.em, sight)] });
          if (!c) return new NotFoundError(id);
          // One link per complaint, however often it is named.
          if (!complaints.includes(c)) complaints.push(c);
        }
        const org = await this.org(scope.em, ctx.tenant.id);
        const overrides = await this.rulesOverrides(scope.em, ctx, org, complaints.map((c) => ({ c, path: `/complaintIds/${ids.findIndex((x) => x.uuid === c.id)}` })), input);
        let templateKey = input.templateKey ?? null;
        if (!templateKey && complaints[0]) {
          const type = await this.complaintType(scope.em, ctx.tenant.id, complaints[0]);
          templateKey = evaluateRules(this.schemas, type, complaintFacts(type, complaints[0])).investigationTemplate;
        }
        if (!input.title.trim()) throw fail(ctx, problem('/title', 'REQUIRED', 'give the investigation a title'));
        if (!templateKey) throw fail(ctx, problem('/templateKey', 'REQUIRED', complaints.length ? "the first complaint's type has no stage 2: name the investigation template" : 'a standalone investigation needs a template key'));
        const template = await this.templates.latestTemplate<InvestigationTemplate>(scope.em, ctx.tenant.id, 'investigation', templateKey);
        if (!template) throw fail(ctx, problem('/templateKey', 'UNKNOWN_TEMPLATE', `no investigation template ${JSON.stringify(templateKey)}`));
        if (await scope.em.count(TemplateRetirement, { kind: 'investigation', key: templateKey })) {
          const message = ctx.locale === 'zh-CN' ? `调查模板 ${JSON.stringify(templateKey)} 已停用，不能再按它开启新调查` : `investigation template ${JSON.stringify(templateKey)} is retired: no new investigations under it`;
          throw fail(ctx, problem('/templateKey', 'TEMPLATE_RETIRED', message));
        }
        const roles = this.workerRoles(template.content);
        if (!this.holds(ctx, roles)) return new NotAllowedError('openInvestigation', roles);
        // A complaint with an open investigation gets a second one only on purpose, for a stated reason.
        const open = await this.openInvestigationsOf(scope.em, complaints.map((c) => c.id));
        const secondReason = input.secondInvestigationReason?.trim();
        if (open.length && !secondReason) {
          return new InvestigationAlreadyOpenError(
            open.map(({ complaintId, investigation }) => {
              const c = complaints.find((x) => x.id === complaintId)!;
              return { path: `/complaintIds/${ids.findIndex((x) => x.uuid === complaintId)}`, complaintId: toGlobalId('Complaint', c.id), complaintNumber: c.number, investigationId: toGlobalId('Investigation', investigation.id), investigationNumber: investigation.number, investigationStatus: investigation.status };
            }),
            ctx.locale,
          );
        }
        const first = complaints[0];
        const severity = first?.severity ?? input.severity ?? null;
        const department = first?.department ?? input.department ?? null;
        if (!first && department && !org.departments.some((d) => d.key === department)) throw fail(ctx, problem('/department', 'UNKNOWN_DEPARTMENT', `no department ${JSON.stringify(department)}`));
        const alongside = open.length ? { reason: secondReason!, investigations: [...new Set(open.map((o) => o.investigation.number))] } : null;
        // An override of the rules stays on each complaint's record, beside the rules' requirement.
        for (const c of complaints) {
          const override = overrides.get(c.id);
          if (override) c.record = { ...c.record, investigation: { ...c.record.investigation, overrides: [...(c.record.investigation?.overrides ?? []), override] } };
        }
        return this.create(scope, ctx, { template: template.content, templateVersion: template.version, org, title: input.title, complaints, severity, department, leaderId: input.leaderId ?? null, championId: input.championId ?? null, reason: input.reason ?? 'opened by a person', alongside, overrides });
      });
    } catch (error) {
      if (error instanceof AbortWrite) return error.result as ValidationError;
      throw error;
    }
  }

  /**
   * Opening one for complaints whose rules do not call for it (not needed, or a type without stage 2) is an
   * override of the rules (organization investigationOverrides): refused with RULE_FORBIDS_INVESTIGATION at
   * /complaintIds/<i> for a caller without it, else the override per complaint id. A person's recorded
   * decision that one is needed (checked against the rules when made) calls for it.
   */
  private async rulesOverrides(em: EntityManager, ctx: Context, org: OrganizationTemplate, complaints: Array<{ c: Complaint; path: string }>, input: { reason?: string | null; overrideReasonCode?: string | null }): Promise<Map<string, InvestigationOverride>> {
    const overrides = new Map<string, InvestigationOverride>();
    const problems: ValidationProblem[] = [];
    const now = this.now();
    for (const { c, path } of complaints) {
      const decided = c.record.investigation;
      if (decided?.decision === 'required') continue;
      const type = await this.complaintType(em, ctx.tenant.id, c);
      // The rules' requirement as recorded after acceptance (with the recurrence), else as they stand now.
      const need: InvestigationNeed = !investigationPolicy(type) ? 'never' : ((decided?.requirement as InvestigationNeed | undefined) ?? evaluateRules(this.schemas, type, complaintFacts(type, c)).investigation);
      const checked = checkOverride(org, {
        need,
        direction: 'open',
        roles: ctx.principal.roles,
        principalId: ctx.principal.id,
        reason: input.reason,
        reasonCode: input.overrideReasonCode,
        subject: type.key,
        paths: { refusal: path, reason: '/reason', reasonCode: '/overrideReasonCode' },
        locale: ctx.locale,
        now,
      });
      for (const p of checked.problems) if (!problems.some((q) => q.path === p.path && q.code === p.code)) problems.push(p);
      if (checked.override) overrides.set(c.id, checked.override);
    }
    if (problems.length) throw fail(ctx, ...problems);
    return overrides;
  }

  /**
   * Creates an investigation with its sections and links, in the caller's write (also used when a
   * complaint's rule requires one at acceptance). The leader's minimum level comes from the template's
   * leaderLevel rules on the first complaint's facts (or the given severity).
   */
  async create(
    scope: WriteScope,
    caller: StepCaller,
    // What the type's rules open (stage one's RequiredInvestigation), or a person's choice with a leader and champion.
    p: Omit<RequiredInvestigation, 'leaderId' | 'championId'> & {
      leaderId: string | null;
      championId: string | null;
      /** Opened beside investigations still open for these complaints, and why (recorded in the event). */
      alongside?: { reason: string; investigations: string[] } | null;
      /** Overrides of the stage-2 rules, by complaint id (recorded in the opened and linked events). */
      overrides?: Map<string, InvestigationOverride>;
    },
  ): Promise<Investigation> {
    const { em, tenantId } = scope;
    const now = this.now();
    const first = p.complaints[0];
    const firstType = first && (await this.complaintType(em, tenantId, first));
    const facts = first ? complaintFacts(firstType!, first) : { severity: p.severity, department: p.department };
    const leaderLevel = firstMatch(p.template.leaderLevel.rules, facts, this.schemas)?.level ?? p.template.leaderLevel.default;
    const named = await this.resolveTeam(em, caller, p.org, leaderLevel, { leaderId: p.leaderId, championId: p.championId });
    const year = DateTime.fromJSDate(now, { zone: p.org.calendar.timeZone }).year;
    const seq = await nextCounterValue(em, tenantId, `investigation:INV:${year}`);
    const inv = em.create(Investigation, {
      tenant: em.getReference<Tenant>('Tenant', tenantId),
      number: `INV-${year}-${String(seq).padStart(6, '0')}`,
      title: p.title,
      templateKey: p.template.key,
      templateVersion: p.templateVersion,
      status: STATUS.OPEN,
      severity: p.severity,
      department: p.department,
      partNumber: first ? intakeText(firstType, first.data, 'partNumber') : null,
      category: first?.category ?? null,
      recurrenceValues: first ? recurrenceValues(firstType!, first) : null,
      leaderLevel,
      leaderId: named.leaderId,
      championId: named.championId,
      openedBy: caller.principal.id,
      createdAt: now,
      updatedAt: now,
    });
    for (const s of p.template.sections) em.create(InvestigationSection, { tenantId, investigationId: inv.id, key: s.key, status: SECTION.EMPTY, updatedAt: now });
    for (const c of p.complaints) em.create(InvestigationLink, { tenantId, investigationId: inv.id, complaintId: c.id, linkedBy: caller.principal.id, linkedAt: now, reason: p.reason });
    await em.flush();
    await appendEvent(scope, {
      occurredAt: now,
      type: 'investigation.opened',
      subjectType: 'Investigation',
      subjectId: inv.id,
      subjectNumber: inv.number,
      actor: actorOf(caller),
      reason: p.reason,
      data: {
        before: null,
        after: snapshot(inv),
        template: `${p.template.key}@${p.templateVersion}`,
        complaints: p.complaints.map((c) => c.number),
        ...(p.alongside ? { alongside: p.alongside } : {}),
        ...(p.overrides?.size ? { overrides: p.complaints.flatMap((c) => { const o = p.overrides!.get(c.id); return o ? [{ complaint: c.number, ...o }] : []; }) } : {}),
      },
    });
    for (const c of p.complaints) {
      const link = linkEvent(caller, c, inv, 'linked', p.reason, now);
      const override = p.overrides?.get(c.id);
      await appendEvent(scope, override ? { ...link, data: { ...link.data, override } } : link);
    }
    await this.changed(scope, inv, p.template, now);
    return inv;
  }

  linkComplaints(ctx: Context, input: LinkComplaintsInput): Promise<InvestigationStepResult> {
    // A closed investigation is suggested for a recurrence (suggestions), so it can be linked too.
    return this.step(ctx, input, 'complaints_linked', { action: 'linkComplaints', input }, async (inv, { scope, now, events }) => {
      if (!input.reason.trim()) throw fail(ctx, problem('/reason', 'REQUIRED', 'say why the complaints share the cause'));
      const added: string[] = [];
      const sight = await this.sight(ctx);
      const linking: Array<{ c: Complaint; path: string }> = [];
      for (const [i, id] of input.complaintIds.entries()) {
        const uuid = localUuid(id, 'Complaint');
        const c = uuid ? await scope.em.findOne(Complaint, { $and: [{ id: uuid }, visibleComplaints(scope.em, sight)] }) : null;
        if (!c) throw fail(ctx, problem(`/complaintIds/${i}`, 'NOT_FOUND', `no complaint ${id}`));
        if (await scope.em.count(InvestigationLink, { investigationId: inv.id, complaintId: c.id, unlinkedAt: null })) continue;
        if (!linking.some((l) => l.c === c)) linking.push({ c, path: `/complaintIds/${i}` });
      }
      // Linking a complaint whose rules do not call for an investigation overrides them, as opening one does.
      const overrides = await this.rulesOverrides(scope.em, ctx, await this.org(scope.em, ctx.tenant.id), linking, input);
      for (const { c } of linking) {
        const override = overrides.get(c.id);
        if (override) c.record = { ...c.record, investigation: { ...c.record.investigation, overrides: [...(c.record.investigation?.overrides ?? []), override] } };
        scope.em.create(InvestigationLink, { tenantId: scope.tenantId, investigationId: inv.id, complaintId: c.id, linkedBy: ctx.principal.id, linkedAt: now, reason: input.reason });
        const link = linkEvent(ctx, c, inv, 'linked', input.reason, now);
        events.push(override ? { ...link, data: { ...link.data, override } } : link);
        added.push(c.number);
      }
      return { added };
    });
  }

  unlinkComplaint(ctx: Context, input: UnlinkComplaintInput): Promise<InvestigationStepResult> {
    return this.step(ctx, input, 'complaint_unlinked', { action: 'unlinkComplaint', input }, async (inv, { scope, now, events }) => {
      if (!input.reason.trim()) throw fail(ctx, problem('/reason', 'REQUIRED', 'say why the complaint is unlinked'));
      const uuid = localUuid(input.complaintId, 'Complaint');
      const link = uuid ? await scope.em.findOne(InvestigationLink, { investigationId: inv.id, complaintId: uuid, unlinkedAt: null }) : null;
      if (!link) throw fail(ctx, problem('/complaintId', 'NOT_LINKED', 'that complaint is not linked to this investigation'));
      Object.assign(link, { unlinkedAt: now, unlinkedBy: ctx.principal.id, unlinkReason: input.reason });
      const c = await scope.em.findOneOrFail(Complaint, { id: uuid! });
      events.push(linkEvent(ctx, c, inv, 'unlinked', input.reason, now));
      return { removed: c.number };
    });
  }

  setTeam(ctx: Context, input: SetInvestigationTeamInput): Promise<InvestigationStepResult> {
    return this.step(ctx, input, 'team_set', { action: 'setInvestigationTeam', input }, async (inv, { scope, org }) => {
      const team = await this.resolveTeam(scope.em, ctx, org, inv.leaderLevel, { leaderId: input.leaderId, championId: input.championId ?? null, members: input.members, leaderRequired: true });
      inv.leaderId = team.leaderId;
      inv.championId = team.championId;
      inv.team = team.members;
      return {};
    });
  }

  // ---------------------------------------------------------------- sections

  saveDraft(ctx: Context, input: SaveSectionDraftInput): Promise<SectionStepResult> {
    return this.sectionStep(ctx, input, 'saveSectionDraft', 'section_draft_saved', async (section, def) => {
      const validate = this.schemas.compileSchema(def.schema);
      section.draft = input.data;
      section.draftProblems = validate(input.data) ? [] : toProblems(validate.errors, '/data', ctx.locale).map(({ path, code, message }) => ({ path, code, message }));
      return null;
    });
  }

  submit(ctx: Context, input: SectionStepInput): Promise<SectionStepResult> {
    return this.sectionStep(ctx, input, 'submitSection', 'section_submitted', async (section, def, { scope, now }) => {
      const missing = await this.unsigned(scope.em, section.investigationId, def.prerequisites ?? []);
      if (missing.length) return new PrerequisitesNotMetError(def.key, missing);
      const validate = this.schemas.compileSchema(def.schema);
      if (!validate(section.draft)) return new ValidationError(toProblems(validate.errors, '/data', ctx.locale), ctx.locale);
      Object.assign(section, { data: section.draft, draftProblems: [], submittedBy: ctx.principal.id, submittedAt: now });
      return null;
    });
  }

  async signOff(ctx: Context, input: SignOffSectionInput): Promise<SectionStepResult> {
    // Before the write: a wrong password must count toward the lockout though the sign-off is refused.
    const signer = await this.signatures.authenticate(ctx, input.signature);
    if (signer instanceof SignatureError) return signer;
    return this.sectionStep(ctx, input, 'signOffSection', 'section_signed_off', async (section, def, { scope, now }) => {
      const refused = this.signatures.check(def.signature, signer);
      if (refused) return refused;
      if (signer && input.meaning?.trim() && input.meaning.trim() !== signer.meaning) return new ValidationError([problem('/meaning', 'MEANING_MISMATCH', 'the sign-off and its signature state different meanings')], ctx.locale);
      const role = ctx.principal.roles.includes(def.signOffRole) ? def.signOffRole : ADMIN;
      const meaning = signer?.meaning ?? (input.meaning?.trim() || PLAIN_SIGN_OFF_MEANING.key);
      const signOff: InvestigationSection['signOffs'][number] = { by: ctx.principal.id, name: signer?.name ?? ctx.principal.name, role, meaning, comment: input.comment ?? null, at: now.toISOString() };
      if (signer) signOff.signature = this.signatures.sign(scope.em, scope.tenantId, signer, { recordType: 'InvestigationSection', recordId: section.id, content: sectionSignedContent(section, signOff) }, now);
      section.signOffs = [...section.signOffs, signOff];
      return null;
    });
  }

  reopenSection(ctx: Context, input: ReopenSectionInput): Promise<SectionStepResult> {
    return this.sectionStep(ctx, input, 'reopenSection', 'section_reopened', async (section, _def, { now }) => {
      if (!input.reason.trim()) return new ValidationError([problem('/reason', 'REQUIRED', 'say why the section is reopened')], ctx.locale);
      this.reopen(section, ctx.principal.id, input.reason, now);
      return null;
    }, input.reason);
  }

  // ---------------------------------------------------------------- effectiveness and closing

  scheduleEffectivenessCheck(ctx: Context, input: ScheduleEffectivenessCheckInput): Promise<InvestigationStepResult> {
    return this.step(ctx, input, 'effectiveness_check_scheduled', { action: 'scheduleEffectivenessCheck', input }, async (inv, { scope, template, now }) => {
      const missing = await this.unsigned(scope.em, inv.id, template.sections.map((s) => s.key));
      if (missing.length) return new PrerequisitesNotMetError('effectivenessCheck', missing);
      const problems = [];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.scheduledFor) || !DateTime.fromISO(input.scheduledFor).isValid) problems.push(problem('/scheduledFor', 'FORMAT', 'must be a date YYYY-MM-DD'));
      if (!input.criteria.trim()) problems.push(problem('/criteria', 'REQUIRED', 'what must hold for the correction to count as effective?'));
      if (problems.length) throw fail(ctx, ...problems);
      inv.effectiveness = { scheduledFor: input.scheduledFor, criteria: input.criteria, scheduledBy: ctx.principal.id, scheduledAt: now.toISOString(), result: null, evidence: null, recordedBy: null, recordedAt: null };
      return {};
    });
  }

  async recordEffectivenessResult(ctx: Context, input: RecordEffectivenessResultInput): Promise<InvestigationStepResult> {
    const signer = await this.signatures.authenticate(ctx, input.signature);
    if (signer instanceof SignatureError) return signer;
    return this.step(ctx, input, input.passed ? 'effectiveness_passed' : 'effectiveness_failed', { action: 'recordEffectivenessResult', input, facts: { passed: input.passed } }, async (inv, { scope, template, org, now }) => {
      const problems = [];
      if (!input.evidence.trim()) problems.push(problem('/evidence', 'REQUIRED', 'record the evidence'));
      // Before the scheduled date (the plant's day) the check has not run its course: say why it is judged now.
      const today = DateTime.fromJSDate(now, { zone: org.calendar.timeZone }).toISODate()!;
      const early = today < inv.effectiveness!.scheduledFor;
      if (early && !input.reason?.trim()) problems.push(problem('/reason', 'REQUIRED', `the check is scheduled for ${inv.effectiveness!.scheduledFor}: say why its result is recorded before then`));
      if (problems.length) throw fail(ctx, ...problems);
      const check = { ...inv.effectiveness!, result: input.passed ? ('passed' as const) : ('failed' as const), evidence: input.evidence, recordedBy: ctx.principal.id, recordedAt: now.toISOString(), ...(early ? { earlyReason: input.reason!.trim() } : {}) };
      if (input.passed) {
        const refused = this.signatures.check(template.closure?.signature, signer);
        if (refused) return refused;
        inv.effectiveness = check;
        inv.closedAt = now;
        inv.closure = { by: ctx.principal.id, at: now, how: 'effectiveness-passed', evidence: input.evidence };
        this.signClosure(scope, inv, signer, now);
        return {};
      }
      // A failed check closes nothing: there is no closure to sign.
      if (signer) throw fail(ctx, problem('/signature', 'NOT_SIGNABLE', 'a failed effectiveness check is not signed; the closure is'));
      // Not effective: the root cause was not (all) found. Its analysis reopens, with everything built on it.
      inv.history = [...inv.history, check];
      inv.effectiveness = null;
      const keys = [template.rootCauseSection, ...dependentsOf(template, template.rootCauseSection)];
      const sections = (await scope.em.find(InvestigationSection, { investigationId: inv.id, key: { $in: keys } })).filter((x) => x.status !== SECTION.EMPTY && x.status !== SECTION.DRAFT);
      for (const s of sections) this.reopen(s, ctx.principal.id, `effectiveness check failed: ${input.evidence}`, now);
      // The failed check (with its evidence) is in no snapshot: the event carries it.
      return { reopened: keys.filter((k) => sections.some((s) => s.key === k)), check };
    });
  }

  async close(ctx: Context, input: CloseInvestigationInput): Promise<InvestigationStepResult> {
    const signer = await this.signatures.authenticate(ctx, input.signature);
    if (signer instanceof SignatureError) return signer;
    return this.step(ctx, input, 'cancelled', { action: 'closeInvestigation', input }, async (inv, { scope, template, now }) => {
      if (!input.reason.trim()) throw fail(ctx, problem('/reason', 'REQUIRED', 'say why it closes without completing'));
      const refused = this.signatures.check(template.closure?.signature, signer);
      if (refused) return refused;
      inv.closedAt = now;
      inv.closure = { by: ctx.principal.id, at: now, how: 'cancelled', reason: input.reason };
      this.signClosure(scope, inv, signer, now);
      return {};
    });
  }

  // ---------------------------------------------------------------- queries

  async get(ctx: Context, globalId: string): Promise<Investigation> {
    const id = localUuid(globalId, 'Investigation');
    const inv = id ? await ctx.em.findOne(Investigation, { $and: [{ id }, visibleInvestigations(ctx.em, await this.sight(ctx))] }) : null;
    if (!inv) throw publicError('NOT_FOUND', `No investigation with id ${globalId}`);
    return inv;
  }

  async list(ctx: Context, args: InvestigationsArgs): Promise<Connection<Investigation>> {
    const f = args.filter;
    const where: Record<string, unknown> = {};
    if (f?.statuses?.length) where.status = { $in: f.statuses };
    if (f?.templateKeys?.length) where.templateKey = { $in: f.templateKeys };
    if (f?.departments?.length) where.department = { $in: f.departments };
    if (f?.severities?.length) where.severity = { $in: f.severities };
    // A bare uuid or global ID matches the leader stored as user:<uuid> / api-key:<uuid>; an unknown id matches as given.
    if (f?.leaderId) where.leaderId = (await lookUpPrincipal(ctx.em, ctx.tenant.id, f.leaderId))?.id ?? f.leaderId;
    if (f?.complaintId) {
      const uuid = localUuid(f.complaintId, 'Complaint');
      const links = uuid ? await ctx.em.find(InvestigationLink, { complaintId: uuid, unlinkedAt: null }) : [];
      where.id = { $in: links.map((l) => l.investigationId) };
    }
    if (f?.overdue !== undefined && f.overdue !== null) {
      const overdue = this.subjectsDueBefore(ctx.em, ctx.tenant.id, 'Investigation', this.now());
      where.$and = [...((where.$and as unknown[]) ?? []), { id: f.overdue ? { $in: overdue } : { $nin: overdue } }];
    }
    if (f?.dueBefore) where.$and = [...((where.$and as unknown[]) ?? []), { id: { $in: this.subjectsDueBefore(ctx.em, ctx.tenant.id, 'Investigation', f.dueBefore) } }];
    return cursorPage(ctx.em, Investigation, { $and: [where, visibleInvestigations<Investigation>(ctx.em, await this.sight(ctx))] }, args, { createdAt: 'desc', id: 'desc' });
  }

  /**
   * Recurrence: other investigations (open or closed, not cancelled) on the same part number and category,
   * and equal in the type's recurrenceKeys, not yet linked to the complaint.
   */
  async suggestions(em: EntityManager, c: Complaint, visible: FilterQuery<Investigation> = {}): Promise<Investigation[]> {
    if (!c.category) return [];
    const type = await this.complaintType(em, c.tenant.id, c);
    const partNumber = intakeText(type, c.data, 'partNumber');
    if (partNumber === null) return [];
    const linked = (await em.find(InvestigationLink, { complaintId: c.id, unlinkedAt: null })).map((l) => l.investigationId);
    const candidates = await em.find(Investigation, { $and: [{ partNumber, category: c.category, status: { $ne: STATUS.CANCELLED }, ...(linked.length ? { id: { $nin: linked } } : {}) }, visible] }, { orderBy: { createdAt: 'desc' }, limit: 200 });
    const wanted = recurrenceValues(type, c);
    return candidates.filter((i) => Object.entries(wanted).every(([pointer, value]) => JSON.stringify(i.recurrenceValues?.[pointer] ?? null) === JSON.stringify(value))).slice(0, 20);
  }

  async sectionsOf(em: EntityManager, tenantId: string, inv: Investigation): Promise<Array<{ section: InvestigationSection; def: Section }>> {
    const template = await this.pinned(em, tenantId, inv);
    const rows = new Map((await em.find(InvestigationSection, { investigationId: inv.id })).map((s) => [s.key, s]));
    return template.sections.filter((d) => rows.has(d.key)).map((def) => ({ section: rows.get(def.key)!, def }));
  }

  /** A section's definition in its investigation's pinned template. */
  async sectionDef(em: EntityManager, tenantId: string, section: InvestigationSection): Promise<Section> {
    const inv = await em.findOneOrFail(Investigation, { id: section.investigationId });
    const def = (await this.pinned(em, tenantId, inv)).sections.find((s) => s.key === section.key);
    if (!def) throw new Error(`section ${section.key} is not in ${inv.templateKey}@${inv.templateVersion}`);
    return def;
  }

  /** `visible` narrows to the complaints the caller may see (reports and callers who see all: everything). */
  async complaintsOf(em: EntityManager, inv: Investigation, visible: FilterQuery<Complaint> = {}): Promise<Complaint[]> {
    const links = await em.find(InvestigationLink, { investigationId: inv.id, unlinkedAt: null }, { orderBy: { linkedAt: 'asc' } });
    const complaints = new Map((await em.find(Complaint, { $and: [{ id: { $in: links.map((l) => l.complaintId) } }, visible] })).map((c) => [c.id, c]));
    return links.map((l) => complaints.get(l.complaintId)).filter((c): c is Complaint => !!c);
  }

  /**
   * The open investigations (neither closed nor cancelled) linked to each of the complaints, in the order of
   * the ids: the one rule for refusing a second investigation and for not offering decideInvestigation.
   */
  async openInvestigationsOf(em: EntityManager, complaintIds: string[]): Promise<Array<{ complaintId: string; investigation: Investigation }>> {
    if (!complaintIds.length) return [];
    const links = await em.find(InvestigationLink, { complaintId: { $in: complaintIds }, unlinkedAt: null }, { orderBy: { linkedAt: 'asc', id: 'asc' } });
    if (!links.length) return [];
    const open = new Map((await em.find(Investigation, { id: { $in: [...new Set(links.map((l) => l.investigationId))] }, status: { $in: OPEN_STATUSES } })).map((i) => [i.id, i]));
    return complaintIds.flatMap((complaintId) => links.filter((l) => l.complaintId === complaintId && open.has(l.investigationId)).map((l) => ({ complaintId, investigation: open.get(l.investigationId)! })));
  }

  /** openInvestigationsOf one complaint; the calls made while GraphQL resolves one level of a list (the availableActions of 100 complaints) are one query. */
  openInvestigationsOfComplaint(em: EntityManager, complaintId: string): Promise<Investigation[]> {
    let loader = this.openLoaders.get(em);
    if (!loader) {
      loader = new DataLoader(
        async (ids: readonly string[]) => {
          const open = await this.openInvestigationsOf(em, [...ids]);
          return ids.map((id) => open.filter((o) => o.complaintId === id).map((o) => o.investigation));
        },
        // A request reads them again after a step that opens or closes one: no memo across calls.
        { cache: false },
      );
      this.openLoaders.set(em, loader);
    }
    return loader.load(complaintId);
  }

  async investigationsOf(em: EntityManager, complaintId: string, visible: FilterQuery<Investigation> = {}): Promise<Investigation[]> {
    const links = await em.find(InvestigationLink, { complaintId, unlinkedAt: null });
    return links.length ? em.find(Investigation, { $and: [{ id: { $in: links.map((l) => l.investigationId) } }, visible] }, { orderBy: { createdAt: 'asc' } }) : [];
  }

  async hasLinkedInvestigation(em: EntityManager, complaintId: string): Promise<boolean> {
    return (await em.count(InvestigationLink, { complaintId, unlinkedAt: null })) > 0;
  }

  pinned(em: EntityManager, tenantId: string, inv: Investigation): Promise<InvestigationTemplate> {
    return this.templates.templateVersion<InvestigationTemplate>(em, tenantId, 'investigation', inv.templateKey, inv.templateVersion).then((t) => {
      if (!t) throw new Error(`investigation ${inv.id} is pinned to missing template ${inv.templateKey}@${inv.templateVersion}`);
      return t;
    });
  }

  // ---------------------------------------------------------------- the step runners

  /** One step (`rule.action`, the mutation refusals name) on the investigation itself (version-checked). `fn` returns event details, or an error result. */
  private async step(
    ctx: StepCaller,
    input: { id: string; version: number },
    event: string,
    rule: StepRule,
    fn: (inv: Investigation, env: Env) => Promise<Record<string, unknown> | Exclude<InvestigationStepResult, Investigation>>,
  ): Promise<InvestigationStepResult> {
    const id = localUuid(input.id, 'Investigation');
    if (!id) return new NotFoundError(input.id);
    const sight = await this.sight(ctx);
    let details: Record<string, unknown> = {};
    let leaderMay = false;
    return (await this.kernel.run<Investigation, Env, InvestigationTransition, ReturnType<typeof snapshot>>({
      tenantId: ctx.tenant.id,
      action: rule.action,
      caller: ctx,
      load: async (scope) => (await scope.em.findOne(Investigation, { $and: [{ id }, visibleInvestigations(scope.em, sight)] })) ?? new NotFoundError(input.id),
      stale: (inv) => versionCheck(input.version, inv.version),
      conflict: () => this.conflict(input.version, () => ctx.em.fork().findOne(Investigation, { id })),
      env: async (scope, inv) => {
        const template = await this.pinned(scope.em, ctx.tenant.id, inv);
        const machine = await this.investigationMachines.of(scope.em, ctx.tenant.id, template.workflow);
        leaderMay = machine.transitionsOf(rule.action).some((t) => t.leader);
        return { scope, template, machine, org: await this.org(scope.em, ctx.tenant.id), now: this.now(), events: [] };
      },
      machines: (inv, { machine }) => [{ machine, status: inv.status }],
      rolesFirst: true,
      roles: (t, _inv, { template }) => this.rolesOf(t.roles, template),
      alsoMay: (inv) => leaderMay && inv.leaderId === ctx.principal.id,
      snapshot,
      // The closure signed in the step shows the status it enters.
      resolve: 'before-apply',
      when: async () => (when) => this.schemas.compileSchema(when as object)(rule.facts ?? {}) as boolean,
      apply: async (inv, env) => {
        const result = await fn(inv, env);
        if (result instanceof ErrorResult) return result;
        details = result;
      },
      setStatus: (inv, to) => {
        inv.status = to;
      },
      effects: async (inv, _moved, env) => {
        inv.updatedAt = env.now;
      },
      settle: (scope, inv, { template, now }) => this.changed(scope, inv, template, now),
      event: (inv, _moved, before, { now, events }) => [
        ...events,
        {
          occurredAt: now,
          type: `investigation.${event}`,
          subjectType: 'Investigation',
          subjectId: inv.id,
          subjectNumber: inv.number,
          actor: actorOf(ctx),
          reason: (rule.input as { reason?: string }).reason ?? null,
          data: { ...details, before, after: snapshot(inv) },
        },
      ],
    })) as InvestigationStepResult;
  }

  /** One step (`action`, the mutation refusals name) on one section (version-checked on the section): possible in the investigation's machine and the section's, by the role the template names for it. */
  private async sectionStep(
    ctx: StepCaller,
    input: SectionStepInput,
    action: string,
    event: string,
    fn: (section: InvestigationSection, def: Section, env: Env) => Promise<Exclude<SectionStepResult, InvestigationSection> | null>,
    reason: string | null = null,
  ): Promise<SectionStepResult> {
    const id = localUuid(input.investigationId, 'Investigation');
    if (!id) return new NotFoundError(input.investigationId);
    const sight = await this.sight(ctx);
    let inv!: Investigation;
    let template!: InvestigationTemplate;
    let def!: Section;
    return (await this.kernel.run<InvestigationSection, Env, InvestigationTransition, ReturnType<typeof sectionSnapshot>>({
      tenantId: ctx.tenant.id,
      action,
      caller: ctx,
      load: async (scope) => {
        const found = await scope.em.findOne(Investigation, { $and: [{ id }, visibleInvestigations(scope.em, sight)] });
        if (!found) return new NotFoundError(input.investigationId);
        inv = found;
        template = await this.pinned(scope.em, ctx.tenant.id, inv);
        const defined = template.sections.find((s) => s.key === input.section);
        const section = defined && (await scope.em.findOne(InvestigationSection, { investigationId: inv.id, key: defined.key }));
        if (!defined || !section) return new ValidationError([problem('/section', 'UNKNOWN_SECTION', `${inv.templateKey} has no section ${JSON.stringify(input.section)}`)], ctx.locale);
        def = defined;
        return section;
      },
      stale: (section) => versionCheck(input.version, section.version),
      conflict: () => this.conflict(input.version, async () => (await ctx.em.fork().findOne(InvestigationSection, { investigationId: id, key: input.section })) ?? null),
      env: async (scope) => ({
        scope,
        template,
        machine: await this.investigationMachines.of(scope.em, ctx.tenant.id, template.workflow),
        section: await this.sectionMachines.of(scope.em, ctx.tenant.id, template.sectionWorkflow),
        org: await this.org(scope.em, ctx.tenant.id),
        now: this.now(),
        events: [],
      }),
      machines: (section, { machine, section: sectionMachine }) => [
        { machine, status: inv.status },
        { machine: sectionMachine!, status: section.status },
      ],
      rolesFirst: true,
      roles: (t) => t.roles.map((r) => (r === '$owner' ? def.ownerRole : r === '$signer' ? def.signOffRole : r)),
      snapshot: sectionSnapshot,
      apply: async (section, env) => (await fn(section, def, env)) ?? undefined,
      setStatus: (section, to) => {
        section.status = to;
      },
      effects: async (section, _moved, env) => {
        section.updatedAt = env.now;
      },
      settle: (scope, _section, { now }) => this.changed(scope, inv, template, now),
      event: (section, _moved, before, { now, events }) => [
        ...events,
        {
          occurredAt: now,
          type: `investigation.${event}`,
          subjectType: 'Investigation',
          subjectId: inv.id,
          subjectNumber: inv.number,
          actor: actorOf(ctx),
          reason,
          data: { section: def.key, before, after: sectionSnapshot(section), ...(section.draftProblems.length ? { draftProblems: section.draftProblems } : {}) },
        },
      ],
    })) as SectionStepResult;
  }

  /** A lost optimistic-lock race: CONFLICT with the version stored now. */
  private async conflict<T extends { version: number }>(version: number, current: () => Promise<T | null>): Promise<ConflictError | NotFoundError> {
    const now = await current();
    return now ? new ConflictError(version, now.version) : new NotFoundError('');
  }

  /** The role keys of a machine step, with `$workers` and `$signers` resolved against the pinned template. */
  private rolesOf(roles: string[], template: InvestigationTemplate): string[] {
    return [...new Set(roles.flatMap((r) => (r === '$workers' ? this.workerRoles(template) : r === '$signers' ? this.signerRoles(template) : [r])))];
  }

  // ---------------------------------------------------------------- helpers

  /** Signs the closure just recorded (a signer given): the summary goes onto the closure, so the event shows it. */
  private signClosure(scope: WriteScope, inv: Investigation, signer: Signer | null, now: Date): void {
    if (!signer || !inv.closure) return;
    inv.closure = { ...inv.closure, signature: this.signatures.sign(scope.em, scope.tenantId, signer, { recordType: 'InvestigationClosure', recordId: inv.id, content: closureSignedContent(inv) }, now) };
  }

  private reopen(section: InvestigationSection, by: string, reason: string, now: Date): void {
    section.reopenings = [...section.reopenings, { by, reason, fromStatus: section.status, at: now.toISOString() }];
    section.draft = section.data ?? section.draft;
    section.status = SECTION.DRAFT;
    section.updatedAt = now;
  }

  /** Which of the keys are not signed off. */
  private async unsigned(em: EntityManager, investigationId: string, keys: string[]): Promise<string[]> {
    if (!keys.length) return [];
    const signed = new Set((await em.find(InvestigationSection, { investigationId, key: { $in: keys }, status: SECTION.SIGNED_OFF })).map((s) => s.key));
    return keys.filter((k) => !signed.has(k));
  }

  /**
   * The leader, champion and members named, resolved against the tenant's enabled users and live API keys
   * (UNKNOWN_PRINCIPAL at the path of each that is neither) and returned by their canonical ids, so a bare
   * uuid is stored as `user:<uuid>` / `api-key:<uuid>`. The leader must be at or above the required level by
   * rank: the higher of a user's own level and their roles' levels (a key's roles only). Every problem is
   * reported at once; any problem aborts the write.
   */
  private async resolveTeam(
    em: EntityManager,
    caller: StepCaller,
    org: OrganizationTemplate,
    level: string,
    named: { leaderId: string | null; championId: string | null; members?: Array<{ principalId: string; role: string }>; leaderRequired?: boolean },
  ): Promise<{ leaderId: string | null; championId: string | null; members: Array<{ principalId: string; role: string }> }> {
    const members = named.members ?? [];
    const found = await lookUpPrincipals(em, caller.tenant.id, [named.leaderId, named.championId, ...members.map((m) => m.principalId)], { activeOnly: true });
    const problems: ValidationProblem[] = [];
    const resolve = (ref: string | null, path: string): string | null => {
      if (!ref) return null;
      const entry = found.get(ref);
      if (!entry) problems.push(problem(path, 'UNKNOWN_PRINCIPAL', `no enabled user or live API key ${JSON.stringify(ref)} in this tenant`));
      return entry?.id ?? null;
    };
    if (named.leaderRequired && !named.leaderId?.trim()) problems.push(problem('/leaderId', 'REQUIRED', 'name the leader'));
    const leaderId = resolve(named.leaderId?.trim() ? named.leaderId : null, '/leaderId');
    const required = org.levels.find((x) => x.key === level)?.rank ?? 0;
    const leader = named.leaderId ? found.get(named.leaderId) : undefined;
    if (leader && principalRank(org, leader) < required) problems.push(problem('/leaderId', 'LEADER_LEVEL_TOO_LOW', `the leader must be at level ${level} or above`));
    const championId = resolve(named.championId?.trim() ? named.championId : null, '/championId');
    const seen = new Set<string>();
    const team = members.map((m, i) => {
      if (!m.principalId.trim() || !m.role.trim()) {
        problems.push(problem(`/members/${i}`, 'REQUIRED', 'a member needs a principal and a role'));
        return { principalId: m.principalId, role: m.role };
      }
      const id = resolve(m.principalId, `/members/${i}/principalId`);
      if (id && seen.has(id)) problems.push(problem(`/members/${i}/principalId`, 'DUPLICATE', 'each principal is on the team once'));
      if (id) seen.add(id);
      return { principalId: id ?? m.principalId, role: m.role };
    });
    if (problems.length) throw fail(caller, ...problems);
    return { leaderId, championId, members: team };
  }

  /** Who works on the report: its sections' owners and signers. */
  /** Who may record its closing evaluation: its sections' signers (and its leader, checked by the caller). */
  async closingRoles(em: EntityManager, tenantId: string, inv: Investigation): Promise<string[]> {
    const template = await this.templates.templateVersion<InvestigationTemplate>(em, tenantId, 'investigation', inv.templateKey, inv.templateVersion);
    return template ? this.signerRoles(template) : [];
  }

  private workerRoles(t: InvestigationTemplate): string[] {
    return [...new Set(t.sections.flatMap((s) => [s.ownerRole, s.signOffRole]))];
  }

  /** Who decides on it: its sections' signers. */
  private signerRoles(t: InvestigationTemplate): string[] {
    return [...new Set(t.sections.map((s) => s.signOffRole))];
  }

  private holds(ctx: StepCaller, roles: string[]): boolean {
    return ctx.principal.roles.includes(ADMIN) || roles.some((r) => ctx.principal.roles.includes(r));
  }

  /** Whether the caller may see a signed section: whether they see its investigation. */
  private async seesSection(ctx: Context, sectionId: string): Promise<boolean> {
    const sight = await this.sight(ctx);
    if (sight.all) return true;
    const section = await ctx.em.findOne(InvestigationSection, { id: sectionId });
    return seesSubject(ctx.em, sight, { subjectType: 'Investigation', subjectId: section ? section.investigationId : sectionId });
  }

  /** What the caller may see (visibility rules of the organization template). */
  private sight(ctx: StepCaller): Promise<Sight> {
    return sightOf(this.templates, ctx.em, ctx, this.db.dialect);
  }

  private async org(em: EntityManager, tenantId: string): Promise<OrganizationTemplate> {
    const org = await this.templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default');
    if (!org) throw new Error(`tenant ${tenantId} has no organization template`);
    return org.content;
  }

  private async complaintType(em: EntityManager, tenantId: string, c: Complaint): Promise<ComplaintTypeTemplate> {
    const type = await this.templates.templateVersion<ComplaintTypeTemplate>(em, tenantId, 'complaint-type', c.typeKey, c.templateVersion);
    if (!type) throw new Error(`complaint ${c.id} is pinned to missing type ${c.typeKey}@${c.templateVersion}`);
    return type;
  }

  private now(): Date {
    return this.scheduler.clock.now();
  }
}
