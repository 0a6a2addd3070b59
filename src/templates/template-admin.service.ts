import type { EntityManager } from '@mikro-orm/core';
import type { Tenant } from '../auth/tenant.entity';
import { actorOf } from '../auth/principal';
import type { Database, WriteScope } from '../db/database';
import { appendEvent } from '../events/event-log';
import { ConflictError, NotFoundError } from '../shared/errors/error-results';
import { publicError } from '../shared/errors/public-error';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import type { Context } from '../server/context';
import {
  type ChangeOp,
  Compatibility,
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
import { TEMPLATE_KIND_NAMES, type TemplateKind } from './template-kinds';
import { TemplateVersion } from './template-version.entity';
import { TemplateSource } from './template-source';
import { diffTemplates } from './template-diff';
import { toProblems } from '../shared/json-schema/schema-compiler';
import type { TemplateService } from './template.service';
import type { ComplaintTypeTemplate } from '../__generated__';
import { Complaint } from '../complaints/complaint.entity';
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

/**
 * Admins change the process here: drafts (saved even when invalid, with their problems), validation,
 * publishing as an immutable version N+1, and the version history. Every change is an event.
 */
export class TemplateAdminService {
  constructor(
    private readonly db: Database,
    private readonly schemas: SchemaCompiler,
    private readonly templates: TemplateService,
  ) {}

  async list(ctx: Context, kind?: TemplateKindEnum | null): Promise<TemplateSummary[]> {
    const where = kind ? { kind: kindOf(kind) } : {};
    const [latest, drafts] = await Promise.all([this.latestVersions(ctx.em, where), ctx.em.find(TemplateDraft, where, { fields: ['kind', 'key'] })]);
    const summaries = new Map<string, TemplateSummary>();
    for (const v of latest.values()) summaries.set(`${v.kind}/${v.key}`, { kind: v.kind as TemplateKindEnum, key: v.key, latestVersion: v.version, hasDraft: false });
    for (const d of drafts) {
      const id = `${d.kind}/${d.key}`;
      summaries.set(id, { ...(summaries.get(id) ?? { kind: d.kind as TemplateKindEnum, key: d.key, latestVersion: null }), hasDraft: true });
    }
    return [...summaries.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
  }

  async versions(ctx: Context, kind: TemplateKindEnum, key: string): Promise<TemplateVersionInfo[]> {
    const rows = await ctx.em.find(TemplateVersion, { kind: kindOf(kind), key }, { orderBy: { version: 'asc' } });
    return rows.map(versionInfo);
  }

  /** One version (the latest when none is given); NOT_FOUND when there is none. */
  async version(ctx: Context, kind: TemplateKindEnum, key: string, version?: number | null): Promise<TemplateVersionInfo> {
    const row =
      version === undefined || version === null
        ? await ctx.em.findOne(TemplateVersion, { kind: kindOf(kind), key }, { orderBy: { version: 'desc' } })
        : await ctx.em.findOne(TemplateVersion, { kind: kindOf(kind), key, version });
    if (!row) throw publicError('NOT_FOUND', `No ${kind} template ${JSON.stringify(key)}${version ? ` version ${version}` : ''}`);
    return versionInfo(row);
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

  /** Publishes the draft as version N+1 when it has no error; records pinned to older versions keep them. */
  async publish(ctx: Context, input: PublishTemplateInput): Promise<TemplateVersionInfo | TemplateInvalidError | ConflictError | NotFoundError> {
    const kind = kindOf(input.kind);
    const result = await this.db.write(ctx.tenant.id, async (scope) => {
      const { em, tenantId } = scope;
      const draft = await em.findOne(TemplateDraft, { kind, key: input.key });
      if (!draft) return new NotFoundError(`${kind}/${input.key}`);
      if (draft.version !== input.draftVersion) return new ConflictError(input.draftVersion, draft.version);
      const problems = this.check(kind, draft.content, input.key, await this.publishedSet(em));
      if (hasErrors(problems)) return new TemplateInvalidError(problems.map(toProblemType));
      const latest = await em.findOne(TemplateVersion, { kind, key: input.key }, { orderBy: { version: 'desc' } });
      const { content, contentHash } = templateContent(draft.content);
      const row = em.create(TemplateVersion, {
        tenant: em.getReference<Tenant>('Tenant', tenantId),
        kind,
        key: input.key,
        version: (latest?.version ?? 0) + 1,
        content,
        contentHash,
        publishedAt: new Date(),
        publishedBy: ctx.principal.id,
        source: TemplateSource.ADMIN,
      });
      em.remove(draft);
      await this.templates.published(scope, { kind, key: input.key, content, previous: latest?.content ?? null });
      await appendEvent(scope, {
        type: 'template.published',
        subjectType: 'TemplateVersion',
        subjectId: row.id,
        subjectNumber: `${kind}/${input.key}@${row.version}`,
        actor: actorOf(ctx),
        data: { kind, key: input.key, version: row.version, contentHash, source: TemplateSource.ADMIN, previousVersion: latest?.version ?? null, previousContentHash: latest?.contentHash ?? null },
      });
      await em.flush();
      return versionInfo(row);
    });
    if (result instanceof TemplateVersionInfo) this.templates.invalidate(ctx.tenant.id);
    return result;
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
    const complaints = await ctx.em.find(Complaint, { typeKey: key }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(limit, 1), 1000) });
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
  async importBundle(ctx: Context, bundle: unknown): Promise<ImportedTemplates | TemplateInvalidError> {
    const validateBundle = this.schemas.compile('template-bundle', BUNDLE_SCHEMA);
    if (!validateBundle(bundle)) return new TemplateInvalidError(toProblems(validateBundle.errors, '').map((p) => toProblemType({ ...p, severity: 'error' })));
    const items = (bundle as TemplateBundle).templates.map((t) => ({ kind: t.kind, key: t.key, ...templateContent(t.content), file: 'import' }));
    const problems: TemplateProblem[] = [];
    const seen = new Set<string>();
    items.forEach((t, i) => {
      if (seen.has(`${t.kind}/${t.key}`)) problems.push({ path: `/templates/${i}/key`, code: 'DUPLICATE_KEY', message: `${t.kind} ${t.key} appears twice`, severity: 'error' });
      seen.add(`${t.kind}/${t.key}`);
    });
    const published = await this.publishedSet(ctx.em);
    const inBundle = new Map(items.map((t) => [`${t.kind}/${t.key}`, t.content]));
    const set: TemplateSet = {
      get: (kind, key) => inBundle.get(`${kind}/${key}`) ?? published.get(kind, key),
      all: () => [...published.all().filter((t) => !inBundle.has(`${t.kind}/${t.key}`)), ...items.map(({ kind, key, content }) => ({ kind, key, content }))],
    };
    items.forEach((t, i) => {
      for (const p of this.check(t.kind, t.content, t.key, set)) problems.push({ ...p, path: `/templates/${i}/content${p.path}` });
    });
    if (hasErrors(problems)) return new TemplateInvalidError(problems.map(toProblemType));
    const versions = await this.templates.publishFiles(ctx.tenant.id, items, actorOf(ctx), TemplateSource.IMPORT);
    return Object.assign(new ImportedTemplates(), { published: versions.map(versionInfo), unchanged: items.length - versions.length });
  }

  /** The problems publishing `content` as kind/key would meet now (the same checks as publishTemplate). */
  async problemsOf(em: EntityManager, kind: TemplateKind, key: string, content: Record<string, unknown>): Promise<TemplateProblem[]> {
    return this.check(kind, content, key, await this.publishedSet(em));
  }

  /** The checks of template-check.ts, plus: the content's kind and key must be the ones it is saved under. */
  private check(kind: TemplateKind, content: Record<string, unknown>, key: string, published: TemplateSet): TemplateProblem[] {
    const problems: TemplateProblem[] = [];
    if (content.kind !== undefined && content.kind !== kind) problems.push({ path: '/kind', code: 'KIND_MISMATCH', message: `must be ${JSON.stringify(kind)}`, severity: 'error' });
    if (key && content.key !== undefined && content.key !== key) problems.push({ path: '/key', code: 'KEY_MISMATCH', message: `must be ${JSON.stringify(key)}`, severity: 'error' });
    const set: TemplateSet = {
      get: (k, kk) => (k === kind && kk === key ? content : published.get(k, kk)),
      all: () => [...published.all().filter((t) => t.kind !== kind || t.key !== key), { kind, key, content }],
    };
    return [...problems, ...checkTemplate(this.schemas, kind, content, set)];
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

export function versionInfo(row: TemplateVersion): TemplateVersionInfo {
  return Object.assign(new TemplateVersionInfo(), {
    kind: row.kind as TemplateKindEnum,
    key: row.key,
    version: row.version,
    contentHash: row.contentHash,
    publishedAt: row.publishedAt,
    publishedBy: row.publishedBy,
    source: row.source,
    content: row.content,
  });
}
