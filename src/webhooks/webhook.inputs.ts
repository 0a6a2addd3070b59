import { Field, ID, InputType, Int } from 'type-graphql';
import { WebhookDeliveryOutcome } from './webhook-delivery.entity';

@InputType({ description: 'A new webhook endpoint.' })
export class CreateWebhookEndpointInput {
  @Field({ description: 'http(s) URL; private, loopback, link-local and metadata addresses are refused unless WEBHOOK_ALLOWED_HOSTS permits them.' })
  url!: string;

  @Field(() => [String], { defaultValue: [], description: 'Exact event types or prefixes like complaint.*; empty: every event.' })
  eventTypes!: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field({ defaultValue: true })
  enabled!: boolean;
}

@InputType({ description: 'Changes to an endpoint; omitted fields stay as they are.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read.' })
  version!: number;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [String], { nullable: true })
  eventTypes?: string[] | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'false disables the endpoint; true re-enables it, resuming from where it stopped.' })
  enabled?: boolean | null;
}

@InputType({ description: 'Which delivery attempts to list.' })
export class WebhookDeliveryFilter {
  @Field(() => WebhookDeliveryOutcome, { nullable: true })
  outcome?: WebhookDeliveryOutcome | null;

  @Field(() => ID, { nullable: true, description: 'Global ID of an event.' })
  eventId?: string | null;
}
