import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requirePermission } from '../auth';
import { Complaint } from '../complaints';
import { Investigation } from '../investigations';
import type { Context } from '../shared/request-context';
import type { CostService } from './cost.service';
import type { TemplateReader } from '../shared/template-reader';
import { AddCostItemInput, VoidCostItemInput } from './cost.inputs';
import { AddCostItemResult, ComplaintCosts, CostKindView, InvestigationCosts, VoidCostItemResult } from './cost.results';

const INCLUDE_VOIDED = 'Also list voided items (flagged `voided`); totals never count them.';

@Resolver()
export class CostResolver {
  constructor(
    private readonly costService: CostService,
    private readonly templateService: TemplateReader,
  ) {}

  @Query(() => [CostKindView], { description: "The organization's cost kinds, for the cost item form." })
  costKinds(@Ctx() ctx: Context): Promise<CostKindView[]> {
    return this.costService.kinds(ctx);
  }

  @Mutation(() => AddCostItemResult, { description: 'Records a cost of a complaint or an investigation; appends complaint.cost_added or investigation.cost_added.' })
  async addCostItem(@Arg('input') input: AddCostItemInput, @Ctx() ctx: Context): Promise<typeof AddCostItemResult> {
    await requirePermission(this.templateService, ctx, 'cost.write');
    return this.costService.add(ctx, input);
  }

  @Mutation(() => VoidCostItemResult, { description: 'Voids a cost item with a reason (corrections: void, then add the right one); appends complaint.cost_voided or investigation.cost_voided.' })
  async voidCostItem(@Arg('input') input: VoidCostItemInput, @Ctx() ctx: Context): Promise<typeof VoidCostItemResult> {
    await requirePermission(this.templateService, ctx, 'cost.write');
    return this.costService.void(ctx, input);
  }
}

@Resolver(() => Complaint)
export class ComplaintCostResolver {
  constructor(
    private readonly costService: CostService,
  ) {}

  @FieldResolver(() => ComplaintCosts, { description: 'Cost items of this complaint and their totals.' })
  costs(@Root() complaint: Complaint, @Ctx() ctx: Context, @Arg('includeVoided', { defaultValue: true, description: INCLUDE_VOIDED }) includeVoided: boolean): Promise<ComplaintCosts> {
    return this.costService.ofComplaint(ctx, complaint, includeVoided);
  }
}

@Resolver(() => Investigation)
export class InvestigationCostResolver {
  constructor(
    private readonly costService: CostService,
  ) {}

  @FieldResolver(() => InvestigationCosts, { description: 'Cost items of this investigation, the totals of the complaints linked to it, and the sum of both.' })
  costs(@Root() inv: Investigation, @Ctx() ctx: Context, @Arg('includeVoided', { defaultValue: true, description: INCLUDE_VOIDED }) includeVoided: boolean): Promise<InvestigationCosts> {
    return this.costService.ofInvestigation(ctx, inv, includeVoided);
  }
}
