import { createUnionType, Field, ObjectType } from 'type-graphql';
import { ErrorCode } from '../shared/errors/error-code';
import { ConflictError, ErrorResult, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { InvestigationAlreadyOpenError } from '../investigations/investigation-already-open.error';
import { SignatureError } from '../signatures/signature.results';
import { LocalizedText } from '../templates/complaint-type.types';
import { Complaint } from './complaint.entity';

@ObjectType({ implements: ErrorResult, description: "The workflow has no such step from the complaint's current status; nothing changed." })
export class IllegalTransitionError extends ErrorResult {
  @Field()
  action!: string;

  @Field({ description: 'The status the complaint is in.' })
  status!: string;

  @Field(() => [String], { description: 'The actions the workflow does allow from this status.' })
  allowedActions!: string[];

  @Field(() => [String], { description: 'The mutations that take those actions (an action only the server takes has none).' })
  allowedMutations!: string[];

  /** `allowedMutations` defaults to the actions themselves, for records whose actions are named by their mutations. */
  constructor(action: string, status: string, allowedActions: string[], allowedMutations: string[] = allowedActions) {
    super();
    this.code = ErrorCode.ILLEGAL_TRANSITION;
    this.message = `${action} is not possible from ${status}`;
    Object.assign(this, { action, status, allowedActions, allowedMutations });
  }
}

@ObjectType({ implements: ErrorResult, description: 'The workflow does not let your roles take this step; nothing changed.' })
export class NotAllowedError extends ErrorResult {
  @Field()
  action!: string;

  @Field(() => [String], { description: 'Roles that may take the step (empty: only the system).' })
  allowedRoles!: string[];

  constructor(action: string, allowedRoles: string[]) {
    super();
    this.code = ErrorCode.NOT_ALLOWED;
    this.message = allowedRoles.length ? `${action} needs one of the roles ${allowedRoles.join(', ')}` : `${action} is taken by the system only`;
    Object.assign(this, { action, allowedRoles });
  }
}

export const ComplaintTransitionResult = createUnionType({
  name: 'ComplaintTransitionResult',
  description: 'The complaint after the step, or why it was refused (then nothing changed).',
  types: () => [Complaint, ValidationError, IllegalTransitionError, NotAllowedError, ConflictError, NotFoundError, SignatureError, InvestigationAlreadyOpenError] as const,
});

@ObjectType({ description: 'A step the caller may take on the complaint now, and the mutation that takes it.' })
export class WorkflowAction {
  @Field({ description: 'The workflow action, as in allowedActions (e.g. startContainment, recordFeedback, or decideApproval for an approver).' })
  action!: string;

  @Field({ description: 'The GraphQL mutation that takes it (e.g. addContainmentAction, recordCustomerFeedback, closeComplaint).' })
  mutation!: string;

  @Field({ description: "Its title in the caller's language: the workflow template's for the action from this status, or a generic one where the outcome depends on the input." })
  title!: string;

  @Field(() => LocalizedText, { description: 'The same title in both languages.' })
  titles!: LocalizedText;
}

@ObjectType({ description: "A step the server will take by itself when its time comes (a workflow's timed transition, e.g. closing when the customer gives no feedback), unless the complaint moves on first." })
export class ScheduledAction {
  @Field({ description: 'The workflow action, e.g. closeWithoutFeedback, or approvalOverdue (the current approval step reported to its approvers and their managers).' })
  action!: string;

  @Field({ description: 'The status it was armed in; it is void once the complaint leaves that status.' })
  armedIn!: string;

  @Field({ description: "When it is due, by the organization's business calendar." })
  dueAt!: Date;
}
