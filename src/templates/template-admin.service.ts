import type { EntityManager } from '@mikro-orm/core';
import type { Tenant } from '../db/tenant.entity';
import { actorOf } from '../auth';
import type { Database, WriteScope } from '../db/database';
import { type Clock, systemClock } from '../scheduler';
import { appendEvent, SYSTEM_ACTOR } from '../db/event-log';
import { holds, organizationOf } from '../auth';
import { ConflictError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { ErrorCode } from '../shared/errors/error-code';
import { principalNames } from '../auth';
import type { Signer, SignatureService, SignatureSummary } from '../signatures';
import { SignatureError } from '../signatures';
import { summaryView } from '../signatures';
import type { OrganizationTemplate } from '../__generated__';
import { publicError } from '../shared/errors/public-error';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import type { Context } from '../shared/request-context';
import {
  BreakingChangeUnconfirmed,
  type ChangeOp,
  Compatibility,
  type RetireTemplateInput,
  type TemplateChange,
  TemplateInUseError,
  type TemplateReference,
  type CreateTemplateDraftInput,
  DraftExistsError,
  ImportedTemplates,
  type TemplateDiff,
  kindOf,
  type PublishTemplateInput,
  TemplateDraftInfo,
  TemplateInvalidError,
  type TemplateKindEnum,
  TemplateSummary,
  type TemplateValidation,
  TemplateVersionInfo,
  toProblemType,
  type UpdateTemplateDraftInput,
  type ValidateTemplateInput,
} from './template-admin.types';
import { checkTemplate, hasErrors, type TemplateProblem, type TemplateSet } from './template-check';
import { TemplateDraft } from './template-draft.entity';
import { templateContent } from './template-files';
import { TEMPLATE_KIND_NAMES, type TemplateKind } from '../shared/template-kinds';
import { TemplateVersion } from './template-version.entity';
import { diffSummary, diffTemplates, type TemplateChange as Change } from './template-diff';
import { TemplateRetirement } from './template-retirement.entity';
import { TemplateSource } from './template-source';
import { toProblems } from '../shared/json-schema/schema-compiler';
import type { TemplateService } from './template.service';
import type { ComplaintTypeTemplate } from '../__generated__';
import { canonicalJson } from '../shared/canonical-json';
import { toGlobalId } from '../shared/graphql/global-id';
import { complaintFacts, evaluateRules } from './rules';
import { type DryRunChange, type DryRunComplaint, TemplateDryRun } from './rules.types';


export const BUNDLE_FORMAT = 'complaint-qms.templates/v1';

/** Export/import format: the latest version of each template. */
export interface TemplateBundle {
  format: typeof BUNDLE_FORMAT;
  templates: Array<{ kind: TemplateKind; key: string; version?: number; content: Record<string, unknown> }>;
}

const BUNDLE_SCHEMA = {
  type: 'object',
  required: ['format', 'templates'],
  additionalProperties: false,
  properties: {
    format: { const: BUNDLE_FORMAT },
    templates: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['kind', 'key', 'content'],
        additionalProperties: false,
        properties: {
          kind: { enum: TEMPLATE_KIND_NAMES },
          key: { type: 'string', minLength: 1, maxLength: 100 },
          version: { type: 'integer', minimum: 1 },
          content: { type: 'object' },
        },
      },
    },
  },
};


/** A complaint as the dry run reads it. */
export type DryRunSubject = Parameters<typeof complaintFacts>[1] & { id: string; number: string; templateVersion: number };
/**
 * The tenant's most recent complaints of a type, newest first: given by the complaints feature at the
 * composition root (src/app.ts), so templates does not depend on complaints.
 */
export type RecentComplaints = (em: EntityManager, typeKey: string, limit: number) => Promise<DryRunSubject[]>;
/**
 * Admins change the process here: drafts (saved even when invalid, with their problems), validation,
 * publishing as an immutable version N+1, and the version history. Every change is an event.
 */
export class TemplateAdminService {
  /** `signatures` absent (the templates CLI): a publication the organization requires a signature for is refused. */
  private recentComplaints: RecentComplaints | null = null;

  constructor(
    private readonly db: Database,
    private readonly schemas: SchemaCompiler,
    private readonly templates: TemplateService,
    private readonly signatures: SignatureService | null = null,
    /** "Now" of the checks that look ahead (the calendar's holiday data for the next 12 months). */
    private readonly clock: Clock = systemClock,
  ) {
    signatures?.register(
      'TemplatePublication',
      async (em, recordId, signatureId) => {
        const row = await em.findOne(TemplateVersion, { id: recordId });
        if (!row) return null;
        return row.signature?.id === signatureId ? { carries: true, content: publicationSignedContent(row) } : { carries: false };
      },
      async (ctx) => holds(await organizationOf(this.templates, ctx), ctx.principal.roles, 'template.read'),
    );
  }

  async list(ctx: Context, kind?: TemplateKindEnum | null): Promise<TemplateSummary[]> {
    const where = kind ? { kind: kindOf(kind) } : {};
    const [latest, drafts, retirements] = await Promise.all([
      this.latestVersions(ctx.em, where),
      ctx.em.find(TemplateDraft, where, { fields: ['kind', 'key'] }),
      ctx.em.find(TemplateRetirement, where),
    ]);
    const retired = new Map(retirements.map((r) => [`${r.kind}/${r.key}`, r]));
    const names = await principalNames(ctx.em, ctx.tenant.id, retirements.map((r) => r.retiredBy));
    const summaries = new Map<string, TemplateSummary>();
    const summary = (k: string, key: string, latestVersion: number | null): TemplateSummary => {
      const r = retired.get(`${k}/${key}`);
      return { kind: k as TemplateKindEnum, key, latestVersion, hasDraft: false, retired: r ? retirementInfo(r, names) : null };
    };
    for (const v of latest.values()) summaries.set(`${v.kind}/${v.key}`, summary(v.kind, v.key, v.version));
    for (const d of drafts) {
      const id = `${d.kind}/${d.key}`;
      summaries.set(id, { ...(summaries.get(id) ?? summary(d.kind, d.key, null)), hasDraft: true });
    }
    return [...summaries.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
  }

  async versions(ctx: Context, kind: TemplateKindEnum, key: string): Promise<TemplateVersionInfo[]> {
    const rows = await ctx.em.find(TemplateVersion, { kind: kindOf(kind), key }, { orderBy: { version: 'asc' } });
    const names = await principalNames(ctx.em, ctx.tenant.id, rows.map((r) => r.publishedBy));
    return rows.map((row, i) => versionInfo(row, names, rows[i - 1]));
  }

  /** One version (the latest when none is given); NOT_FOUND when there is none. */
  async version(ctx: Context, kind: TemplateKindEnum, key: string, version?: number | null): Promise<TemplateVersionInfo> {
    const row =
      version === undefined || version === null
        ? await ctx.em.findOne(TemplateVersion, { kind: kindOf(kind), key }, { orderBy: { version: 'desc' } })
        : await ctx.em.findOne(TemplateVersion, { kind: kindOf(kind), key, version });
    if (!row) throw publicError('NOT_FOUND', `No ${kind} template ${JSON.stringify(key)}${version ? ` version ${version}` : ''}`);
    const previous = !row.diffSummary && row.version > 1 ? await ctx.em.findOne(TemplateVersion, { kind: row.kind, key, version: row.version - 1 }) : null;
    return versionInfo(row, await principalNames(ctx.em, ctx.tenant.id, [row.publishedBy]), previous ?? undefined);
  }

  async draft(ctx: Context, kind: TemplateKindEnum, key: string): Promise<TemplateDraftInfo | null> {
    const draft = await ctx.em.findOne(TemplateDraft, { kind: kindOf(kind), key });
    return draft ? this.draftInfo(ctx.em, draft) : null;
  }

  async validate(ctx: Context, input: ValidateTemplateInput): Promise<TemplateValidation> {
    const content = templateContent(input.content).content;
    const problems = this.check(kindOf(input.kind), content, String(content.key ?? ''), await this.publishedSet(ctx.em));
    return { valid: !hasErrors(problems), problems: problems.map(toProblemType) };
  }

  async createDraft(ctx: Context, input: CreateTemplateDraftInput): Promise<TemplateDraftInfo | DraftExistsError | TemplateInvalidError> {
    const kind = kindOf(input.kind);
    return this.db.write(ctx.tenant.id, async (scope) => {
      const { em, tenantId } = scope;
      const existing = await em.findOne(TemplateDraft, { kind, key: input.key });
      if (existing) return new DraftExistsError(existing.version);
      const latest = await em.findOne(TemplateVersion, { kind, key: input.key }, { orderBy: { version: 'desc' } });
      if (!input.content && !latest) {
        return new TemplateInvalidError([toProblemType({ path: '', code: 'REQUIRED', message: `no published ${kind} ${JSON.stringify(input.key)} to start from: give content`, severity: 'error' })]);
      }
      const content = input.content ? templateContent(input.content).content : latest!.content;
      const draft = em.create(TemplateDraft, {
        tenant: em.getReference<Tenant>('Tenant', tenantId),
        kind,
        key: input.key,
        content,
        baseVersion: latest?.version ?? null,
        updatedBy: ctx.principal.id,
      });
      await draftSaved(scope, ctx, draft, null);
      await em.flush();
      return this.draftInfo(em, draft);
    });
  }

  async updateDraft(ctx: Context, input: UpdateTemplateDraftInput): Promise<TemplateDraftInfo | ConflictError | NotFoundError> {
    const kind = kindOf(input.kind);
    return this.db.write(ctx.tenant.id, async (scope) => {
      const draft = await scope.em.findOne(TemplateDraft, { kind, key: input.key });
      if (!draft) return new NotFoundError(`${kind}/${input.key}`);
      if (draft.version !== input.version) return new ConflictError(input.version, draft.version);
      const before = draft.content;
      draft.content = templateContent(input.content).content;
      draft.updatedBy = ctx.principal.id;
      await scope.em.flush();
      await draftSaved(scope, ctx, draft, before);
      return this.draftInfo(scope.em, draft);
    });
  }

  /**
   * Publishes the draft as version N+1 when it has no error; records pinned to older versions keep them. A
   * change the diff against the latest version calls breaking needs confirmBreaking and a reason; when the
   * organization in force asks for a publication signature (changeControl.publicationSignature), the
   * publisher signs as in a section sign-off.
   */
  async publish(
    ctx: Context,
    input: PublishTemplateInput,
  ): Promise<TemplateVersionInfo | TemplateInvalidError | ConflictError | NotFoundError | BreakingChangeUnconfirmed | ValidationError | SignatureError> {
    const kind = kindOf(input.kind);
    const reason = input.reason?.trim() || null;
    const reasonInvalid = reasonProblem(ctx, input.reason, !!input.confirmBreaking);
    if (reasonInvalid) return reasonInvalid;
    // Before the write: a wrong password must count toward the lockout though the publication is refused.
    const signer = await this.authenticate(ctx, input.signature);
    if (signer instanceof SignatureError) return signer;
    const result = await this.db.write(ctx.tenant.id, async (scope) => {
      const { em } = scope;
      const draft = await em.findOne(TemplateDraft, { kind, key: input.key });
      if (!draft) return new NotFoundError(`${kind}/${input.key}`);
      if (draft.version !== input.draftVersion) return new ConflictError(input.draftVersion, draft.version);
      const version = await this.publishVersion(scope, ctx, { kind, key: input.key, content: draft.content, source: TemplateSource.ADMIN, reason, confirmBreaking: !!input.confirmBreaking, signer });
      if (version instanceof TemplateVersionInfo) await em.remove(draft).flush();
      return version;
    });
    if (result instanceof TemplateVersionInfo) this.templates.invalidate(ctx.tenant.id);
    return result;
  }

  /**
   * Publishes `content` as the next version of kind/key in `scope`: checked against the published set, a
   * breaking change only when confirmed, signed when the organization in force asks for it; the version,
   * its event and the publication listeners. The one path of publishTemplate and adoptTemplateUpdate.
   */
  async publishVersion(
    scope: WriteScope,
    ctx: Context,
    p: { kind: TemplateKind; key: string; content: Record<string, unknown>; source: TemplateSource; reason: string | null; confirmBreaking: boolean; signer: Signer | null; data?: Record<string, unknown> },
  ): Promise<TemplateVersionInfo | TemplateInvalidError | BreakingChangeUnconfirmed | SignatureError> {
    const { em, tenantId } = scope;
    const { kind, key, reason, signer } = p;
    const published = await this.publishedSet(em);
    const problems = this.check(kind, p.content, key, published);
    if (hasErrors(problems)) return new TemplateInvalidError(problems.map(toProblemType));
    const onRetired = await this.referencesToRetired(em, kind, key, p.content);
    if (onRetired.length) return new TemplateInvalidError(onRetired.map(toProblemType));
    const latest = await em.findOne(TemplateVersion, { kind, key }, { orderBy: { version: 'desc' } });
    const { content, contentHash } = templateContent(p.content);
    const changes = latest ? diffTemplates(latest.content, content) : [];
    const breaking = changes.filter((c) => c.breaking);
    if (breaking.length && !p.confirmBreaking) return new BreakingChangeUnconfirmed(breaking.map(changeType), ctx.locale);
    const refused = this.signatureRefusal(published, signer);
    if (refused) return refused;
    const row = em.create(TemplateVersion, {
      tenant: em.getReference<Tenant>('Tenant', tenantId),
      kind,
      key,
      version: (latest?.version ?? 0) + 1,
      content,
      contentHash,
      publishedAt: new Date(),
      publishedBy: ctx.principal.id,
      reason,
      diffSummary: latest ? diffSummary(changes, latest.version) : null,
      source: p.source,
    });
    if (signer) row.signature = this.sign(scope, signer, row);
    await this.templates.published(scope, { kind, key, content, previous: latest?.content ?? null });
    await appendEvent(scope, {
      type: 'template.published',
      subjectType: 'TemplateVersion',
      subjectId: row.id,
      subjectNumber: `${kind}/${key}@${row.version}`,
      actor: actorOf(ctx),
      reason,
      data: {
        kind,
        key,
        version: row.version,
        contentHash,
        source: p.source,
        ...p.data,
        previousVersion: latest?.version ?? null,
        previousContentHash: latest?.contentHash ?? null,
        diff: row.diffSummary,
        breakingConfirmed: breaking.length > 0,
        signature: row.signature ?? null,
      },
    });
    await em.flush();
    return versionInfo(row, new Map([[ctx.principal.id, ctx.principal.name]]));
  }

  /** Where the dry run reads complaints (the composition root gives complaints' recentComplaintsOfType). */
  readComplaintsWith(read: RecentComplaints): void {
    this.recentComplaints = read;
  }

  /**
   * Evaluates a complaint type's draft against the tenant's most recent complaints of that type and lists,
   * per complaint, which decision would differ from its pinned version: routing, severity, stage 2, SLA,
   * approval route, escalation policy, and whether its data would still be valid.
   */
  async dryRun(ctx: Context, key: string, limit: number): Promise<TemplateDryRun | TemplateInvalidError | NotFoundError> {
    const draft = await ctx.em.findOne(TemplateDraft, { kind: 'complaint-type', key });
    if (!draft) return new NotFoundError(`complaint-type/${key}`);
    const problems = this.check('complaint-type', draft.content, key, await this.publishedSet(ctx.em));
    if (hasErrors(problems)) return new TemplateInvalidError(problems.map(toProblemType));
    const after = draft.content as unknown as ComplaintTypeTemplate;
    const validateAfter = this.schemas.compileSchema(after.intakeSchema);
    if (!this.recentComplaints) throw new Error('TemplateAdminService: no reader of complaints given (readComplaintsWith, at the composition root)');
    const complaints = await this.recentComplaints(ctx.em, key, Math.min(Math.max(limit, 1), 1000));
    const result = Object.assign(new TemplateDryRun(), { evaluated: complaints.length, changed: 0, complaints: [] as DryRunComplaint[] });
    for (const complaint of complaints) {
      const pinned = await this.templates.complaintTypeVersion(ctx.em, ctx.tenant.id, key, complaint.templateVersion);
      if (!pinned) continue;
      const before = evaluateRules(this.schemas, pinned.content, complaintFacts(pinned.content, complaint));
      const next = evaluateRules(this.schemas, after, complaintFacts(after, complaint));
      const changes: DryRunChange[] = (Object.keys(before) as Array<keyof typeof before>)
        .filter((field) => canonicalJson(before[field]) !== canonicalJson(next[field]))
        .map((field) => ({ field, before: before[field], after: next[field] }));
      const validNow = pinned.validate(complaint.data);
      const validAfter = validateAfter(complaint.data);
      if (validNow !== validAfter) changes.push({ field: 'dataValid', before: validNow, after: validAfter });
      if (changes.length) result.complaints.push({ complaintId: toGlobalId('Complaint', complaint.id), number: complaint.number, templateVersion: complaint.templateVersion, changes });
    }
    result.changed = result.complaints.length;
    return result;
  }

  /** Differences from version `from` to version `to` (the draft when `to` is null), each classified. */
  async diff(ctx: Context, kind: TemplateKindEnum, key: string, from: number, to?: number | null): Promise<TemplateDiff> {
    const older = await this.version(ctx, kind, key, from);
    let newer: Record<string, unknown>;
    if (to === undefined || to === null) {
      const draft = await ctx.em.findOne(TemplateDraft, { kind: kindOf(kind), key });
      if (!draft) throw publicError('NOT_FOUND', `No draft of ${kind} template ${JSON.stringify(key)}`);
      newer = draft.content;
    } else {
      newer = (await this.version(ctx, kind, key, to)).content;
    }
    const changes = diffTemplates(older.content, newer);
    return {
      kind,
      key,
      from,
      to: to ?? null,
      compatibility: changes.some((c) => c.breaking) ? Compatibility.BREAKING : Compatibility.COMPATIBLE,
      changes: changes.map((c) => ({ ...c, op: c.op as ChangeOp })),
    };
  }

  /** The latest version of every template (of the given kinds), in a stable order: the import format. */
  async exportBundle(ctx: Context, kinds?: TemplateKindEnum[] | null): Promise<TemplateBundle> {
    const latest = await this.latestVersions(ctx.em, kinds?.length ? { kind: { $in: kinds.map(kindOf) } } : {});
    return {
      format: BUNDLE_FORMAT,
      templates: [...latest.values()].map((v) => ({ kind: v.kind as TemplateKind, key: v.key, version: v.version, content: v.content })),
    };
  }

  /**
   * Checks a bundle as a set (each template against the bundle plus the tenant's published templates) and
   * publishes every changed one in one transaction; nothing at all when any has an error.
   */
  async importBundle(
    ctx: Context,
    bundle: unknown,
    options: { confirmBreaking?: boolean | null; reason?: string | null; signature?: PublishTemplateInput['signature'] } = {},
  ): Promise<ImportedTemplates | TemplateInvalidError | BreakingChangeUnconfirmed | ValidationError | SignatureError> {
    const validateBundle = this.schemas.compile('template-bundle', BUNDLE_SCHEMA);
    if (!validateBundle(bundle)) return new TemplateInvalidError(toProblems(validateBundle.errors, '').map((p) => toProblemType({ ...p, severity: 'error' })));
    const reasonInvalid = reasonProblem(ctx, options.reason, !!options.confirmBreaking);
    if (reasonInvalid) return reasonInvalid;
    const items = (bundle as TemplateBundle).templates.map((t) => ({ kind: t.kind, key: t.key, ...templateContent(t.content), file: 'import' }));
    const problems: TemplateProblem[] = [];
    const seen = new Set<string>();
    items.forEach((t, i) => {
      if (seen.has(`${t.kind}/${t.key}`)) problems.push({ path: `/templates/${i}/key`, code: 'DUPLICATE_KEY', message: `${t.kind} ${t.key} appears twice`, severity: 'error' });
      seen.add(`${t.kind}/${t.key}`);
      // The one organization of a tenant is keyed `default`: one problem here, and the checks below use it under that key.
      if (t.kind === 'organization' && t.content.key !== ORGANIZATION_KEY) problems.push(organizationKeyProblem(`/templates/${i}/content/key`, String(t.content.key)));
      else if (t.kind === 'organization' && t.key !== ORGANIZATION_KEY) problems.push(organizationKeyProblem(`/templates/${i}/key`, t.key));
    });
    const asChecked = items.map((t) => (t.kind === 'organization' ? { ...t, key: ORGANIZATION_KEY, content: { ...t.content, key: ORGANIZATION_KEY } } : t));
    const published = await this.publishedSet(ctx.em);
    const inBundle = new Map(asChecked.map((t) => [`${t.kind}/${t.key}`, t.content]));
    const set: TemplateSet = {
      get: (kind, key) => inBundle.get(`${kind}/${key}`) ?? published.get(kind, key),
      all: () => [...published.all().filter((t) => !inBundle.has(`${t.kind}/${t.key}`)), ...asChecked.map(({ kind, key, content }) => ({ kind, key, content }))],
    };
    asChecked.forEach((t, i) => {
      for (const p of this.check(t.kind, t.content, t.key, set)) problems.push({ ...p, path: `/templates/${i}/content${p.path}` });
    });
    // As for a publication: a changed template in use may not newly refer to a retired one.
    for (const [i, t] of asChecked.entries()) {
      const latest = published.get(t.kind, t.key);
      if (latest && templateContent(latest as Record<string, unknown>).contentHash === t.contentHash) continue;
      for (const p of await this.referencesToRetired(ctx.em, t.kind, t.key, t.content)) problems.push({ ...p, path: `/templates/${i}/content${p.path}` });
    }
    if (hasErrors(problems)) return new TemplateInvalidError(problems.map(toProblemType));
    const breaking = items.flatMap((t, i) => {
      const latest = published.get(t.kind, t.key) as Record<string, unknown> | undefined;
      return latest ? diffTemplates(latest, t.content).filter((c) => c.breaking).map((c) => changeType({ ...c, path: `/templates/${i}/content${c.path}` })) : [];
    });
    if (breaking.length && !options.confirmBreaking) return new BreakingChangeUnconfirmed(breaking, ctx.locale);
    const signer = await this.authenticate(ctx, options.signature);
    if (signer instanceof SignatureError) return signer;
    const refused = this.signatureRefusal(published, signer);
    if (refused) return refused;
    const versions = await this.templates.publishFiles(ctx.tenant.id, items, actorOf(ctx), TemplateSource.IMPORT, {
      reason: options.reason?.trim() || null,
      sign: signer ? (scope, row) => this.sign(scope, signer, row) : undefined,
    });
    const names = new Map([[ctx.principal.id, ctx.principal.name]]);
    return Object.assign(new ImportedTemplates(), { published: versions.map((v) => versionInfo(v, names)), unchanged: items.length - versions.length });
  }

  /** The problems publishing `content` as kind/key would meet now (the same checks as publishTemplate). */
  async problemsOf(em: EntityManager, kind: TemplateKind, key: string, content: Record<string, unknown>): Promise<TemplateProblem[]> {
    return this.check(kind, content, key, await this.publishedSet(em));
  }

  /**
   * Takes a template out of use: no new records under it, records pinned to it keep working. Refused for the
   * organization, and while a template in use (not retired) still refers to it.
   */
  async retire(ctx: Context, input: RetireTemplateInput): Promise<TemplateSummary | NotFoundError | ValidationError | TemplateInUseError> {
    const kind = kindOf(input.kind);
    const reason = input.reason.trim();
    if (kind === 'organization') return invalid(ctx, '/kind', 'NOT_RETIRABLE', '组织模板不能停用：每个租户有且只有一个组织', 'the organization cannot be retired: a tenant has exactly one');
    if (!reason) return invalid(ctx, '/reason', 'REQUIRED', '请说明停用原因', 'say why the template is retired');
    if (reason.length > MAX_REASON) return invalid(ctx, '/reason', 'TOO_LONG', `最多 ${MAX_REASON} 个字符`, `at most ${MAX_REASON} characters`);
    return this.db.write(ctx.tenant.id, async (scope) => {
      const { em } = scope;
      const latest = await em.findOne(TemplateVersion, { kind, key: input.key }, { orderBy: { version: 'desc' } });
      if (!latest) return new NotFoundError(`${kind}/${input.key}`);
      if (await em.findOne(TemplateRetirement, { kind, key: input.key })) return invalid(ctx, '/key', 'ALREADY_RETIRED', '该模板已停用', 'the template is already retired');
      const usedBy = await this.referencesTo(em, kind, input.key);
      if (usedBy.length) return new TemplateInUseError(usedBy, ctx.locale);
      const row = em.create(TemplateRetirement, { tenant: em.getReference<Tenant>('Tenant', scope.tenantId), kind, key: input.key, retiredAt: new Date(), retiredBy: ctx.principal.id, reason });
      await appendEvent(scope, {
        type: 'template.retired',
        subjectType: 'Template',
        subjectId: row.id,
        subjectNumber: `${kind}/${input.key}`,
        actor: actorOf(ctx),
        reason,
        data: { kind, key: input.key, latestVersion: latest.version, reason },
      });
      await em.flush();
      const retired = retirementInfo(row, new Map([[ctx.principal.id, ctx.principal.name]]));
      return Object.assign(new TemplateSummary(), { kind: input.kind, key: input.key, latestVersion: latest.version, hasDraft: (await em.count(TemplateDraft, { kind, key: input.key })) > 0, retired });
    });
  }

  /** Puts a retired template back in use; refused while it refers to a template that is retired. */
  async reinstate(ctx: Context, kindEnum: TemplateKindEnum, key: string): Promise<TemplateSummary | NotFoundError | ValidationError | TemplateInvalidError> {
    const kind = kindOf(kindEnum);
    return this.db.write(ctx.tenant.id, async (scope) => {
      const { em } = scope;
      const latest = await em.findOne(TemplateVersion, { kind, key }, { orderBy: { version: 'desc' } });
      if (!latest) return new NotFoundError(`${kind}/${key}`);
      const retirement = await em.findOne(TemplateRetirement, { kind, key });
      if (!retirement) return invalid(ctx, '/key', 'NOT_RETIRED', '该模板未停用', 'the template is not retired');
      const retired = new Set((await em.find(TemplateRetirement, {})).map((r) => `${r.kind}/${r.key}`));
      retired.delete(`${kind}/${key}`);
      const problems = await this.referencesGone(em, { kind, key, content: latest.content }, retired);
      if (problems.length) return new TemplateInvalidError(problems.map(toProblemType));
      em.remove(retirement);
      await appendEvent(scope, {
        type: 'template.reinstated',
        subjectType: 'Template',
        subjectId: retirement.id,
        subjectNumber: `${kind}/${key}`,
        actor: actorOf(ctx),
        data: { kind, key, latestVersion: latest.version, retiredAt: retirement.retiredAt.toISOString(), retiredBy: retirement.retiredBy, retiredReason: retirement.reason },
      });
      await em.flush();
      return Object.assign(new TemplateSummary(), { kind: kindEnum, key, latestVersion: latest.version, hasDraft: (await em.count(TemplateDraft, { kind, key })) > 0, retired: null });
    });
  }

  /** Where the latest versions of templates in use (not retired) refer to this one: what would be UNKNOWN_REFERENCE without it. */
  private async referencesTo(em: EntityManager, kind: TemplateKind, key: string): Promise<TemplateReference[]> {
    const latest = [...(await this.latestVersions(em)).values()];
    const retired = new Set((await em.find(TemplateRetirement, {})).map((r) => `${r.kind}/${r.key}`));
    retired.add(`${kind}/${key}`);
    const refs: TemplateReference[] = [];
    for (const t of latest) {
      if (retired.has(`${t.kind}/${t.key}`)) continue;
      for (const p of await this.referencesGone(em, { kind: t.kind as TemplateKind, key: t.key, content: t.content }, new Set([`${kind}/${key}`]), latest)) {
        refs.push({ kind: t.kind as TemplateKindEnum, key: t.key, path: p.path });
      }
    }
    return refs;
  }

  /**
   * A template in use may not newly refer to a retired one (it would bring it back into use unseen): each such
   * reference is TEMPLATE_RETIRED at its pointer. A retired template's own new versions are not held to it.
   */
  private async referencesToRetired(em: EntityManager, kind: TemplateKind, key: string, content: Record<string, unknown>): Promise<TemplateProblem[]> {
    const retired = new Set((await em.find(TemplateRetirement, {})).map((r) => `${r.kind}/${r.key}`));
    if (!retired.size || retired.has(`${kind}/${key}`)) return [];
    return (await this.referencesGone(em, { kind, key, content }, retired)).map((p) => ({
      ...p,
      code: 'TEMPLATE_RETIRED',
      message: `refers to a retired template (${p.message}): reinstate it first, or refer to another`,
    }));
  }

  /** The UNKNOWN_REFERENCE problems a template gets once the `gone` templates are left out of the published set. */
  private async referencesGone(em: EntityManager, t: { kind: TemplateKind; key: string; content: Record<string, unknown> }, gone: Set<string>, rows?: TemplateVersion[]): Promise<TemplateProblem[]> {
    const all = (rows ?? [...(await this.latestVersions(em)).values()]).map((v) => ({ kind: v.kind as TemplateKind, key: v.key, content: v.content }));
    const setOf = (list: typeof all): TemplateSet => ({ get: (k, kk) => list.find((x) => x.kind === k && x.key === kk)?.content, all: () => list });
    const unknown = (set: TemplateSet) => checkTemplate(this.schemas, t.kind, t.content, set).filter((p) => p.code === 'UNKNOWN_REFERENCE');
    const before = new Set(unknown(setOf(all)).map((p) => p.path));
    return unknown(setOf(all.filter((x) => !gone.has(`${x.kind}/${x.key}`)))).filter((p) => !before.has(p.path));
  }

  authenticate(ctx: Context, input: PublishTemplateInput['signature']): Promise<Signer | SignatureError | null> {
    if (this.signatures) return this.signatures.authenticate(ctx, input);
    return Promise.resolve(input ? new SignatureError(ErrorCode.SIGNER_NOT_A_USER) : null);
  }

  /** The organization in force (not the one being published) decides whether a publication is signed. */
  private signatureRefusal(published: TemplateSet, signer: Signer | null): SignatureError | null {
    const requirement = (published.get('organization', ORGANIZATION_KEY) as OrganizationTemplate | undefined)?.changeControl?.publicationSignature;
    if (this.signatures) return this.signatures.check(requirement, signer);
    return requirement?.required ? new SignatureError(ErrorCode.SIGNATURE_REQUIRED, requirement.meanings.map((m) => m.key)) : null;
  }

  private sign(scope: WriteScope, signer: Signer, row: TemplateVersion): SignatureSummary {
    return this.signatures!.sign(scope.em, scope.tenantId, signer, { recordType: 'TemplatePublication', recordId: row.id, content: publicationSignedContent(row) }, row.publishedAt);
  }

  /** The checks of template-check.ts, plus: the content's kind and key must be the ones it is saved under, and the organization's key is `default`. */
  private check(kind: TemplateKind, content: Record<string, unknown>, key: string, published: TemplateSet): TemplateProblem[] {
    const problems: TemplateProblem[] = [];
    if (content.kind !== undefined && content.kind !== kind) problems.push({ path: '/kind', code: 'KIND_MISMATCH', message: `must be ${JSON.stringify(kind)}`, severity: 'error' });
    if (kind === 'organization' && (content.key ?? key) !== ORGANIZATION_KEY) problems.push(organizationKeyProblem('/key', String(content.key ?? key)));
    else if (kind === 'organization' && key && key !== ORGANIZATION_KEY) problems.push(organizationKeyProblem('/key', key));
    else if (key && content.key !== undefined && content.key !== key) problems.push({ path: '/key', code: 'KEY_MISMATCH', message: `must be ${JSON.stringify(key)}`, severity: 'error' });
    const set: TemplateSet = {
      get: (k, kk) => (k === kind && kk === key ? content : published.get(k, kk)),
      all: () => [...published.all().filter((t) => t.kind !== kind || t.key !== key), { kind, key, content }],
    };
    return [...problems, ...checkTemplate(this.schemas, kind, content, set, this.clock.now())];
  }

  private async draftInfo(em: EntityManager, draft: TemplateDraft): Promise<TemplateDraftInfo> {
    const problems = this.check(draft.kind as TemplateKind, draft.content, draft.key, await this.publishedSet(em));
    return Object.assign(new TemplateDraftInfo(), {
      kind: draft.kind as TemplateKindEnum,
      key: draft.key,
      baseVersion: draft.baseVersion,
      version: draft.version,
      content: draft.content,
      updatedAt: draft.updatedAt,
      problems: problems.map(toProblemType),
    });
  }

  private async latestVersions(em: EntityManager, where: object = {}): Promise<Map<string, TemplateVersion>> {
    const rows = await em.find(TemplateVersion, where, { orderBy: { kind: 'asc', key: 'asc', version: 'asc' } });
    return new Map(rows.map((r) => [`${r.kind}/${r.key}`, r]));
  }

  /** The latest published version of every template of the tenant, for reference checks. */
  private async publishedSet(em: EntityManager): Promise<TemplateSet> {
    const latest = await this.latestVersions(em);
    return { get: (kind, key) => latest.get(`${kind}/${key}`)?.content, all: () => [...latest.values()].map((v) => ({ kind: v.kind as TemplateKind, key: v.key, content: v.content })) };
  }
}

/** Every saved draft is in the audit trail, before and after. */
function draftSaved(scope: WriteScope, ctx: Context, draft: TemplateDraft, before: Record<string, unknown> | null) {
  return appendEvent(scope, {
    type: 'template.draft_saved',
    subjectType: 'TemplateDraft',
    subjectId: draft.id,
    subjectNumber: `${draft.kind}/${draft.key}`,
    actor: actorOf(ctx),
    data: { before: before && { content: before }, after: { content: draft.content, baseVersion: draft.baseVersion } },
  });
}

/** The organization template's one key: reference checks, permissions and clocks look it up by it. */
const ORGANIZATION_KEY = 'default';

const MAX_REASON = 2000;

const organizationKeyProblem = (path: string, key: string): TemplateProblem => ({
  path,
  code: 'ORGANIZATION_KEY',
  message: `the organization template must be keyed "${ORGANIZATION_KEY}" (a tenant has exactly one organization), not ${JSON.stringify(key)}`,
  severity: 'error',
});

function invalid(ctx: Context, path: string, code: string, zhCN: string, en: string): ValidationError {
  return new ValidationError([new ValidationProblem(path, code, ctx.locale === 'zh-CN' ? zhCN : en)], ctx.locale);
}

/** A reason is optional unless a breaking change is confirmed; bounded in length. */
export function reasonProblem(ctx: Context, reason: string | null | undefined, confirmBreaking: boolean): ValidationError | null {
  const text = reason?.trim() ?? '';
  if (confirmBreaking && !text) return invalid(ctx, '/reason', 'REQUIRED', '确认不兼容变更时必须说明原因', 'confirming a breaking change needs a reason');
  if (text.length > MAX_REASON) return invalid(ctx, '/reason', 'TOO_LONG', `最多 ${MAX_REASON} 个字符`, `at most ${MAX_REASON} characters`);
  return null;
}

const changeType = (c: Change): TemplateChange => ({ ...c, op: c.op as ChangeOp });

/** What a publication signature is over: the version published (by its content hash) and why. */
const publicationSignedContent = (row: TemplateVersion) => ({ kind: row.kind, key: row.key, version: row.version, contentHash: row.contentHash, reason: row.reason ?? null });


function retirementInfo(r: TemplateRetirement, names: Map<string, string>): TemplateSummary['retired'] {
  return { retiredAt: r.retiredAt, retiredBy: r.retiredBy, retiredByName: names.get(r.retiredBy) ?? null, reason: r.reason };
}

/** `previous`: the version before, for versions published before change control stored their diff summary. */
export function versionInfo(row: TemplateVersion, names: Map<string, string>, previous?: TemplateVersion): TemplateVersionInfo {
  const summary = row.diffSummary ?? (previous && previous.version === row.version - 1 ? diffSummary(diffTemplates(previous.content, row.content), previous.version) : null);
  return Object.assign(new TemplateVersionInfo(), {
    kind: row.kind as TemplateKindEnum,
    key: row.key,
    version: row.version,
    contentHash: row.contentHash,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    publishedByName: names.get(row.publishedBy) ?? (row.publishedBy === SYSTEM_ACTOR.id ? SYSTEM_ACTOR.name : null),
    source: row.source,
    content: row.content,
    reason: row.reason ?? null,
    diff: summary ? { ...summary, compatibility: summary.compatibility as Compatibility } : null,
    signature: summaryView(row.signature ?? null),
  });
}
