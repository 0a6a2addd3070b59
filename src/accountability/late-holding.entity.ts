import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Who held a complaint (or an investigation) while one of its SLA clocks was breached (issue #10, delay
 * accountability): recorded automatically at the breach and whenever the holder changes while still late.
 */
@Entity({ tableName: 'late_holding' })
@Index({ properties: ['tenantId', 'subjectId'] })
export class LateHolding {
  [OptionalProps]?: 'holderId' | 'holderName' | 'until';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'string', length: 50 })
  subjectType!: 'Complaint' | 'Investigation';

  @Property({ type: 'uuid' })
  subjectId!: string;

  @Property({ type: 'uuid' })
  clockId!: string;

  @Property({ type: 'string', length: 20 })
  stage!: string;

  @Property({ type: 'string', length: 50 })
  clockName!: string;

  /** owner (the complaint's owner or investigation's leader), approvers (pending approval step) or unassigned. */
  @Property({ type: 'string', length: 20 })
  holderKind!: 'owner' | 'approvers' | 'unassigned';

  /** The owner's principal id (owner). */
  @Property({ type: 'string', length: 64, nullable: true })
  holderId: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  holderName: string | null = null;

  /** The pending step's approver roles (approvers), or the responsible department's head role (unassigned). */
  @Property({ type: 'json' })
  holderRoles!: string[];

  @Property({ type: Date })
  since!: Date;

  /** When it stopped: the holder changed or the clock was met; null while still held late. */
  @Property({ type: Date, nullable: true })
  until: Date | null = null;
}
