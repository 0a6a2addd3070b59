/** The face of src/approvals: what other features may use (the architecture check holds them to it). */
export { applicableSteps, approvalsNeeded, approverManagerRoles } from './approval-route';
