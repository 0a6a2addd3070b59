import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { BusinessDuration, LocalizedText, SignatureRequirement } from '../__generated__';
import type { SignatureSummary } from '../signatures';

/** A person named in a responsible party: the user id and the printed name as it was when decided. */
export interface ResponsiblePersonRecord {
  userId: string;
  name: string;
}

/** One responsible party: a department and optionally people, the kind of responsibility and its share. */
export interface ResponsiblePartyRecord {
  department: string;
  people: ResponsiblePersonRecord[];
  kind: 'direct' | 'managerial';
  /** Share in hundredths of a percent (60 % -> 6000); the parties' shares sum to 10000. */
  shareBp: number;
}

/** A decision as it stood before a revision (personal data: read through the guarded view only). */
export interface ResponsibilityRevisionRecord {
  revision: number;
  parties: ResponsiblePartyRecord[];
  evidence: string;
  decidedBy: string;
  decidedByName: string;
  decidedAt: string;
  /** Why it was replaced by the next revision. */
  revisedBecause: string;
}

/**
 * Who is responsible for a complaint's cause (issue #10, accountability): one per complaint, revised in
 * place with the earlier revisions kept in `history` and every change an event.
 */
@Entity({ tableName: 'responsibility_decision' })
@Unique({ properties: ['tenantId', 'complaintId'] })
export class ResponsibilityDecision {
  [OptionalProps]?: 'investigationId' | 'history' | 'revision' | 'revisionReason' | 'version';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  complaintId!: string;

  /** stage-one-close, or root-cause (from a linked investigation whose root-cause section is signed off). */
  @Property({ type: 'string', length: 20 })
  basis!: 'stage-one-close' | 'root-cause';

  @Property({ type: 'uuid', nullable: true })
  investigationId: string | null = null;

  @Property({ type: 'json' })
  parties!: ResponsiblePartyRecord[];

  @Property({ type: 'text' })
  evidence!: string;

  @Property({ type: 'string', length: 64 })
  decidedBy!: string;

  @Property({ type: 'string', length: 200 })
  decidedByName!: string;

  @Property({ type: Date })
  decidedAt!: Date;

  /** 1 for the first decision, +1 per revision. */
  @Property({ type: 'integer' })
  revision: number = 1;

  @Property({ type: 'text', nullable: true })
  revisionReason: string | null = null;

  @Property({ type: 'json' })
  history: ResponsibilityRevisionRecord[] = [];

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

/** A decision on an approval step or an appeal: who, when, why (and the e-signature where the step takes one). */
export interface ConsequenceDecisionRecord {
  by: string;
  byName: string;
  outcome: 'approve' | 'reject' | 'uphold' | 'overturn';
  reason: string;
  at: string;
  signature?: SignatureSummary;
}

/** An approval step of a consequence, taken from its kind's approval route when proposed. */
export interface ConsequenceStepRecord {
  key: string;
  title: LocalizedText;
  /** The roles that decide it, resolved in the party's department when proposed. */
  roles: string[];
  mode: 'any' | 'all';
  timeout: BusinessDuration;
  signature?: SignatureRequirement;
  /** Set when the step becomes current: since when it waits, and when its timeout expires. */
  since?: string;
  dueAt?: string;
  decisions: ConsequenceDecisionRecord[];
}

export interface ConsequenceAppealRecord {
  by: string;
  byName: string;
  /** Filed by the head of the person's department on their behalf. */
  onBehalf: boolean;
  reason: string;
  at: string;
  decision: ConsequenceDecisionRecord | null;
}

export type ConsequenceStatus = 'PENDING_APPROVAL' | 'EFFECTIVE' | 'REJECTED' | 'APPEALED' | 'UPHELD' | 'OVERTURNED' | 'SUPERSEDED';

/**
 * A consequence proposed by the organization's accountability policy for one person or department of a
 * responsibility decision. Personal data: its content is read only through the guarded service; events
 * about it carry ids and statuses.
 */
@Entity({ tableName: 'consequence' })
@Index({ properties: ['tenantId', 'complaintId'] })
@Index({ properties: ['tenantId', 'targetKey'] })
export class Consequence {
  [OptionalProps]?: 'userId' | 'personName' | 'amount' | 'approvalRoute' | 'approvalRouteVersion' | 'currentStep' | 'appeal' | 'version';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  complaintId!: string;

  @Property({ type: 'uuid' })
  decisionId!: string;

  /** The decision's revision that proposed it. */
  @Property({ type: 'integer' })
  decisionRevision!: number;

  @Property({ type: 'integer' })
  partyIndex!: number;

  @Property({ type: 'string', length: 100 })
  department!: string;

  /** The person concerned; null for a department consequence. */
  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  personName: string | null = null;

  /** user:<uuid> or department:<key>: what repeat offences are counted by. */
  @Property({ type: 'string', length: 120 })
  targetKey!: string;

  @Property({ type: 'string', length: 63 })
  ruleKey!: string;

  @Property({ type: 'string', length: 63 })
  kind!: string;

  @Property({ type: 'string', length: 10 })
  unit!: 'points' | 'percent' | 'money' | 'none';

  /** Exact decimal after scaling by the share and rounding half up to the kind's scale; null for unit none. */
  @Property({ type: 'string', length: 40, nullable: true })
  amount: string | null = null;

  /** The party's share it was scaled by, hundredths of a percent. */
  @Property({ type: 'integer' })
  shareBp!: number;

  @Property({ type: 'string', length: 20 })
  status!: ConsequenceStatus;

  /** The approval route (key and version) its steps were taken from; null when its kind needs no approval. */
  @Property({ type: 'string', length: 63, nullable: true })
  approvalRoute: string | null = null;

  @Property({ type: 'integer', nullable: true })
  approvalRouteVersion: number | null = null;

  @Property({ type: 'json' })
  steps: ConsequenceStepRecord[] = [];

  @Property({ type: 'integer' })
  currentStep: number = 0;

  @Property({ type: 'json', nullable: true })
  appeal: ConsequenceAppealRecord | null = null;

  @Property({ type: Date })
  createdAt!: Date;

  @Property({ type: Date })
  updatedAt!: Date;

  @Property({ type: 'integer', version: true })
  version: number = 1;
}
