import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantScoped } from '../db/tenant-scoped.entity';
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
}
