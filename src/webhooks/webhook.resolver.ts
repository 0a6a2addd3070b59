import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requirePermission } from '../auth';
import type { Context } from '../shared/request-context';
import type { WebhookService } from './webhook.service';
import type { TemplateReader } from '../shared/template-reader';
import { type Connection, ConnectionType } from '../shared/graphql/connection';
import { toGlobalId } from '../shared/graphql/global-id';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookDeliveryFilter } from './webhook.inputs';
import { CreateWebhookEndpointResult, DeleteWebhookEndpointResult, RedeliverWebhookEventResult, RotateWebhookSecretResult, UpdateWebhookEndpointResult } from './webhook.results';
import { DEFAULT_OVERLAP_HOURS } from './webhook.service';

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery');

/** Webhook endpoints and their delivery log: the webhook.manage permission (FORBIDDEN otherwise). */
@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  constructor(
    private readonly webhookService: WebhookService,
    private readonly templateService: TemplateReader,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() endpoint: WebhookEndpoint): string {
    return toGlobalId('WebhookEndpoint', endpoint.id);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Delivery attempts, newest first.' })
  async deliveries(
    @Root() endpoint: WebhookEndpoint,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true }) filter?: WebhookDeliveryFilter | null,
  ): Promise<Connection<WebhookDelivery>> {
    await requirePermission(this.templateService, ctx, 'webhook.manage');
    return this.webhookService.deliveries(ctx, endpoint, { first, after, filter });
  }

  @Query(() => [WebhookEndpoint], { description: "The tenant's webhook endpoints, oldest first." })
  async webhookEndpoints(@Ctx() ctx: Context): Promise<WebhookEndpoint[]> {
    await requirePermission(this.templateService, ctx, 'webhook.manage');
    return this.webhookService.list(ctx);
  }

  @Query(() => WebhookEndpoint, { description: 'One endpoint; NOT_FOUND for an unknown id or another tenant\'s.' })
  async webhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<WebhookEndpoint> {
    await requirePermission(this.templateService, ctx, 'webhook.manage');
    return this.webhookService.get(ctx, id);
  }

  @Mutation(() => CreateWebhookEndpointResult, { description: 'Creates an endpoint with a generated signing secret, returned this once. It receives the events committed from now on.' })
  async createWebhookEndpoint(@Arg('input') input: CreateWebhookEndpointInput, @Ctx() ctx: Context): Promise<typeof CreateWebhookEndpointResult> {
    await requirePermission(this.templateService, ctx, 'webhook.manage');
    return this.webhookService.create(ctx, input);
  }

  @Mutation(() => UpdateWebhookEndpointResult, { description: 'Changes URL, event types, description, or enables/disables the endpoint (re-enabled, it resumes where it stopped).' })
  async updateWebhookEndpoint(@Arg('input') input: UpdateWebhookEndpointInput, @Ctx() ctx: Context): Promise<typeof UpdateWebhookEndpointResult> {
    await requirePermission(this.templateService, ctx, 'webhook.manage');
    return this.webhookService.update(ctx, input);
  }

  @Mutation(() => RotateWebhookSecretResult, { description: 'Generates a new secret (returned this once); the previous one keeps signing too for overlapHours.' })
  async rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
    @Arg('overlapHours', () => Int, { defaultValue: DEFAULT_OVERLAP_HOURS, description: '0 to 168: how long deliveries also carry a signature with the previous secret.' }) overlapHours: number,
  ): Promise<typeof RotateWebhookSecretResult> {
    await requirePermission(this.templateService, ctx, 'webhook.manage');
    return this.webhookService.rotateSecret(ctx, id, overlapHours);
  }

  @Mutation(() => DeleteWebhookEndpointResult, { description: 'Deletes an endpoint (nothing more is delivered to it).' })
  async deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<typeof DeleteWebhookEndpointResult> {
    await requirePermission(this.templateService, ctx, 'webhook.manage');
    return this.webhookService.remove(ctx, id);
  }

  @Mutation(() => RedeliverWebhookEventResult, { description: 'Queues one event of the tenant for delivery to the endpoint by hand, ahead of its stream, with the same webhook-id; returns the queued attempt.' })
  async redeliverWebhookEvent(@Arg('endpointId', () => ID) endpointId: string, @Arg('eventId', () => ID) eventId: string, @Ctx() ctx: Context): Promise<typeof RedeliverWebhookEventResult> {
    await requirePermission(this.templateService, ctx, 'webhook.manage');
    return this.webhookService.redeliver(ctx, endpointId, eventId);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ID)
  id(@Root() delivery: WebhookDelivery): string {
    return toGlobalId('WebhookDelivery', delivery.id);
  }

  @FieldResolver(() => ID, { description: 'Global ID of the endpoint.' })
  endpointId(@Root() delivery: WebhookDelivery): string {
    return toGlobalId('WebhookEndpoint', delivery.endpointId);
  }

  @FieldResolver(() => ID, { description: 'Global ID of the event (pass it to redeliverWebhookEvent or node).' })
  eventId(@Root() delivery: WebhookDelivery): string {
    return toGlobalId('Event', delivery.eventId);
  }

  @FieldResolver(() => String, { description: 'The webhook-id header sent: the event\'s id, the same on every attempt and redelivery.' })
  webhookId(@Root() delivery: WebhookDelivery): string {
    return delivery.eventId;
  }
}
