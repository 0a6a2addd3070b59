import type { Database } from '../db/database';
import type { Context } from '../shared/request-context';
import { NotFoundError, type ValidationError } from '../shared/errors/error-results';
import { SignatureError } from '../signatures';
import type { Locale } from '../shared/i18n/locale';
import { BreakingChangeUnconfirmed, type ChangeOp, Compatibility, kindOf, type TemplateChange, TemplateInvalidError, type TemplateKindEnum, TemplateVersionInfo } from './template-admin.types';
import { reasonProblem, type TemplateAdminService } from './template-admin.service';
import { diffTemplates } from './template-diff';
import type { LoadedTemplate } from './template-files';
import type { TemplatesMode } from './template-mode';
import { FROM_THE_SHIPPED_SET, TemplateSource } from './template-source';
import { TemplateVersion } from './template-version.entity';
import type { TemplateService } from './template.service';
import {
  type AdoptTemplateUpdateInput,
  TemplatesModeEnum,
  type TemplateUpdate,
  TemplateUpdateStaleError,
  TemplateUpdateStatus,
  TemplateUpdates,
} from './template-updates.types';

type ShippedFile = Pick<LoadedTemplate, 'kind' | 'key' | 'content' | 'contentHash' | 'file'>;

const NOT_OFFERED: Record<'modified' | 'current' | 'unknown', Record<Locale, string>> = {
  modified: { en: 'The tenant changed this template: the shipped version is not offered over it', 'zh-CN': '租户已修改此模板：不提供随附版本覆盖它' },
  current: { en: 'The tenant already has the shipped version of this template', 'zh-CN': '租户已是此模板的随附版本' },
  unknown: { en: 'The shipped set has no such template', 'zh-CN': '随附模板中没有此模板' },
};

/**
 * Updates of the shipped set (TEMPLATES_DIR as loaded at start): a version of a template the tenant still
 * uses as shipped, or a template new in the set, which an admin can diff and adopt as version N+1 (SHIPPED),
 * checked as a publication is. Templates an admin changed are never offered over.
 */
export class TemplateUpdatesService {
  private readonly shipped: Map<string, ShippedFile>;

  constructor(
    private readonly db: Database,
    private readonly templates: TemplateService,
    private readonly admin: TemplateAdminService,
    files: ShippedFile[],
    readonly mode: TemplatesMode,
  ) {
    this.shipped = new Map(files.map((f) => [`${f.kind}/${f.key}`, f]));
  }

  async list(ctx: Context): Promise<TemplateUpdates> {
    const result = Object.assign(new TemplateUpdates(), { mode: this.mode as TemplatesModeEnum, updates: [] as TemplateUpdate[] });
    if (this.mode === 'files') return result;
    const rows = await ctx.em.find(TemplateVersion, {}, { orderBy: { kind: 'asc', key: 'asc', version: 'asc' } });
    const latest = new Map(rows.map((r) => [`${r.kind}/${r.key}`, r]));
    for (const [id, file] of this.shipped) {
      const current = latest.get(id) ?? null;
      if (current && (current.contentHash === file.contentHash || !FROM_THE_SHIPPED_SET.has(current.source))) continue;
      const changes = current ? classified(current.content, file.content) : [];
      result.updates.push({
        kind: file.kind as unknown as TemplateKindEnum,
        key: file.key,
        status: current ? TemplateUpdateStatus.UPDATED : TemplateUpdateStatus.NEW,
        currentVersion: current?.version ?? null,
        currentContentHash: current?.contentHash ?? null,
        shippedContentHash: file.contentHash,
        compatibility: compatibilityOf(changes),
        changes,
        content: file.content,
      });
    }
    result.updates.sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
    return result;
  }

  /** Publishes the shipped version the admin reviewed as version N+1 (source SHIPPED), through the publication path: checked, confirmed when breaking, signed when the organization asks; refused when stale. */
  async adopt(
    ctx: Context,
    input: AdoptTemplateUpdateInput,
  ): Promise<TemplateVersionInfo | TemplateUpdateStaleError | BreakingChangeUnconfirmed | TemplateInvalidError | NotFoundError | ValidationError | SignatureError> {
    const reasonInvalid = reasonProblem(ctx, input.reason, !!input.confirmBreaking);
    if (reasonInvalid) return reasonInvalid;
    const reason = input.reason?.trim() || null;
    const kind = kindOf(input.kind);
    const id = `${kind}/${input.key}`;
    const file = this.shipped.get(id);
    if (!file) return notOffered(id, 'unknown', ctx.locale);
    // Before the write: a wrong password must count toward the lockout though the adoption is refused.
    const signer = await this.admin.authenticate(ctx, input.signature);
    if (signer instanceof SignatureError) return signer;
    const result = await this.db.write(ctx.tenant.id, async (scope) => {
      const latest = await scope.em.findOne(TemplateVersion, { kind, key: input.key }, { orderBy: { version: 'desc' } });
      if ((latest?.version ?? null) !== (input.currentVersion ?? null) || file.contentHash !== input.shippedContentHash) {
        return new TemplateUpdateStaleError(latest?.version ?? null, file.contentHash, ctx.locale);
      }
      if (latest && latest.contentHash === file.contentHash) return notOffered(id, 'current', ctx.locale);
      if (latest && !FROM_THE_SHIPPED_SET.has(latest.source)) return notOffered(id, 'modified', ctx.locale);
      return this.admin.publishVersion(scope, ctx, {
        kind,
        key: input.key,
        content: file.content,
        source: TemplateSource.SHIPPED,
        reason,
        confirmBreaking: !!input.confirmBreaking,
        signer,
        data: { file: file.file, adopted: true },
      });
    });
    if (result instanceof TemplateVersionInfo) this.templates.invalidate(ctx.tenant.id);
    return result;
  }
}

function classified(before: unknown, after: unknown): TemplateChange[] {
  return diffTemplates(before, after).map((c) => ({ ...c, op: c.op as ChangeOp }));
}

function compatibilityOf(changes: TemplateChange[]): Compatibility {
  return changes.some((c) => c.breaking) ? Compatibility.BREAKING : Compatibility.COMPATIBLE;
}

function notOffered(id: string, why: keyof typeof NOT_OFFERED, locale: Locale): NotFoundError {
  return Object.assign(new NotFoundError(id), { message: NOT_OFFERED[why][locale] });
}
