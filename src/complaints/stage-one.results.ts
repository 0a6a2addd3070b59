import { createUnionType, Field, ObjectType } from 'type-graphql';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { IllegalTransitionError, NotAllowedError } from '../shared/errors/workflow-errors';
import { InvestigationAlreadyOpenError } from '../shared/errors/investigation-already-open.error';
import { SignatureError } from '../signatures';
import { LocalizedText } from '../templates';
import { Complaint } from './complaint.entity';

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
