import type { SignatureSummary } from '../signatures';
import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, Int, ObjectType } from 'type-graphql';
import { TenantScoped } from '../db/tenant-scoped.entity';
import { Node } from '../shared/graphql/node.interface';

/** A member of the investigation team (D1). */
export interface TeamMember {
  principalId: string;
  role: string;
}

/** The effectiveness check that closes an investigation: scheduled, then passed or failed (history kept). */
export interface Effectiveness {
  scheduledFor: string;
  criteria: string;
  scheduledBy: string;
  scheduledAt: string;
  result: 'passed' | 'failed' | null;
  evidence: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  /** Why the result was recorded before `scheduledFor` (set only then). */
  earlyReason?: string | null;
}

/**
 * Stage 2: a root-cause investigation (8D, 3D ... from its template, pinned to the version it was opened
 * under), answering one or several complaints or standing alone. Its sections are rows of their own.
 */
@ObjectType({ implements: Node, description: 'A root-cause investigation (stage 2), e.g. an 8D report, answering one or more complaints.' })
@Entity({ tableName: 'investigation' })
@Unique({ properties: ['tenant', 'number'] })
@Index({ properties: ['tenant', 'status'] })
@Index({ properties: ['tenant', 'createdAt', 'id'] })
export class Investigation extends TenantScoped {
  [OptionalProps]?: 'version' | 'createdAt' | 'updatedAt' | 'closedAt' | 'leaderId' | 'championId' | 'team' | 'effectiveness' | 'history' | 'closure' | 'severity' | 'department' | 'partNumber' | 'category' | 'recurrenceValues';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Human-readable number, unique per tenant, e.g. INV-2026-000001.' })
  @Property({ type: 'string', length: 32 })
  number!: string;

  @Field()
  @Property({ type: 'string', length: 500 })
  title!: string;

  @Field({ description: 'Key of the investigation template, e.g. 8d.' })
  @Property({ type: 'string', length: 100 })
  templateKey!: string;

  @Field(() => Int, { description: 'Version of that template the investigation is pinned to.' })
  @Property({ type: 'integer' })
  templateVersion!: number;

  @Field({ description: 'OPEN (sections in progress), EFFECTIVENESS_CHECK (scheduled), CLOSED (check passed), CANCELLED (closed without completing, with a reason).' })
  @Property({ type: 'string', length: 30 })
  status!: string;

  @Field(() => String, { nullable: true, description: 'Severity of the (first) complaint, or given for a standalone investigation.' })
  @Property({ type: 'string', length: 100, nullable: true })
  severity: string | null = null;

  @Field(() => String, { nullable: true, description: 'Responsible department key.' })
  @Property({ type: 'string', length: 100, nullable: true })
  department: string | null = null;

  @Field(() => String, { nullable: true, description: 'Part number (recurrence key).' })
  @Property({ type: 'string', length: 200, nullable: true })
  partNumber: string | null = null;

  @Field(() => String, { nullable: true, description: 'Complaint category (recurrence key).' })
  @Property({ type: 'string', length: 100, nullable: true })
  category: string | null = null;

  /** The first complaint's values of its type's investigation.recurrenceKeys (JSON pointer -> value). */
  @Property({ type: 'json', nullable: true })
  recurrenceValues: Record<string, unknown> | null = null;

  @Field({ description: "Minimum organization level of the leader, from the template's leaderLevel rules (escalation may raise it)." })
  @Property({ type: 'string', length: 100 })
  leaderLevel!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  leaderId: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  championId: string | null = null;

  @Property({ type: 'json' })
  team: TeamMember[] = [];

  @Property({ type: 'json', nullable: true })
  effectiveness: Effectiveness | null = null;

  /** Earlier effectiveness checks (failed ones) and other closed episodes. */
  @Field(() => [GraphQLJSONObject], { description: 'Earlier effectiveness checks, oldest first.' })
  @Property({ type: 'json' })
  history: Array<Record<string, unknown>> = [];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'How it was closed: by a passed effectiveness check, or cancelled with a reason.' })
  @Property({ type: 'json', nullable: true })
  closure: Record<string, unknown> | null = null;

  @Field()
  @Property({ type: 'string', length: 64 })
  openedBy!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: Date, nullable: true })
  closedAt: Date | null = null;

  @Field({ description: 'When it was opened.' })
  @Property({ type: Date })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: Date })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Optimistic-concurrency version of the investigation itself (team, links, effectiveness, closure).' })
  @Property({ type: 'integer', version: true })
  version: number = 1;
}

/** One section of an investigation (e.g. D4): a draft saved any time, the submitted data, sign-offs. */
@ObjectType({ description: 'One section of an investigation report, e.g. D4 root cause.' })
@Entity({ tableName: 'investigation_section' })
@Unique({ properties: ['investigationId', 'key'] })
export class InvestigationSection {
  [OptionalProps]?: 'version' | 'draft' | 'draftProblems' | 'data' | 'submittedBy' | 'submittedAt' | 'signOffs' | 'reopenings' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  investigationId!: string;

  @Field({ description: "The section's key in the template, e.g. D4." })
  @Property({ type: 'string', length: 20 })
  key!: string;

  @Field({ description: 'EMPTY, DRAFT, SUBMITTED or SIGNED_OFF.' })
  @Property({ type: 'string', length: 20 })
  status!: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The last saved draft (kept even when invalid).' })
  @Property({ type: 'json', nullable: true })
  draft: Record<string, unknown> | null = null;

  @Property({ type: 'json' })
  draftProblems: Array<{ path: string; code: string; message: string }> = [];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The submitted data, valid against the section schema of the pinned template.' })
  @Property({ type: 'json', nullable: true })
  data: Record<string, unknown> | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  submittedBy: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: Date, nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: 'json' })
  signOffs: Array<{ by: string; name: string; role: string; meaning: string; comment: string | null; at: string; signature?: SignatureSummary }> = [];

  @Property({ type: 'json' })
  reopenings: Array<{ by: string; reason: string; fromStatus: string; at: string }> = [];

  @Field()
  @Property({ type: Date })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Optimistic-concurrency version of this section: pass it back on every change.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;
}

/** A complaint answered by an investigation; unlinking keeps the row (who, when, why). */
@Entity({ tableName: 'investigation_link' })
@Index({ properties: ['tenantId', 'complaintId'] })
@Index({ properties: ['investigationId'] })
export class InvestigationLink {
  [OptionalProps]?: 'unlinkedAt' | 'unlinkedBy' | 'unlinkReason';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  investigationId!: string;

  @Property({ type: 'uuid' })
  complaintId!: string;

  @Property({ type: 'string', length: 64 })
  linkedBy!: string;

  @Property({ type: Date })
  linkedAt!: Date;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: Date, nullable: true })
  unlinkedAt: Date | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  unlinkedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  unlinkReason: string | null = null;
}
