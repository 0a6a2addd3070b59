import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DomainEvent } from '../db/event.entity';
import { toGlobalId } from '../shared/graphql/global-id';
import type { Context } from '../shared/request-context';
import type { ComplaintService } from './complaint.service';
import type { StageOneService } from './stage-one.service';
import type { TemplateReader } from '../shared/template-reader';
import { ProposedHandling } from '../templates';
import { Complaint } from './complaint.entity';
import { ComplaintsArgs, ConfirmDefectiveQuantityInput, CreateComplaintInput, UpdateComplaintInput } from './complaint.inputs';
import { requirePermission } from '../auth';
import { ComplaintConnection, CreateComplaintResult, UpdateComplaintResult } from './complaint.results';

@Resolver(() => Complaint)
export class ComplaintResolver {
  constructor(
    private readonly complaintService: ComplaintService,
    private readonly stageOneService: StageOneService,
    private readonly templateService: TemplateReader,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() complaint: Complaint): string {
    return toGlobalId('Complaint', complaint.id);
  }

  @FieldResolver(() => [DomainEvent], { description: 'Audit trail of this complaint, oldest first.' })
  history(@Root() complaint: Complaint, @Ctx() ctx: Context, @Arg('first', () => Int, { defaultValue: 100, description: '1 to 100.' }) first: number): Promise<DomainEvent[]> {
    return ctx.em.find(DomainEvent, { subjectId: complaint.id }, { orderBy: { sequence: 'asc' }, limit: Math.min(Math.max(first, 1), 100) });
  }

  @FieldResolver(() => ProposedHandling, { description: "What the pinned complaint type's rules decide for this complaint as it stands (its remedy, feedback and recurrence included): the same evaluation the record's decisions come from." })
  proposedHandling(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<ProposedHandling> {
    return this.stageOneService.proposedHandling(ctx, complaint) as Promise<ProposedHandling>;
  }

  @Query(() => Complaint, { description: 'One complaint; NOT_FOUND when it does not exist for the caller.' })
  complaint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Complaint> {
    return this.complaintService.get(ctx, id);
  }

  @Query(() => ComplaintConnection, { description: 'Complaints of the caller\'s tenant, newest first unless ordered otherwise.' })
  complaints(@Args() args: ComplaintsArgs, @Ctx() ctx: Context) {
    return this.complaintService.list(ctx, args);
  }

  @Mutation(() => CreateComplaintResult, { description: 'Records a complaint; the data is validated against its type\'s intake schema.' })
  async createComplaint(@Arg('input') input: CreateComplaintInput, @Ctx() ctx: Context): Promise<typeof CreateComplaintResult> {
    await requirePermission(this.templateService, ctx, 'complaint.create');
    return this.complaintService.create(ctx, input);
  }

  @Mutation(() => UpdateComplaintResult, { description: 'Replaces the form data of a complaint, given the version you read.' })
  async updateComplaint(@Arg('input') input: UpdateComplaintInput, @Ctx() ctx: Context): Promise<typeof UpdateComplaintResult> {
    await requirePermission(this.templateService, ctx, 'complaint.update');
    return this.complaintService.update(ctx, input);
  }

  @Mutation(() => UpdateComplaintResult, { description: 'Records the defective quantity confirmed after investigation (PPM numerator CONFIRMED), given the version you read.' })
  async confirmDefectiveQuantity(@Arg('input') input: ConfirmDefectiveQuantityInput, @Ctx() ctx: Context): Promise<typeof UpdateComplaintResult> {
    await requirePermission(this.templateService, ctx, 'complaint.confirmDefects');
    return this.complaintService.confirmDefectiveQuantity(ctx, input);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Parts confirmed defective after investigation (record.defects.confirmed); null until confirmed.' })
  confirmedDefectiveQuantity(@Root() complaint: Complaint): number | null {
    const confirmed = complaint.record.defects?.confirmed;
    return typeof confirmed === 'number' ? confirmed : null;
  }
}
