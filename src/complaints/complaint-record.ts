import type { ApprovalStep } from '../__generated__';
import type { SignatureSummary } from '../signatures';
import type { InvestigationOverride } from '../templates';

/**
 * What stage 1 records on a complaint (`Complaint.record`, stored as JSON). Every part is set by the step that
 * records it, so each is optional. Times are Dates when written and ISO text once loaded again.
 */
export interface ComplaintRecord {
  /** What the type's severity and routing rules decide on the intake alone, until a person classifies (accept). */
  provisional?: RecordedProvisional;
  validity?: RecordedValidity;
  classification?: RecordedClassification;
  routing?: RecordedRouting;
  /** Reclassifications after acceptance, oldest first. */
  reclassifications?: RecordedReclassification[];
  /** Moves to another department, oldest first. */
  rerouting?: RecordedRerouting[];
  /** 21 CFR 820.198(b): whether an investigation is needed and who decided. */
  investigation?: RecordedInvestigationDecision;
  containment?: RecordedContainmentAction[];
  remedy?: RecordedRemedy;
  /** The approval route in progress or decided last. */
  approval?: RecordedApproval;
  /** Earlier routes (and their signed decisions), oldest first. */
  approvalHistory?: RecordedApproval[];
  notification?: RecordedNotification;
  feedback?: RecordedFeedback;
  closingComment?: string;
  closure?: RecordedClosure;
  reopenings?: RecordedReopening[];
  /** The defective quantity confirmed after investigation (PPM numerator). */
  defects?: RecordedDefects;
}

/** A Date when written; its ISO text once the record is loaded again. */
export type RecordedTime = Date | string;

/** Who did it and when. */
interface Stamp {
  by: string;
  at: RecordedTime;
}

export interface RecordedValidity extends Stamp {
  decision: 'accepted' | 'rejected';
  comment: string | null;
  /** Rejections: the reason's key, the reply to the customer and whether it is the template's. */
  reasonCode?: string;
  reply?: string;
  replyFromTemplate?: boolean;
}

/**
 * The provisional severity and department: the type's rules on the intake data (no classification yet),
 * set at intake and again when the data changes before acceptance. The SLA clocks run on this severity's
 * targets until the complaint is classified.
 */
export interface RecordedProvisional {
  severity: string;
  department: string;
  decidedBy: 'rule';
  /** JSON pointers into the pinned complaint type: `/severityRules/<i>` or `/defaultSeverity`. */
  severityRule: string;
  /** `/routing/rules/<i>` or `/routing/defaultDepartment`. */
  routingRule: string;
  at: RecordedTime;
}

export interface RecordedClassification extends Stamp {
  category: string | null;
  severity: string;
  proposedSeverity: string;
  reason: string | null;
}

export interface RecordedRouting extends Stamp {
  department: string;
  proposedDepartment: string;
  reason: string | null;
}

export interface RecordedReclassification extends Stamp {
  from: { category: string | null; severity: string | null };
  to: { category: string; severity: string };
  proposedSeverity: string;
  reason: string;
}

export interface RecordedRerouting extends Stamp {
  from: string | null;
  to: string;
  reason: string;
}

/** Filled step by step: the rule's requirement, then a person's or the rule's decision, or the linked investigations. */
export interface RecordedInvestigationDecision {
  /** required, optional, not-needed; never when the type has no stage 2. */
  requirement?: string;
  /** Null when the type has no stage 2. */
  template?: string | null;
  decision?: 'required' | 'not-required' | 'investigated';
  /** A principal id, or "rule" until the rule decides after acceptance. */
  decidedBy?: string;
  byRule?: boolean;
  reason?: string;
  /** Numbers of the linked investigations. */
  investigations?: string[];
  /** Overrides of the stage-2 rules (organization investigationOverrides), oldest first. */
  overrides?: InvestigationOverride[];
  /** What the complaint recurs after (numbers of earlier investigations or complaints) and the effect of the type's recurrence rule. */
  recurrence?: { matched: string[]; effect: 'require' | 'suggest' };
  at?: RecordedTime;
}

export interface RecordedContainmentAction extends Stamp {
  description: string;
  ownerId: string | null;
  dueDate: string | null;
  status: string;
}

export interface RecordedRemedy extends Stamp {
  type: string;
  quantity: number | null;
  amount: number;
  currency: string;
  description: string | null;
  requestedByCustomer: unknown;
}

export interface RecordedApprovalDecision {
  by: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  at: Date;
  signature?: SignatureSummary;
}

export interface RecordedApproval {
  route: string;
  routeVersion: number;
  steps: Array<
    ApprovalStep & {
      decisions: RecordedApprovalDecision[];
      /** Set when the step becomes current: since when it waits, and when its timeout expires. */
      since?: Date;
      dueAt?: Date;
    }
  >;
  current: number;
  outcome: 'pending' | 'approved' | 'rejected';
  /** The remedy as it was when the route started: what the approvers decide on (and sign). */
  remedy?: RecordedRemedy | null;
  /** When the route started. */
  at?: RecordedTime;
}

export interface RecordedNotification extends Stamp {
  channel: string;
  text: string;
}

export interface RecordedFeedback extends Stamp {
  satisfaction: number;
  acceptsResolution: boolean;
  comment: string | null;
}

export interface RecordedClosure extends Stamp {
  /** The workflow action that closed it. */
  action: string | null;
  from: string;
  reason: string | null;
}

export interface RecordedReopening extends Stamp {
  reason: string;
  fromStatus: string;
}

export interface RecordedDefects extends Stamp {
  confirmed: number;
  note: string | null;
}
