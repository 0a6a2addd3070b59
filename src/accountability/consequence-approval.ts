import type { ApprovalAdapter, RouteState } from '../approvals';
import { ConsequenceStatus } from './accountability.results';
import type { Consequence, ConsequenceDecisionRecord, ConsequenceStepRecord } from './responsibility.entity';

/** A consequence's approval for the approval engine: its steps carry their approver roles, resolved when proposed. */
export const consequenceApprovals: ApprovalAdapter<ConsequenceStepRecord, ConsequenceDecisionRecord> = {
  rolesOf: (step) => step.roles,
  approves: (decision) => decision.outcome === 'approve',
};

/**
 * A consequence's route as the engine sees it: its steps and current step, pending while it awaits approval
 * (any later status is past the route; the engine asks only whether it waits, or was rejected).
 */
export function routeOf(c: Consequence): RouteState<ConsequenceStepRecord> {
  const outcome = c.status === ConsequenceStatus.PENDING_APPROVAL ? 'pending' : c.status === ConsequenceStatus.REJECTED ? 'rejected' : 'approved';
  return { steps: c.steps, current: c.currentStep, outcome };
}
