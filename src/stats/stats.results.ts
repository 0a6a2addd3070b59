import { createUnionType, Field, Float, Int, ObjectType } from 'type-graphql';
import { ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { DefectiveQuantity, ParetoMeasure, PpmDimension, ShipmentImportMode, StatsDimension } from './stats.inputs';

@ObjectType({ description: 'One coordinate of a group: the dimension and its value (null: not set, e.g. not yet classified).' })
export class StatsKey {
  @Field(() => StatsDimension)
  dimension!: StatsDimension;

  @Field(() => String, { nullable: true })
  value!: string | null;
}

@ObjectType({ description: 'A duration distribution in hours; percentiles by the nearest-rank definition (the value at rank ceil(p x n) in ascending order). Null when count is 0.' })
export class CycleTimeStats {
  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true })
  medianHours!: number | null;

  @Field(() => Float, { nullable: true })
  p90Hours!: number | null;

  @Field(() => Float, { nullable: true })
  meanHours!: number | null;
}

@ObjectType({ description: 'Stage 1 (response): from receipt to closure (closed or rejected), over the complaints closed now.' })
export class StageOneStats {
  @Field(() => Int, { description: 'Complaints closed now (a reopened one counts again when it closes again).' })
  closedCount!: number;

  @Field(() => CycleTimeStats, { description: 'Received -> closed, calendar hours.' })
  cycleTime!: CycleTimeStats;

  @Field(() => Int, { description: 'Closed complaints with a stage-1 "close" SLA clock.' })
  timedCount!: number;

  @Field(() => Int, { description: 'Of those, closed before the close clock was due.' })
  onTimeCount!: number;

  @Field(() => Float, { nullable: true, description: 'onTimeCount / timedCount; null when timedCount is 0.' })
  onTimeRate!: number | null;

  @Field(() => Int, { description: 'Judged unjustified (rejected).' })
  rejectedCount!: number;

  @Field(() => Float, { nullable: true, description: 'rejectedCount / count of the group; null for an empty group.' })
  rejectedShare!: number | null;

  @Field(() => Int, { description: 'Reopened at least once.' })
  reopenedCount!: number;

  @Field(() => Float, { nullable: true, description: 'reopenedCount / complaints ever closed (closed now or reopened); null when none.' })
  reopenRate!: number | null;
}

@ObjectType({ description: 'Stage 2 (root cause): the investigations opened in the range (local day of opening), keyed like complaints (type and customer of the first linked complaint). Reported apart from stage 1.' })
export class StageTwoStats {
  @Field(() => Int, { description: 'Investigations opened.' })
  openedCount!: number;

  @Field(() => Int, { description: 'Of those, still open (OPEN or EFFECTIVENESS_CHECK).' })
  openCount!: number;

  @Field(() => Int, { description: 'Cancelled (closed without completing); not in the cycle time.' })
  cancelledCount!: number;

  @Field(() => Int, { description: 'Closed by a passed effectiveness check.' })
  closedCount!: number;

  @Field(() => CycleTimeStats, { description: 'Opened -> closed by a passed effectiveness check, calendar hours.' })
  cycleTime!: CycleTimeStats;

  @Field(() => Int, { description: 'Closed investigations with a stage-2 "closure" SLA clock.' })
  timedCount!: number;

  @Field(() => Int, { description: 'Of those, closed before the closure clock was due.' })
  onTimeCount!: number;

  @Field(() => Float, { nullable: true, description: 'onTimeCount / timedCount; null when timedCount is 0.' })
  onTimeRate!: number | null;
}

@ObjectType({ description: "The customers' satisfaction from stage-1 feedback (1 to 5)." })
export class SatisfactionStats {
  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => [Int], { description: 'Answers per score: index 0 is score 1, index 4 is score 5.' })
  distribution!: number[];
}

@ObjectType()
export class ComplaintStatsGroup {
  @Field(() => [StatsKey], { description: 'One entry per groupBy dimension, in order; empty for the total.' })
  key!: StatsKey[];

  @Field(() => Int)
  count!: number;

  @Field(() => StageOneStats)
  stageOne!: StageOneStats;

  @Field(() => StageTwoStats)
  stageTwo!: StageTwoStats;

  @Field(() => Int, { description: 'Repeat complaints: an earlier complaint on the same product and category was received within repeatWindowDays before (that one may be outside the filter).' })
  repeatCount!: number;

  @Field(() => Float, { nullable: true, description: 'repeatCount / count; null for no complaints.' })
  repeatRate!: number | null;

  @Field(() => SatisfactionStats)
  satisfaction!: SatisfactionStats;
}

@ObjectType({ description: 'Complaint statistics over the filter: the total and one group per combination of the groupBy values that has complaints.' })
export class ComplaintStats {
  @Field(() => [StatsDimension])
  groupBy!: StatsDimension[];

  @Field(() => Int, { description: 'The window repeat complaints were counted in (days).' })
  repeatWindowDays!: number;

  @Field(() => ComplaintStatsGroup)
  total!: ComplaintStatsGroup;

  @Field(() => [ComplaintStatsGroup], { description: 'Ordered by key (ascending; null last).' })
  groups!: ComplaintStatsGroup[];
}

@ObjectType()
export class ParetoItem {
  @Field(() => String, { nullable: true })
  value!: string | null;

  @Field(() => Int, { description: 'Complaints with this value.' })
  count!: number;

  @Field(() => Float, { description: 'What the measure counts for this value (= count for COUNT).' })
  amount!: number;

  @Field(() => Float, { nullable: true, description: 'amount / totalAmount x 100; null when totalAmount is 0.' })
  percentage!: number | null;

  @Field(() => Int, { description: 'Complaints of this item and those before it.' })
  cumulativeCount!: number;

  @Field(() => Float)
  cumulativeAmount!: number;

  @Field(() => Float, { nullable: true, description: 'cumulativeAmount / totalAmount x 100 (100 at the last item); null when totalAmount is 0.' })
  cumulativePercentage!: number | null;
}

@ObjectType({ description: 'Values by the measure, largest first (ties by count, then by value), with the cumulative share.' })
export class Pareto {
  @Field(() => StatsDimension)
  dimension!: StatsDimension;

  @Field(() => ParetoMeasure)
  measure!: ParetoMeasure;

  @Field(() => Int, { description: 'Complaints over the filter.' })
  total!: number;

  @Field(() => Float)
  totalAmount!: number;

  @Field(() => String, { nullable: true, description: 'With measure COST: the currency of the amounts (ISO 4217, the organization\'s base currency, in its major unit, e.g. 1234.5); null otherwise.' })
  currency!: string | null;

  @Field(() => [ParetoItem])
  items!: ParetoItem[];
}

@ObjectType()
export class PpmKey {
  @Field(() => PpmDimension)
  dimension!: PpmDimension;

  @Field(() => String, { nullable: true })
  value!: string | null;
}

@ObjectType({ description: 'defectiveQuantity / shippedQuantity x 1,000,000, with both numbers.' })
export class PpmGroup {
  @Field(() => [PpmKey])
  key!: PpmKey[];

  @Field(() => Float, { description: 'Sum of the numerator over the complaints of the group.' })
  defectiveQuantity!: number;

  @Field(() => Int)
  complaintCount!: number;

  @Field(() => Float, { description: 'Shipped in the group (0 when none was recorded).' })
  shippedQuantity!: number;

  @Field({ description: 'No shipment (or only 0) is recorded for the group: ppm is null.' })
  noShipments!: boolean;

  @Field(() => Float, { nullable: true })
  ppm!: number | null;
}

@ObjectType()
export class PpmReport {
  @Field(() => DefectiveQuantity)
  numerator!: DefectiveQuantity;

  @Field(() => [PpmDimension])
  groupBy!: PpmDimension[];

  @Field(() => PpmGroup)
  total!: PpmGroup;

  @Field(() => [PpmGroup], { description: 'Ordered by key (ascending; null last).' })
  groups!: PpmGroup[];
}

@ObjectType({ description: 'The recorded shipped quantity of a product (and customer) in a month.' })
export class ShipmentRecord {
  @Field()
  product!: string;

  @Field(() => String, { nullable: true })
  customer!: string | null;

  @Field()
  period!: string;

  @Field(() => Int)
  quantity!: number;
}

/** The services return plain objects: a ValidationError is the class instance, anything else the report. */
const reportOr = <T>(report: T) => (value: unknown) => (value instanceof ValidationError ? ValidationError : report);

export const ComplaintStatsResult = createUnionType({ name: 'ComplaintStatsResult', types: () => [ComplaintStats, ValidationError] as const, resolveType: reportOr(ComplaintStats) });
export const ParetoResult = createUnionType({ name: 'ParetoResult', types: () => [Pareto, ValidationError] as const, resolveType: reportOr(Pareto) });
export const PpmResult = createUnionType({ name: 'PpmResult', types: () => [PpmReport, ValidationError] as const, resolveType: reportOr(PpmReport) });
export const RecordShipmentResult = createUnionType({ name: 'RecordShipmentResult', types: () => [ShipmentRecord, ValidationError] as const, resolveType: reportOr(ShipmentRecord) });

@ObjectType({ description: 'A row of an import that stored nothing, with its problems (paths /rows/<line>/<column>).' })
export class ShipmentImportRow {
  @Field(() => Int, { description: 'Line of the row in the file (the header is line 1).' })
  line!: number;

  @Field(() => [ValidationProblem])
  problems!: ValidationProblem[];
}

@ObjectType({ description: 'What an import of shipments did (or, for a dry run, would do).' })
export class ShipmentImport {
  @Field(() => ShipmentImportMode)
  mode!: ShipmentImportMode;

  @Field()
  dryRun!: boolean;

  @Field(() => Int, { description: 'Data rows in the file.' })
  rowCount!: number;

  @Field(() => Int, { description: 'New product, customer and month keys stored.' })
  createdCount!: number;

  @Field(() => Int, { description: 'Keys whose quantity changed.' })
  updatedCount!: number;

  @Field(() => Int, { description: 'Rows that repeat what is stored (no change, no event).' })
  unchangedCount!: number;

  @Field(() => Int)
  rejectedCount!: number;

  @Field(() => [ShipmentImportRow], { description: 'Rejected rows in file order.' })
  rejectedRows!: ShipmentImportRow[];
}

export const ImportShipmentsResult = createUnionType({ name: 'ImportShipmentsResult', types: () => [ShipmentImport, ValidationError] as const, resolveType: reportOr(ShipmentImport) });
