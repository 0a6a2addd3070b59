import type { EntityManager } from '@mikro-orm/core';
import type { InvestigationTemplate, OrganizationTemplate } from '../__generated__';
import type { Caller } from '../auth';
import type { WriteScope } from '../db/database';
import type { Context } from '../shared/request-context';
import type { Complaint } from './complaint.entity';

/** An investigation (stage 2) as stage one sees it. */
export interface InvestigationRef {
  id: string;
  number: string;
  status: string;
}

/** What the type's rules open when they require an investigation. */
export interface RequiredInvestigation {
  template: InvestigationTemplate;
  templateVersion: number;
  org: OrganizationTemplate;
  title: string;
  complaints: Complaint[];
  severity: string | null;
  department: string | null;
  leaderId: null;
  championId: null;
  reason: string;
}

/**
 * What stage one needs of a complaint's investigations: the investigations feature's answer (its service
 * satisfies it), given at the composition root (src/app.ts). Investigations depend on complaints, not the reverse.
 */
export interface ComplaintInvestigations {
  /** The open ones (neither closed nor cancelled) linked to the complaint. */
  openInvestigationsOfComplaint(em: EntityManager, complaintId: string): Promise<InvestigationRef[]>;
  /** The linked ones (not unlinked), oldest first. */
  investigationsOf(em: EntityManager, complaintId: string): Promise<InvestigationRef[]>;
  /** Whether any investigation is linked (not unlinked) to the complaint. */
  hasLinkedInvestigation(em: EntityManager, complaintId: string): Promise<boolean>;
  /** Opens one and links the complaints, in the caller's write. */
  create(scope: WriteScope, caller: Caller & Pick<Context, 'locale' | 'em'>, p: RequiredInvestigation): Promise<InvestigationRef>;
  /** Recurrence candidates: investigations on the same part, category and recurrence keys, not linked yet. */
  suggestions(em: EntityManager, c: Complaint): Promise<InvestigationRef[]>;
}
