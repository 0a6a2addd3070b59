import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A cost of a complaint or an investigation. Amounts are decimal strings ("1234.50"), never floats.' })
export class AddCostItemInput {
  @Field(() => ID, { description: 'Global ID of the complaint or investigation the cost is booked against.' })
  subjectId!: string;

  @Field({ description: "A cost kind key of the organization template (see costKinds), e.g. freight, labor." })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'What it was, e.g. the invoice number (at most 2000 characters).' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'For AMOUNT kinds (required there, refused otherwise): > 0, at most the currency\'s minor-unit digits.' })
  amount?: string | null;

  @Field(() => String, { nullable: true, description: 'For HOURS_X_RATE kinds (required there, refused otherwise): > 0, at most 2 decimals, at most 100000.' })
  hours?: string | null;

  @Field(() => String, { nullable: true, description: 'Hourly rate in `currency`, for HOURS_X_RATE kinds (required there, refused otherwise).' })
  rate?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 4217 code; defaults to the organization's base currency." })
  currency?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Units of the base currency per unit of `currency` (e.g. 7.1234 CNY per USD), at most 10 decimals: required when `currency` is not the base currency; omit it (or give 1) otherwise.',
  })
  exchangeRate?: string | null;

  @Field(() => String, { nullable: true, description: 'Local date the cost arose (e.g. invoice date), YYYY-MM-DD.' })
  incurredOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Client-chosen key (<= 200 chars): a retry with the same key returns the first item and records nothing.' })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Voids a cost item (a correction): it stays in the audit trail and counts in no total.' })
export class VoidCostItemInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Why (1 to 2000 characters), e.g. "booked twice" or "wrong currency, see new item".' })
  reason!: string;
}
