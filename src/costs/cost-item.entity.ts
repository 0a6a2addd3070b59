import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** What a cost item is booked against. */
export type CostSubjectType = 'Complaint' | 'Investigation';

/**
 * One cost of a complaint or of an investigation (cost of poor quality). Append-only, like a ledger: a
 * wrong item is voided with a reason and a correct one added, never edited or deleted. Amounts are integer
 * minor units (money.ts): in the item's currency, and converted to the organization's base currency at
 * the exchange rate given when recorded.
 */
@Entity({ tableName: 'cost_item' })
@Index({ properties: ['tenantId', 'subjectId', 'recordedAt'] })
export class CostItem {
  [OptionalProps]?: 'description' | 'hoursHundredths' | 'rateMinor' | 'exchangeRate' | 'incurredOn' | 'voidedAt' | 'voidedBy' | 'voidedByName' | 'voidReason' | 'version';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'string', length: 20 })
  subjectType!: CostSubjectType;

  /** The complaint's or investigation's id. */
  @Property({ type: 'uuid' })
  subjectId!: string;

  /** Key of a cost kind of the organization template (compensation, freight, labor ...). */
  @Property({ type: 'string', length: 63 })
  kind!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  /** Hours x 100 for an hours-x-rate kind (2.5 h -> 250); null otherwise. */
  @Property({ type: 'integer', nullable: true })
  hoursHundredths: number | null = null;

  /** Hourly rate in minor units of `currency`, for an hours-x-rate kind. */
  @Property({ type: new BigIntType('number'), nullable: true })
  rateMinor: number | null = null;

  /** In minor units of `currency`; for hours-x-rate, hours x rate rounded half up to the minor unit. */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  /** ISO 4217. */
  @Property({ type: 'string', length: 3 })
  currency!: string;

  /** Units of the base currency per unit of `currency`, as given (decimal string); null when they are the same. */
  @Property({ type: 'string', length: 40, nullable: true })
  exchangeRate: string | null = null;

  /** The organization's currency when recorded. */
  @Property({ type: 'string', length: 3 })
  baseCurrency!: string;

  /** amount x exchangeRate in minor units of baseCurrency, rounded half up. */
  @Property({ type: new BigIntType('number') })
  baseAmountMinor!: number;

  /** Local date the cost arose (e.g. the invoice date), YYYY-MM-DD. */
  @Property({ type: 'string', length: 10, nullable: true })
  incurredOn: string | null = null;

  @Property({ type: 'string', length: 64 })
  recordedBy!: string;

  @Property({ type: 'string', length: 200 })
  recordedByName!: string;

  @Property({ type: Date })
  recordedAt!: Date;

  @Property({ type: Date, nullable: true })
  voidedAt: Date | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  voidedBy: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  voidedByName: string | null = null;

  @Property({ type: 'text', nullable: true })
  voidReason: string | null = null;

  /** Optimistic lock: of two concurrent voids, the second gets ALREADY_VOIDED. */
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
