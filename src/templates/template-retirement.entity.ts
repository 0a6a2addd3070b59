import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { TenantScoped } from '../db/tenant-scoped.entity';

/** A template taken out of use: no new records under it; records pinned to it keep working. Reinstating deletes the row (the events keep the history). */
@Entity({ tableName: 'template_retirement' })
@Unique({ properties: ['tenant', 'kind', 'key'] })
export class TemplateRetirement extends TenantScoped {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 50 })
  kind!: string;

  @Property({ type: 'string', length: 100 })
  key!: string;

  @Property({ type: Date })
  retiredAt!: Date;

  @Property({ type: 'string', length: 64 })
  retiredBy!: string;

  @Property({ type: 'text' })
  reason!: string;
}
