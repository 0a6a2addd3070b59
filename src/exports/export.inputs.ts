import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { Language } from '../templates';
import { DefectiveQuantity, ParetoMeasure, PpmDimension, StatsDimension, StatsFilter } from '../stats';

export enum ExportKind {
  COMPLAINTS = 'COMPLAINTS',
  COMPLAINT_STATS = 'COMPLAINT_STATS',
  PARETO = 'PARETO',
  PPM = 'PPM',
  PARETO_CHART = 'PARETO_CHART',
  TREND_CHART = 'TREND_CHART',
}
registerEnumType(ExportKind, {
  name: 'ExportKind',
  description: 'COMPLAINTS (one row per complaint), COMPLAINT_STATS, PARETO and PPM are tables (CSV, XLSX); PARETO_CHART and TREND_CHART are pictures (SVG, PNG).',
});

export enum ExportFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
  SVG = 'SVG',
  PNG = 'PNG',
}
registerEnumType(ExportFormat, { name: 'ExportFormat', description: 'CSV is UTF-8 with a BOM (Excel shows Chinese), RFC 4180 quoting.' });

export enum TrendInterval {
  MONTH = 'MONTH',
  WEEK = 'WEEK',
}
registerEnumType(TrendInterval, { name: 'TrendInterval', description: "Buckets of a trend chart, local to the organization's time zone (ISO weeks)." });

@InputType({ description: 'What to export; arguments that do not apply to the kind are refused (NOT_APPLICABLE).' })
export class ExportInput {
  @Field(() => ExportKind)
  kind!: ExportKind;

  @Field(() => ExportFormat, { description: 'CSV or XLSX for tables, SVG or PNG for charts.' })
  format!: ExportFormat;

  @Field(() => StatsFilter, { nullable: true, description: 'Which complaints count, as for the statistics queries.' })
  filter?: StatsFilter | null;

  @Field(() => [StatsDimension], { nullable: true, description: 'COMPLAINT_STATS: at most 3 dimensions, each once.' })
  groupBy?: StatsDimension[] | null;

  @Field(() => [PpmDimension], { nullable: true, description: 'PPM: the groupBy of the ppm query.' })
  ppmGroupBy?: PpmDimension[] | null;

  @Field(() => StatsDimension, { nullable: true, description: 'PARETO and PARETO_CHART (required there).' })
  dimension?: StatsDimension | null;

  @Field(() => DefectiveQuantity, { nullable: true, description: 'PPM: the numerator (default CLAIMED).' })
  numerator?: DefectiveQuantity | null;

  @Field(() => ParetoMeasure, { nullable: true, description: 'PARETO and PARETO_CHART: what the bars measure (default COUNT).' })
  measure?: ParetoMeasure | null;

  @Field(() => Int, { nullable: true, description: 'COMPLAINT_STATS: the repeat window in days (default 90, 1 to 3650).' })
  repeatWindowDays?: number | null;

  @Field(() => TrendInterval, { nullable: true, description: 'TREND_CHART: MONTH (default) or WEEK.' })
  interval?: TrendInterval | null;

  @Field(() => Language, { nullable: true, description: "Headers, titles and labels; default the request's language (Accept-Language)." })
  language?: Language | null;
}
