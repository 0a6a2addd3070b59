import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantScoped } from '../db/tenant-scoped.entity';

/** A template being edited: at most one per (kind, key); publishing turns it into an immutable version. */
@Entity({ tableName: 'template_draft' })
@Unique({ properties: ['tenant', 'kind', 'key'] })
export class TemplateDraft extends TenantScoped {
  [OptionalProps]?: 'version' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 50 })
  kind!: string;

  @Property({ type: 'string', length: 100 })
  key!: string;

  @Property({ type: 'json' })
  content!: Record<string, unknown>;

  /** The published version the draft started from (null: a new template). */
  @Property({ type: 'integer', nullable: true })
  baseVersion!: number | null;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Property({ type: Date, onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'string', length: 64 })
  updatedBy!: string;
}
