import type { ApprovalStep, OrganizationTemplate } from '../__generated__';
import type { ApprovalAdapter, OverdueNotice } from '../approvals';
import { unsigned } from '../signatures';
import { approverRolesFor } from '../shared/org-roles';
import type { Complaint } from './complaint.entity';
import type { RecordedApproval, RecordedApprovalDecision } from './complaint-record';

/** An approver's decision on a step of a remedy's route, as the complaint's record stores it. */
export type ApprovalDecisionRecord = RecordedApprovalDecision;

/** A step of a remedy's route as the record stores it: the route template's step (approvers resolved when decided). */
export type ApprovalStepRecord = RecordedApproval['steps'][number];

/** A complaint's approval route (`record.approval`; earlier routes in `record.approvalHistory`). */
export type ApprovalState = RecordedApproval;

/** What an approver signs: the decision with the complaint, route, step and the remedy it decides on. */
export function approvalSignedContent(c: Complaint, approval: ApprovalState, step: ApprovalStepRecord, decision: ApprovalDecisionRecord) {
  return { complaintId: c.id, number: c.number, route: approval.route, routeVersion: approval.routeVersion, remedy: approval.remedy ?? null, step: step.key, decision: unsigned(decision) };
}

/** The roles whose holders may decide an approval step, in the step's department ("$complaint": the complaint's). */
export function approverRoles(step: ApprovalStep, org: OrganizationTemplate, c: Complaint): string[] {
  return approverRolesFor(step.approvers, org, c.department);
}

/** A complaint's approval for the approval engine: approvers resolved in the organization as it is now; admin decides any step. */
export const remedyApprovals = (org: OrganizationTemplate, c: Complaint): ApprovalAdapter<ApprovalStepRecord, ApprovalDecisionRecord> => ({
  rolesOf: (step) => approverRoles(step, org, c),
  approves: (decision) => decision.decision === 'approve',
  overrideRole: 'admin',
});

/** How an overdue remedy approval step is told. */
export const REMEDY_OVERDUE: OverdueNotice<ApprovalStepRecord> = {
  reminder: { kind: 'approval-overdue', title: (step) => ({ 'zh-CN': `审批超时，请尽快处理：${step.title['zh-CN']}`, en: `Approval overdue, please decide: ${step.title.en}` }) },
  escalation: { kind: 'approval-escalated', title: (step) => ({ 'zh-CN': `下属审批超时：${step.title['zh-CN']}`, en: `Approval overdue in your line: ${step.title.en}` }) },
  eventType: 'complaint.approval_overdue',
  stepName: 'approval step',
};
