/** The face of src/complaints: what other features may use (the architecture check holds them to it). */
export { Complaint } from './complaint.entity';
