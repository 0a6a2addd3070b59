import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/request-context';
import type { StageOneService } from './stage-one.service';
import { Complaint } from './complaint.entity';
import {
  AcceptComplaintInput,
  AddContainmentActionInput,
  AssignComplaintInput,
  ClassifyComplaintInput,
  CloseComplaintInput,
  ComplaintStepInput,
  DecideInvestigationInput,
  DecideApprovalInput,
  NotifyCustomerInput,
  ProposeRemedyInput,
  RecordCustomerFeedbackInput,
  RejectComplaintInput,
  ReopenComplaintInput,
} from './stage-one.inputs';
import { ComplaintTransitionResult, ScheduledAction, WorkflowAction } from './stage-one.results';
import { mutationOf } from './stage-one.actions';

type Result = Promise<typeof ComplaintTransitionResult>;

/** Stage-1 steps: one mutation each, all through the pinned workflow (StageOneService.transition). */
@Resolver(() => Complaint)
export class StageOneResolver {
  constructor(private readonly stageOneService: StageOneService) {}

  @FieldResolver(() => [String], { description: 'The workflow actions the caller may take from the current status (conditions on data are checked by the step): the names of availableActions.' })
  allowedActions(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<string[]> {
    return this.stageOneService.allowedActions(ctx, complaint);
  }

  @FieldResolver(() => [WorkflowAction], { description: 'The steps the caller may take from the current status, each with the mutation that takes it and its title (conditions on the input are checked by the step).' })
  async availableActions(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<WorkflowAction[]> {
    return (await this.stageOneService.availableActions(ctx, complaint)).map(({ action, mutation, title }) =>
      Object.assign(new WorkflowAction(), { action, mutation, title: title[ctx.locale], titles: { zhCN: title['zh-CN'], en: title.en } }),
    );
  }

  @FieldResolver(() => [ScheduledAction], { description: 'Steps the server will take by itself when due (e.g. auto-close without feedback), soonest first.' })
  async scheduledActions(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<ScheduledAction[]> {
    return (await this.stageOneService.scheduledActions(ctx, complaint)).map(({ action, armedIn, dueAt }) => Object.assign(new ScheduledAction(), { action, armedIn, dueAt }));
  }

  @Query(() => [Complaint], { description: 'Complaints whose current approval step the caller may decide, oldest first.' })
  myApprovals(@Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 50, description: '1 to 100.' }) first: number): Promise<Complaint[]> {
    return this.stageOneService.myApprovals(ctx, first);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('startReview'), description: 'Start the validity review (acknowledges the complaint).' })
  startReview(@Arg('input') input: ComplaintStepInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.startReview(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('accept'), description: 'Accept as justified: classify (category, severity) and route (department) by the template rules, overridable with a reason.' })
  acceptComplaint(@Arg('input') input: AcceptComplaintInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.accept(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('reject'), description: 'Reject as unjustified, recording the reason code and the reply to the customer.' })
  rejectComplaint(@Arg('input') input: RejectComplaintInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.reject(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('classify'), description: 'Reclassify (category, severity) with a reason, where the workflow allows it.' })
  classifyComplaint(@Arg('input') input: ClassifyComplaintInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.classify(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('assign'), description: 'Assign an owner and/or move the complaint to another department (with a reason).' })
  assignComplaint(@Arg('input') input: AssignComplaintInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.assign(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('startContainment'), description: 'Record a containment action; from an accepted complaint, containment starts.' })
  addContainmentAction(@Arg('input') input: AddContainmentActionInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.addContainmentAction(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('proposeRemedy'), description: "Propose a remedy of one of the organization's remedy types." })
  proposeRemedy(@Arg('input') input: ProposeRemedyInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.proposeRemedy(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('submitRemedy'), description: 'Submit the remedy: to approval when the workflow requires one, else approved.' })
  submitRemedy(@Arg('input') input: ComplaintStepInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.submitRemedy(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('decideApproval'), description: 'Approve or reject the current step of the remedy approval route (its approvers only).' })
  decideApproval(@Arg('input') input: DecideApprovalInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.decideApproval(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('notifyCustomer'), description: 'Record the notification of the customer.' })
  notifyCustomer(@Arg('input') input: NotifyCustomerInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.notifyCustomer(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('requestFeedback'), description: 'Ask for the customer\'s feedback (internal complaints close, by the workflow).' })
  requestFeedback(@Arg('input') input: ComplaintStepInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.requestFeedback(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('recordFeedback'), description: "Record the customer's satisfaction; by the workflow, an accepted resolution closes the complaint and a disputed one keeps it open (ISO 10002 8.9)." })
  recordCustomerFeedback(@Arg('input') input: RecordCustomerFeedbackInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.recordFeedback(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('close'), description: 'Close without the customer accepting (no feedback, or the resolution disputed), with a reason.' })
  closeComplaint(@Arg('input') input: CloseComplaintInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.close(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('decideInvestigation'), description: "Record whether an investigation (stage 2) is needed, with the reason; the type's rule proposes, a person may decide one is needed anyway." })
  decideInvestigation(@Arg('input') input: DecideInvestigationInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.decideInvestigation(ctx, input);
  }

  @Mutation(() => ComplaintTransitionResult, { name: mutationOf('reopen'), description: 'Reopen a closed or rejected complaint, with a reason.' })
  reopenComplaint(@Arg('input') input: ReopenComplaintInput, @Ctx() ctx: Context): Result {
    return this.stageOneService.reopen(ctx, input);
  }
}
