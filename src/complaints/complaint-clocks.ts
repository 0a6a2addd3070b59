import type { EntityManager } from '@mikro-orm/core';
import type { ComplaintTypeTemplate, OrganizationTemplate, WorkflowTemplate } from '../__generated__';
import type { WriteScope } from '../db/database';
import type { Complaint } from './complaint.entity';

/** What a complaint's workflow says of its states: waiting states pause clocks, closed ones meet them. */
export type StateInfo = Map<string, { category: 'active' | 'waiting' | 'closed'; meets: string[] }>;

export function stateInfo(workflow: Pick<WorkflowTemplate, 'states'>): StateInfo {
  return new Map(workflow.states.map((s) => [s.key, { category: s.category, meets: s.meets ?? [] }]));
}

/** Everything a plan of a complaint's clocks needs, read by the caller inside its write. */
export interface ComplaintSlaContext {
  scope: WriteScope;
  complaint: Complaint;
  type: ComplaintTypeTemplate;
  org: OrganizationTemplate;
  states: StateInfo;
  now: Date;
  /** Just created (has no clocks or timers yet). */
  fresh?: boolean;
}

/** The complaint's SLA clocks (sla's SlaService, given at the composition root). */
export interface ComplaintClocks {
  syncComplaint(context: ComplaintSlaContext): Promise<void>;
  trackLateHolders(scope: WriteScope, c: Complaint, org: OrganizationTemplate, now: Date): Promise<void>;
}

/** Subquery for `id in (...)`: the complaints with an SLA clock running and due before `time` (sla's subjectsDueBefore, given at the composition root). */
export type DueComplaintsQuery = (em: EntityManager, tenantId: string, subjectType: 'Complaint', time: Date) => never;
