import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantScoped } from '../db/tenant-scoped.entity';
import type { SignatureSummary } from '../signatures';
import type { TemplateSource } from './template-source';

/** One published, immutable version of a template. A complaint stays pinned to the version it was created under. */
@Entity({ tableName: 'template_version' })
@Unique({ properties: ['tenant', 'kind', 'key', 'version'] })
@Index({ properties: ['tenant', 'kind', 'key'] })
export class TemplateVersion extends TenantScoped {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 50 })
  kind!: string;

  @Property({ type: 'string', length: 100 })
  key!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  content!: Record<string, unknown>;

  /** SHA-256 of the canonical content: loading unchanged files publishes nothing. */
  @Property({ type: 'string', length: 64 })
  contentHash!: string;

  @Property({ type: Date })
  publishedAt: Date = new Date();

  @Property({ type: 'string', length: 64 })
  publishedBy!: string;

  /** Every path that publishes sets it; the column default only covers rows from before it existed (see the migration). */
  @Property({ type: 'string', length: 16, default: 'ADMIN' })
  source!: TemplateSource;

  /** Why it was published, as the publisher said (required to confirm a breaking change). */
  @Property({ type: 'text', nullable: true })
  reason?: string | null = null;

  /** The diff against the version before it, counted at publication (null: the first version, or published before change control). */
  @Property({ type: 'json', nullable: true })
  diffSummary?: VersionDiffSummary | null = null;

  /** The publication's electronic signature, when the organization's change control asked for one or one was given. */
  @Property({ type: 'json', nullable: true })
  signature?: SignatureSummary | null = null;
}

/** How a version differs from the one before it. */
export interface VersionDiffSummary {
  against: number;
  compatibility: 'COMPATIBLE' | 'BREAKING';
  changes: number;
  breaking: number;
}
