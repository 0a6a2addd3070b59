import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Complaint } from '../complaints';
import type { Context } from '../shared/request-context';
import type { ConsequenceService } from './consequence.service';
import type { ResponsibilityService } from './responsibility.service';
import { AppealConsequenceInput, DecideAppealInput, DecideConsequenceInput, DecideResponsibilityInput, ReviseResponsibilityInput } from './accountability.inputs';
import { ConsequenceResult, DecideConsequenceResult, DecideResponsibilityResult, LateHolder, ResponsibilityDecisionView, ReviseResponsibilityResult } from './accountability.results';

@Resolver()
export class AccountabilityResolver {
  constructor(
    private readonly consequenceService: ConsequenceService,
    private readonly responsibilityService: ResponsibilityService,
  ) {}

  @Mutation(() => DecideResponsibilityResult, {
    description: "Decides who is responsible for a closed complaint's cause (or from a linked investigation's signed-off root cause) and proposes the consequences of the organization's accountability policy; appends complaint.responsibility_decided.",
  })
  decideResponsibility(@Arg('input') input: DecideResponsibilityInput, @Ctx() ctx: Context): Promise<typeof DecideResponsibilityResult> {
    return this.responsibilityService.decide(ctx, input);
  }

  @Mutation(() => ReviseResponsibilityResult, { description: 'Revises the decision with a reason: earlier consequences are superseded, new ones proposed; appends complaint.responsibility_revised.' })
  reviseResponsibility(@Arg('input') input: ReviseResponsibilityInput, @Ctx() ctx: Context): Promise<typeof ReviseResponsibilityResult> {
    return this.responsibilityService.revise(ctx, input);
  }

  @Mutation(() => DecideConsequenceResult, { description: "Approves the consequence's current approval-route step (with an electronic signature where the step takes one) or rejects it; appends complaint.consequence_decided (ids, status and step only)." })
  decideConsequence(@Arg('input') input: DecideConsequenceInput, @Ctx() ctx: Context): Promise<typeof DecideConsequenceResult> {
    return this.consequenceService.decide(ctx, input);
  }

  @Mutation(() => ConsequenceResult, { description: 'Appeals an effective consequence, once; appends complaint.consequence_appealed (ids and status only).' })
  appealConsequence(@Arg('input') input: AppealConsequenceInput, @Ctx() ctx: Context): Promise<typeof ConsequenceResult> {
    return this.consequenceService.appeal(ctx, input);
  }

  @Mutation(() => ConsequenceResult, { description: 'Upholds or overturns an appealed consequence; appends complaint.consequence_appeal_decided (ids and status only).' })
  decideAppeal(@Arg('input') input: DecideAppealInput, @Ctx() ctx: Context): Promise<typeof ConsequenceResult> {
    return this.consequenceService.decideAppeal(ctx, input);
  }
}

@Resolver(() => Complaint)
export class ComplaintResponsibilityResolver {
  constructor(
    private readonly responsibilityService: ResponsibilityService,
  ) {}

  @FieldResolver(() => ResponsibilityDecisionView, { nullable: true, description: "Who is responsible for the complaint's cause; null until decided." })
  responsibility(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<ResponsibilityDecisionView | null> {
    return this.responsibilityService.ofComplaint(ctx, complaint);
  }

  @FieldResolver(() => [LateHolder], { description: 'Closing summary of delay accountability: who held the complaint while an SLA clock of it was breached, oldest first.' })
  lateHolders(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<LateHolder[]> {
    return this.responsibilityService.lateHolders(ctx, complaint);
  }
}
