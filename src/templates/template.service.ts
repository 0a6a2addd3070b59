import type { EntityManager } from '@mikro-orm/core';
import type { ValidateFunction } from 'ajv';
import type { ComplaintTypeTemplate } from '../__generated__';
import type { Tenant } from '../db/tenant.entity';
import type { Database, WriteScope } from '../db/database';
import { appendEvent, type Actor } from '../db/event-log';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import type { LoadedTemplate } from './template-files';
import type { TemplateKind } from '../shared/template-kinds';
import type { TemplateSource } from './template-source';
import { TemplateVersion } from './template-version.entity';
import { diffSummary, diffTemplates } from './template-diff';
import type { SignatureSummary } from '../signatures';

const COMPLAINT_TYPE: TemplateKind = 'complaint-type';

/** A published complaint type version with its compiled intake validator. */
/** A template version just published, with the content of the version before it (null: the first). */
export interface Publication {
  kind: string;
  key: string;
  content: Record<string, unknown>;
  previous: Record<string, unknown> | null;
}
export type PublishListener = (scope: WriteScope, publication: Publication) => Promise<void>;

export interface PublishedComplaintType {
  key: string;
  version: number;
  content: ComplaintTypeTemplate;
  contentHash: string;
  publishedAt: Date;
  validate: ValidateFunction;
}

/**
 * Published template versions. Versions are immutable, so compiled validators and the per-tenant list
 * of latest versions are cached; publishing through this service refreshes the tenant's list.
 */
/** The latest published version of each template of a tenant. */
interface LatestSet {
  complaintTypes: Map<string, PublishedComplaintType>;
  all: Map<string, { version: number; content: Record<string, unknown> }>;
}

export class TemplateService {
  private readonly latestByTenant = new Map<string, Promise<LatestSet>>();
  private readonly byVersion = new Map<string, PublishedComplaintType>();
  private readonly contentByVersion = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly db: Database,
    private readonly schemas: SchemaCompiler,
  ) {}

  /**
   * Publishes, in one transaction, every template whose content differs from its latest version (the shipped
   * set seeding a tenant, the files at start in files mode, or an import), each version and its event marked
   * with `source`; returns the new versions. The caller has checked them as a set. `onlyIntoEmptyTenant`:
   * nothing at all when the tenant has any published template (decided in the same transaction).
   */
  async publishFiles(
    tenantId: string,
    files: Array<Pick<LoadedTemplate, 'kind' | 'key' | 'content' | 'contentHash' | 'file'>>,
    actor: Actor,
    source: TemplateSource,
    options: { reason?: string | null; sign?: (scope: WriteScope, row: TemplateVersion) => SignatureSummary; onlyIntoEmptyTenant?: boolean } = {},
  ): Promise<TemplateVersion[]> {
    const published = await this.db.write(tenantId, async (scope) => {
      const out: TemplateVersion[] = [];
      if (options.onlyIntoEmptyTenant && (await scope.em.count(TemplateVersion, {})) > 0) return out;
      for (const file of files) {
        const latest = await scope.em.findOne(TemplateVersion, { kind: file.kind, key: file.key }, { orderBy: { version: 'desc' } });
        if (latest?.contentHash === file.contentHash) continue;
        const version = (latest?.version ?? 0) + 1;
        const row = scope.em.create(TemplateVersion, {
          tenant: scope.em.getReference<Tenant>('Tenant', tenantId),
          kind: file.kind,
          key: file.key,
          version,
          content: file.content as unknown as Record<string, unknown>,
          contentHash: file.contentHash,
          publishedAt: new Date(),
          publishedBy: actor.id,
          source,
          reason: options.reason ?? null,
          diffSummary: latest ? diffSummary(diffTemplates(latest.content, file.content), latest.version) : null,
        });
        if (options.sign) row.signature = options.sign(scope, row);
        await appendEvent(scope, {
          type: 'template.published',
          subjectType: 'TemplateVersion',
          subjectId: row.id,
          subjectNumber: `${file.kind}/${file.key}@${version}`,
          actor,
          reason: options.reason ?? null,
          data: { kind: file.kind, key: file.key, version, contentHash: file.contentHash, source, file: file.file, previousVersion: latest?.version ?? null, diff: row.diffSummary, signature: row.signature ?? null },
        });
        await this.published(scope, { kind: file.kind, key: file.key, content: row.content, previous: latest?.content ?? null });
        out.push(row);
      }
      return out;
    });
    if (published.length) this.invalidate(tenantId);
    return published;
  }

  private readonly publishListeners: PublishListener[] = [];

  /** Called in the transaction of every publication (files, imports and the admin API), after the new version. */
  onPublished(listener: PublishListener): void {
    this.publishListeners.push(listener);
  }

  async published(scope: WriteScope, publication: Publication): Promise<void> {
    for (const listener of this.publishListeners) await listener(scope, publication);
  }

  /** Forgets the tenant's cached latest versions, after a publication. */
  invalidate(tenantId: string): void {
    this.latestByTenant.delete(tenantId);
  }

  /** Called before a tenant's latest versions are read, with the entity manager that reads them. */
  private beforeLoad: (em: EntityManager, tenantId: string) => Promise<void> = async () => undefined;

  /**
   * Publications on other instances (or by the CLI) reach this cache through `follow` (the config follower): it is
   * told before each read, and the composition root invalidates the tenant when the follower finds a change.
   */
  followWith(follow: (em: EntityManager, tenantId: string) => Promise<void>): void {
    this.beforeLoad = follow;
  }

  private latest(em: EntityManager, tenantId: string): Promise<LatestSet> {
    let latest = this.latestByTenant.get(tenantId);
    if (!latest) {
      const loading = (async () => {
        await this.beforeLoad(em, tenantId);
        return this.loadLatest(em);
      })();
      latest = loading;
      this.latestByTenant.set(tenantId, loading);
      // Only this load: an invalidation meanwhile may have put a newer one in its place.
      loading.catch(() => {
        if (this.latestByTenant.get(tenantId) === loading) this.latestByTenant.delete(tenantId);
      });
    }
    return latest;
  }

  /** The latest published version of every complaint type of the tenant. */
  async complaintTypes(em: EntityManager, tenantId: string): Promise<Map<string, PublishedComplaintType>> {
    return (await this.latest(em, tenantId)).complaintTypes;
  }

  /** The latest published version of any template. */
  async latestTemplate<T>(em: EntityManager, tenantId: string, kind: TemplateKind, key: string): Promise<{ version: number; content: T } | undefined> {
    return (await this.latest(em, tenantId)).all.get(`${kind}/${key}`) as { version: number; content: T } | undefined;
  }

  async latestComplaintType(em: EntityManager, tenantId: string, key: string): Promise<PublishedComplaintType | undefined> {
    return (await this.complaintTypes(em, tenantId)).get(key);
  }

  /** A specific version (complaints stay pinned to theirs). */
  async complaintTypeVersion(em: EntityManager, tenantId: string, key: string, version: number): Promise<PublishedComplaintType | undefined> {
    const cacheKey = `${tenantId}:${key}:${version}`;
    const cached = this.byVersion.get(cacheKey);
    if (cached) return cached;
    const row = await em.findOne(TemplateVersion, { kind: COMPLAINT_TYPE, key, version });
    if (!row) return undefined;
    const published = this.toPublished(row);
    this.byVersion.set(cacheKey, published);
    return published;
  }

  /** A specific version of any template (immutable, so cached). */
  async templateVersion<T>(em: EntityManager, tenantId: string, kind: TemplateKind, key: string, version: number): Promise<T | undefined> {
    const cacheKey = `${tenantId}:${kind}:${key}:${version}`;
    let content = this.contentByVersion.get(cacheKey);
    if (!content) {
      content = (await em.findOne(TemplateVersion, { kind, key, version }))?.content;
      if (content) this.contentByVersion.set(cacheKey, content);
    }
    return content as T | undefined;
  }

  private async loadLatest(em: EntityManager): Promise<LatestSet> {
    const rows = await em.find(TemplateVersion, {}, { orderBy: { kind: 'asc', key: 'asc', version: 'asc' } });
    const all = new Map(rows.map((r) => [`${r.kind}/${r.key}`, r]));
    const complaintTypes = new Map<string, PublishedComplaintType>();
    for (const row of all.values()) if (row.kind === COMPLAINT_TYPE) complaintTypes.set(row.key, this.toPublished(row));
    return { complaintTypes, all };
  }

  private toPublished(row: TemplateVersion): PublishedComplaintType {
    const content = row.content as unknown as ComplaintTypeTemplate;
    return {
      key: row.key,
      version: row.version,
      content,
      contentHash: row.contentHash,
      publishedAt: row.publishedAt,
      validate: this.schemas.compileSchema(content.intakeSchema),
    };
  }
}
