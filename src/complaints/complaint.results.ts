import { createUnionType } from 'type-graphql';
import { ConnectionType } from '../shared/graphql/connection';
import { ConflictError, IdempotencyKeyReusedError, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { Complaint } from './complaint.entity';

export const CreateComplaintResult = createUnionType({
  name: 'CreateComplaintResult',
  types: () => [Complaint, ValidationError, IdempotencyKeyReusedError] as const,
});

export const UpdateComplaintResult = createUnionType({
  name: 'UpdateComplaintResult',
  types: () => [Complaint, ValidationError, ConflictError, NotFoundError] as const,
});

export const ComplaintConnection = ConnectionType(Complaint, 'Complaint');
export type ComplaintConnection = InstanceType<typeof ComplaintConnection>;
