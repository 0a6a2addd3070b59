import { createUnionType, Field, ID, ObjectType } from 'type-graphql';
import { ErrorCode } from '../shared/errors/error-code';
import { ConflictError, ErrorResult, NotFoundError, ValidationError } from '../shared/errors/error-results';
import type { UnsafeReason } from './url-guard';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

@ObjectType({ implements: ErrorResult, description: 'The URL points at an address webhooks may not reach (private, loopback, link-local, metadata...) or is not a usable http(s) URL.' })
export class UnsafeUrlError extends ErrorResult {
  @Field({ description: 'JSON pointer of the input field: /url.' })
  path!: string;

  @Field({ description: 'LOOPBACK, PRIVATE, LINK_LOCAL, METADATA, SHARED, UNSPECIFIED, MULTICAST, RESERVED, SCHEME, USERINFO, INVALID_URL or UNRESOLVABLE.' })
  reason!: string;

  constructor(reason: UnsafeReason, detail: string) {
    super();
    this.code = ErrorCode.UNSAFE_URL;
    this.message = `Webhook URL refused: ${detail}`;
    this.path = '/url';
    this.reason = reason;
  }
}

@ObjectType({ description: 'An endpoint with its signing secret, shown this once.' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The signing secret (whsec_...): keep it now, it is never shown again.' })
  secret!: string;

  constructor(endpoint: WebhookEndpoint, secret: string) {
    this.endpoint = endpoint;
    this.secret = secret;
  }
}

@ObjectType({ description: 'A deleted endpoint; its delivery log is kept.' })
export class DeletedWebhookEndpoint {
  @Field(() => ID)
  id!: string;

  constructor(id: string) {
    this.id = id;
  }
}

export const CreateWebhookEndpointResult = createUnionType({
  name: 'CreateWebhookEndpointResult',
  types: () => [WebhookEndpointWithSecret, ValidationError, UnsafeUrlError] as const,
});

export const UpdateWebhookEndpointResult = createUnionType({
  name: 'UpdateWebhookEndpointResult',
  types: () => [WebhookEndpoint, ValidationError, UnsafeUrlError, ConflictError, NotFoundError] as const,
});

export const RotateWebhookSecretResult = createUnionType({
  name: 'RotateWebhookSecretResult',
  types: () => [WebhookEndpointWithSecret, ValidationError, NotFoundError] as const,
});

export const DeleteWebhookEndpointResult = createUnionType({
  name: 'DeleteWebhookEndpointResult',
  types: () => [DeletedWebhookEndpoint, NotFoundError] as const,
});

export const RedeliverWebhookEventResult = createUnionType({
  name: 'RedeliverWebhookEventResult',
  types: () => [WebhookDelivery, ValidationError, NotFoundError] as const,
});
