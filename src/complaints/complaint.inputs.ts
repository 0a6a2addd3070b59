import { GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { OrderDirection } from '../shared/graphql/connection';

@InputType({ description: 'A new complaint of a template-defined type.' })
export class CreateComplaintInput {
  @Field({ description: 'Complaint type key (see complaintTypes).' })
  typeKey!: string;

  @Field(() => GraphQLJSONObject, { description: "Form data; must be valid against the type's intake schema." })
  data!: Record<string, unknown>;

  @Field({ nullable: true, description: 'Client-chosen key (<= 200 chars): a retry with the same key returns the first result and creates nothing.' })
  idempotencyKey?: string;
}

@InputType({ description: "Replaces a complaint's form data." })
export class UpdateComplaintInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale one gives CONFLICT and changes nothing.' })
  version!: number;

  @Field(() => GraphQLJSONObject, { description: 'The complete new form data, validated against the pinned template version.' })
  data!: Record<string, unknown>;

  @Field({ nullable: true, description: 'Why the data changed; kept in the audit trail.' })
  reason?: string;
}

@InputType({ description: 'The defective quantity confirmed after investigation (PPM numerator CONFIRMED); may be recorded in any state and corrected later.' })
export class ConfirmDefectiveQuantityInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale one gives CONFLICT and changes nothing.' })
  version!: number;

  @Field(() => Int, { description: 'Parts confirmed defective (0 to 2147483647); replaces an earlier confirmation.' })
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'How it was established (e.g. sorting result, returned parts inspected); kept in the audit trail.' })
  note?: string | null;
}

@InputType({ description: 'Complaints matching every given condition.' })
export class ComplaintFilter {
  @Field(() => [String], { nullable: true })
  statuses?: string[];

  @Field(() => [String], { nullable: true })
  typeKeys?: string[];

  @Field(() => [String], { nullable: true })
  categories?: string[];

  @Field(() => [String], { nullable: true })
  severities?: string[];

  @Field(() => [String], { nullable: true, description: 'Responsible department keys.' })
  departments?: string[];

  @Field(() => [String], { nullable: true, description: 'Owners, each as `user:<uuid>`, `api-key:<uuid>`, the bare uuid or the global ID.' })
  ownerIds?: string[];

  @Field({ nullable: true, description: 'Exact customer organization (intakeFields.customer of the complaint\'s type; by default data.customer.organization).' })
  customer?: string;

  @Field({ nullable: true, description: 'Exact part number (intakeFields.partNumber of the complaint\'s type; by default data.product.partNumber).' })
  partNumber?: string;

  @Field({ nullable: true, description: 'Created at or after.' })
  createdAfter?: Date;

  @Field({ nullable: true, description: 'Created before.' })
  createdBefore?: Date;

  @Field({ nullable: true, description: 'true: some SLA clock is running past its deadline; false: none is.' })
  overdue?: boolean;

  @Field({ nullable: true, description: 'Some running SLA clock is due before this time (e.g. the end of today: what needs doing today).' })
  dueBefore?: Date;
}

export enum ComplaintOrderField {
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
  NUMBER = 'number',
}
registerEnumType(ComplaintOrderField, { name: 'ComplaintOrderField' });

@InputType()
export class ComplaintOrder {
  @Field(() => ComplaintOrderField, { defaultValue: ComplaintOrderField.CREATED_AT })
  field: ComplaintOrderField = ComplaintOrderField.CREATED_AT;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction: OrderDirection = OrderDirection.DESC;
}

@ArgsType()
export class ComplaintsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page.' })
  after?: string | null;

  @Field(() => ComplaintFilter, { nullable: true })
  filter?: ComplaintFilter | null;

  @Field(() => ComplaintOrder, { nullable: true })
  orderBy?: ComplaintOrder | null;
}
