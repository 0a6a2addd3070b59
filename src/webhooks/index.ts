/** The face of src/webhooks: its module, for the composition root (no other feature uses webhooks). */
export { webhooksModule, type WebhooksDeps } from './webhooks.module';
