/** The face of src/approvals: what other features may use (the architecture check holds them to it). */
export { alreadyDecided, approvalsNeeded, decide, findSigned, onTimeout, pendingStep, plan, routeTemplate, signDecision, turnOf, waitOn, type ApprovalAdapter, type DecisionOutcome, type OverdueNotice, type RouteState } from './approval-engine';
export { applicableSteps, approverManagerRoles } from './approval-route';
