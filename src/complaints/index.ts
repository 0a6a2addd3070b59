/** The face of src/complaints: what other features may use (the architecture check holds them to it). */
export type { ComplaintRecord, RecordedRemedy, RecordedValidity } from './complaint-record';
export { Complaint } from './complaint.entity';
export type { ComplaintService } from './complaint.service';
export { approverRoles, type ApprovalState } from './remedy-approval';
export type { StageOneService } from './stage-one.service';
export type { ComplaintClocks, ComplaintSlaContext, DueComplaintsQuery, StateInfo } from './complaint-clocks';
export { complaintsModule, type ComplaintsDeps } from './complaints.module';
export type { ComplaintInvestigations, InvestigationRef, RequiredInvestigation } from './complaint-investigations';
export { receivedAt } from './received-at';
