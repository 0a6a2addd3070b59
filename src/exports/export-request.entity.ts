import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Sight } from '../auth';

/** What an export renders: everything requestExport accepted, replayed when the link is fetched. */
export interface ExportParameters {
  filter: Record<string, unknown> | null;
  groupBy: string[];
  ppmGroupBy: string[];
  dimension: string | null;
  numerator: string;
  interval: string;
  language: 'zh-CN' | 'en';
  /** Added later: absent in older rows (COUNT and 90 then). */
  measure?: string;
  repeatWindowDays?: number;
  /** Complaint list: what the requester could see when asking (absent: everything, as before visibility rules). */
  sight?: Sight;
}

/**
 * A download link handed out by requestExport: the token itself is the capability (no Authorization header
 * on the GET), so only its SHA-256 is stored. Valid for 15 minutes; the file is rendered from the data of
 * the moment it is fetched. Expired rows of every tenant are deleted after each scheduler tick (sweepExpired).
 */
@Entity({ tableName: 'export_request' })
@Unique({ properties: ['tokenHash'] })
@Index({ properties: ['tenantId', 'expiresAt'] })
export class ExportRequest {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  /** Hex SHA-256 of the token in the URL. */
  @Property({ type: 'string', length: 64 })
  tokenHash!: string;

  @Property({ type: 'string', length: 32 })
  kind!: string;

  @Property({ type: 'string', length: 8 })
  format!: string;

  @Property({ type: 'json' })
  parameters!: ExportParameters;

  /** Principal id of the caller who asked. */
  @Property({ type: 'string', length: 64 })
  requestedBy!: string;

  @Property({ type: Date })
  createdAt!: Date;

  @Property({ type: Date })
  expiresAt!: Date;
}
