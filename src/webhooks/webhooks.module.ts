import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import { entities } from './entities';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './webhook.resolver';
import type { WebhookService } from './webhook.service';

/** What the resolvers of webhooks are made from (the composition root's services provide it). */
export interface WebhooksDeps {
  webhooks: WebhookService;
  templates: TemplateReader;
}

/** Webhook endpoints and deliveries, for the composition root (src/features.ts). */
export const webhooksModule = defineFeature<WebhooksDeps>({
  name: 'webhooks',
  entities,
  resolvers: [
    resolver(WebhookEndpointResolver, (d) => new WebhookEndpointResolver(d.webhooks, d.templates)),
    resolver(WebhookDeliveryResolver, () => new WebhookDeliveryResolver()),
  ],
});
