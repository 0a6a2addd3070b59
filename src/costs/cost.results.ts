import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Complaint } from '../complaints';
import { ErrorCode } from '../shared/errors/error-code';
import { ErrorResult, IdempotencyKeyReusedError, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { Node } from '../shared/graphql/node.interface';
import { LocalizedText } from '../templates';

@ObjectType({ description: 'An exact amount of money: a decimal string with exactly the currency\'s minor-unit digits ("1234.50" CNY, "1200" JPY), never a float.' })
export class Money {
  @Field({ description: 'Decimal string, e.g. "1234.50".' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code, e.g. CNY.' })
  currency!: string;
}

export enum CostCalculation {
  AMOUNT = 'amount',
  HOURS_X_RATE = 'hours-x-rate',
}
registerEnumType(CostCalculation, { name: 'CostCalculation', description: 'How an item of a cost kind states its amount: AMOUNT directly, HOURS_X_RATE as hours times an hourly rate.' });

@ObjectType('CostKind', { description: "A kind of cost from the organization template's costKinds (the shipped set when it has none)." })
export class CostKindView {
  @Field()
  key!: string;

  @Field(() => LocalizedText)
  title!: LocalizedText;

  @Field(() => LocalizedText, { nullable: true })
  description!: LocalizedText | null;

  @Field(() => CostCalculation)
  calculation!: CostCalculation;
}

@ObjectType('CostItem', { implements: Node, description: 'One cost of a complaint or an investigation. Append-only: corrections void it (with a reason) and add a new one.' })
export class CostItemView {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Complaint or Investigation.' })
  subjectType!: string;

  @Field(() => ID, { description: "Global ID of the complaint or investigation it is booked against." })
  subjectId!: string;

  @Field({ description: 'Cost kind key (see costKinds).' })
  kind!: string;

  @Field({ description: "The kind's title in the caller's language (the key when the kind is no longer in the template)." })
  kindTitle!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'Hours as a decimal string (at most 2 decimals), for an HOURS_X_RATE kind.' })
  hours!: string | null;

  @Field(() => Money, { nullable: true, description: 'Hourly rate, for an HOURS_X_RATE kind.' })
  rate!: Money | null;

  @Field(() => Money, { description: 'The amount in the currency recorded (hours x rate rounded half up to the minor unit for HOURS_X_RATE kinds).' })
  amount!: Money;

  @Field(() => String, { nullable: true, description: 'Units of the base currency per unit of the item currency, as recorded; null when the item is in the base currency.' })
  exchangeRate!: string | null;

  @Field(() => Money, { description: "The amount in the organization's base currency: amount x exchangeRate rounded half up to the minor unit." })
  baseAmount!: Money;

  @Field(() => String, { nullable: true, description: 'Local date the cost arose (e.g. invoice date), YYYY-MM-DD.' })
  incurredOn!: string | null;

  @Field()
  recordedBy!: string;

  @Field()
  recordedByName!: string;

  @Field()
  recordedAt!: Date;

  @Field({ description: 'Voided items stay listed (audit trail) and count in no total.' })
  voided!: boolean;

  @Field(() => Date, { nullable: true })
  voidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  voidedBy!: string | null;

  @Field(() => String, { nullable: true })
  voidedByName!: string | null;

  @Field(() => String, { nullable: true })
  voidReason!: string | null;
}

@ObjectType({ description: "A complaint's cost items and their totals; voided items count in no total." })
export class ComplaintCosts {
  @Field(() => [CostItemView], { description: 'Oldest first.' })
  items!: CostItemView[];

  @Field(() => [Money], { description: 'Sum per currency the items were recorded in, by currency code.' })
  totalsByCurrency!: Money[];

  @Field(() => Money, { description: "Sum of the base amounts, in the organization's base currency." })
  baseTotal!: Money;

  @Field(() => Int, { description: 'Items not voided.' })
  activeCount!: number;
}

@ObjectType({ description: 'The cost totals of one complaint linked to an investigation.' })
export class LinkedComplaintCosts {
  @Field(() => Complaint)
  complaint!: Complaint;

  @Field(() => [Money])
  totalsByCurrency!: Money[];

  @Field(() => Money)
  baseTotal!: Money;
}

@ObjectType({ description: "An investigation's own cost items (8D team labor, tests ...) and the totals of the complaints it answers." })
export class InvestigationCosts {
  @Field(() => [CostItemView], { description: "The investigation's own items, oldest first." })
  items!: CostItemView[];

  @Field(() => [Money], { description: 'Its own items per currency.' })
  totalsByCurrency!: Money[];

  @Field(() => Money, { description: 'Its own items in the base currency.' })
  baseTotal!: Money;

  @Field(() => [LinkedComplaintCosts], { description: 'Each complaint linked now, in order of linking (then by number).' })
  complaints!: LinkedComplaintCosts[];

  @Field(() => Money, { description: 'The linked complaints together, in the base currency.' })
  complaintsBaseTotal!: Money;

  @Field(() => [Money], { description: 'Its own items and the linked complaints\' items per currency.' })
  grandTotalsByCurrency!: Money[];

  @Field(() => Money, { description: 'baseTotal + complaintsBaseTotal: what the problem cost.' })
  grandBaseTotal!: Money;
}

@ObjectType({ implements: ErrorResult, description: 'The cost item was voided already; nothing changed.' })
export class AlreadyVoidedError extends ErrorResult {
  @Field(() => CostItemView, { description: 'The item as it stands: who voided it, when and why.' })
  item!: CostItemView;

  constructor(item: CostItemView) {
    super();
    this.code = ErrorCode.ALREADY_VOIDED;
    this.message = `Cost item ${item.id} was voided at ${item.voidedAt?.toISOString()}`;
    this.item = item;
  }
}

export const AddCostItemResult = createUnionType({
  name: 'AddCostItemResult',
  types: () => [CostItemView, ValidationError, NotFoundError, IdempotencyKeyReusedError] as const,
});

export const VoidCostItemResult = createUnionType({
  name: 'VoidCostItemResult',
  types: () => [CostItemView, ValidationError, NotFoundError, AlreadyVoidedError] as const,
});
