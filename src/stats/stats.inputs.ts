import { Field, InputType, Int, registerEnumType } from 'type-graphql';

/** What statistics are grouped by; time buckets are local to the organization's calendar time zone. */
export enum StatsDimension {
  MONTH = 'MONTH',
  WEEK = 'WEEK',
  CATEGORY = 'CATEGORY',
  DEPARTMENT = 'DEPARTMENT',
  PRODUCT = 'PRODUCT',
  CUSTOMER = 'CUSTOMER',
  SEVERITY = 'SEVERITY',
  TYPE = 'TYPE',
}
registerEnumType(StatsDimension, {
  name: 'StatsDimension',
  description: "MONTH (2026-11) and WEEK (ISO, 2026-W47) of receipt in the organization's time zone; the others are the complaint's keys.",
});

export enum PpmDimension {
  MONTH = 'MONTH',
  PRODUCT = 'PRODUCT',
  CUSTOMER = 'CUSTOMER',
}
registerEnumType(PpmDimension, { name: 'PpmDimension' });

export enum ParetoMeasure {
  COUNT = 'COUNT',
  CLAIMED_QUANTITY = 'CLAIMED_QUANTITY',
  CONFIRMED_QUANTITY = 'CONFIRMED_QUANTITY',
  COST = 'COST',
}
registerEnumType(ParetoMeasure, {
  name: 'ParetoMeasure',
  description: "What the bars measure: COUNT of complaints, CLAIMED_QUANTITY (the customers' claimed quantity: intakeFields.quantity, by default data.quantityAffected), CONFIRMED_QUANTITY (confirmed after investigation) or COST (the complaints' cost items not voided, in the organization's base currency, named by Pareto.currency).",
});

export enum DefectiveQuantity {
  CLAIMED = 'CLAIMED',
  CONFIRMED = 'CONFIRMED',
}
registerEnumType(DefectiveQuantity, {
  name: 'DefectiveQuantity',
  description: "PPM's numerator: CLAIMED (the customer's claimed quantity: intakeFields.quantity, by default data.quantityAffected) or CONFIRMED (after investigation; complaints not yet confirmed count 0).",
});

@InputType({ description: "Local dates in the organization's time zone, both inclusive, e.g. {from: \"2026-11-01\", to: \"2026-11-30\"}." })
export class StatsDateRange {
  @Field({ description: 'YYYY-MM-DD' })
  from!: string;

  @Field({ description: 'YYYY-MM-DD' })
  to!: string;
}

@InputType({ description: 'Which complaints count: by the local date of receipt and their keys (each list at most 100 values; empty or absent: any).' })
export class StatsFilter {
  @Field(() => StatsDateRange, { nullable: true })
  dateRange?: StatsDateRange | null;

  @Field(() => [String], { nullable: true, description: 'Complaint type keys.' })
  types?: string[] | null;

  @Field(() => [String], { nullable: true })
  categories?: string[] | null;

  @Field(() => [String], { nullable: true })
  departments?: string[] | null;

  @Field(() => [String], { nullable: true })
  severities?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Part numbers (where each complaint type keeps it, intakeFields.partNumber; by default data.product.partNumber).' })
  products?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Customer organizations (intakeFields.customer of each complaint type; by default data.customer.organization).' })
  customers?: string[] | null;
}

@InputType()
export class RecordShipmentInput {
  @Field({ description: 'Part number, as complaints name it (intakeFields.partNumber of their type; by default data.product.partNumber).' })
  product!: string;

  @Field(() => String, { nullable: true, description: "Customer organization; absent: the product's total for the month." })
  customer?: string | null;

  @Field({ description: 'Month shipped, YYYY-MM.' })
  period!: string;

  @Field(() => Int, { description: 'Quantity shipped (>= 0); replaces what was recorded for this product, customer and month.' })
  quantity!: number;
}

export enum ShipmentImportMode {
  ALL_OR_NOTHING = 'ALL_OR_NOTHING',
  VALID_ROWS = 'VALID_ROWS',
}
registerEnumType(ShipmentImportMode, {
  name: 'ShipmentImportMode',
  description: 'ALL_OR_NOTHING (default): any bad row refuses the whole file (a ValidationError listing every problem; nothing stored). VALID_ROWS: the good rows are stored, each bad row stores nothing and is reported.',
});

@InputType({ description: 'A CSV of shipped quantities: a header row naming product, customer (optional), period (YYYY-MM) and quantity, in any order, in English or Chinese (零件号, 客户, 月份, 数量); UTF-8 with or without BOM; comma, semicolon or tab separated.' })
export class ImportShipmentsInput {
  @Field({ description: 'The file\'s text.' })
  csv!: string;

  @Field(() => ShipmentImportMode, { defaultValue: ShipmentImportMode.ALL_OR_NOTHING })
  mode!: ShipmentImportMode;

  @Field({ defaultValue: false, description: 'Validate and count only; store nothing.' })
  dryRun!: boolean;
}
