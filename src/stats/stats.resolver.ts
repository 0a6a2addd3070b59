import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { REPEAT_WINDOW_DAYS } from './stats.service';
import { requirePermission } from '../auth';
import type { Context } from '../shared/request-context';
import type { TemplateReader } from '../shared/template-reader';
import type { StatsService } from './stats.service';
import { DefectiveQuantity, ImportShipmentsInput, ParetoMeasure, PpmDimension, RecordShipmentInput, StatsDimension, StatsFilter } from './stats.inputs';
import { ComplaintStatsResult, ImportShipmentsResult, ParetoResult, PpmResult, RecordShipmentResult } from './stats.results';

@Resolver()
export class StatsResolver {
  constructor(
    private readonly templateService: TemplateReader,
    private readonly statsService: StatsService,
  ) {}

  @Query(() => ComplaintStatsResult, { description: 'Complaint statistics over the filter, in total and per group: stage 1 and stage 2 apart, repeats, satisfaction (see README "Statistics").' })
  async complaintStats(
    @Ctx() ctx: Context,
    @Arg('filter', () => StatsFilter, { nullable: true }) filter: StatsFilter | null,
    @Arg('groupBy', () => [StatsDimension], { defaultValue: [], description: 'At most 3 dimensions, each once.' }) groupBy: StatsDimension[],
    @Arg('repeatWindowDays', () => Int, { defaultValue: REPEAT_WINDOW_DAYS.default, description: 'A complaint is a repeat when an earlier one on the same product and category was received at most this many days before (1 to 3650).' }) repeatWindowDays: number,
  ): Promise<typeof ComplaintStatsResult> {
    await requirePermission(this.templateService, ctx, 'stats.read');
    return this.statsService.complaintStats(ctx, filter, groupBy, repeatWindowDays);
  }

  @Query(() => ParetoResult, { description: 'Complaint counts (or defective quantities) per value of one dimension, largest first, with cumulative percentages.' })
  async pareto(
    @Ctx() ctx: Context,
    @Arg('dimension', () => StatsDimension) dimension: StatsDimension,
    @Arg('filter', () => StatsFilter, { nullable: true }) filter: StatsFilter | null,
    @Arg('measure', () => ParetoMeasure, { defaultValue: ParetoMeasure.COUNT }) measure: ParetoMeasure,
  ): Promise<typeof ParetoResult> {
    await requirePermission(this.templateService, ctx, 'stats.read');
    return this.statsService.pareto(ctx, dimension, filter, measure);
  }

  @Query(() => PpmResult, { description: 'Defective parts per million shipped, per group, with both quantities; ppm is null (noShipments) where nothing was shipped.' })
  async ppm(
    @Ctx() ctx: Context,
    @Arg('filter', () => StatsFilter, { nullable: true }) filter: StatsFilter | null,
    @Arg('groupBy', () => [PpmDimension], { defaultValue: [] }) groupBy: PpmDimension[],
    @Arg('numerator', () => DefectiveQuantity, { defaultValue: DefectiveQuantity.CLAIMED }) numerator: DefectiveQuantity,
  ): Promise<typeof PpmResult> {
    await requirePermission(this.templateService, ctx, 'stats.read');
    return this.statsService.ppm(ctx, filter, groupBy, numerator);
  }

  @Mutation(() => RecordShipmentResult, { description: 'Records the quantity shipped of a product (optionally to one customer) in a month, replacing what was recorded for that key.' })
  async recordShipment(@Ctx() ctx: Context, @Arg('input') input: RecordShipmentInput): Promise<typeof RecordShipmentResult> {
    await requirePermission(this.templateService, ctx, 'shipment.write');
    return this.statsService.recordShipment(ctx, input);
  }

  @Mutation(() => ImportShipmentsResult, { description: 'Imports shipped quantities from CSV, one transaction; per-row problems reported by line (see ImportShipmentsInput and ShipmentImportMode).' })
  async importShipments(@Ctx() ctx: Context, @Arg('input') input: ImportShipmentsInput): Promise<typeof ImportShipmentsResult> {
    await requirePermission(this.templateService, ctx, 'shipment.write');
    return this.statsService.importShipments(ctx, input);
  }
}
