import { Field, ObjectType } from 'type-graphql';
import { ErrorCode } from './error-code';
import { ErrorResult } from './error-results';

/**
 * The two refusals every workflow-driven record shares (complaints, investigations, consequences, messages,
 * closing evaluations): a step not possible from the status, and a step the caller's roles may not take.
 */
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
