import { ComplaintInvestigationResolver, InvestigationResolver, InvestigationSectionResolver } from '../investigations/investigation.resolver';
import { NotificationResolver } from '../notifications/notification.resolver';
import { InvestigationSlaResolver, SlaResolver } from '../sla/sla.resolver';
import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ComplaintResolver } from '../complaints/complaint.resolver';
import { StageOneResolver } from '../complaints/stage-one.resolver';
import { createEventPubSub, type EventPubSub } from '../events/event-bus';
import { EventResolver } from '../events/event.resolver';
import { TemplateAdminResolver } from '../templates/template-admin.resolver';
import { TemplateResolver } from '../templates/template.resolver';
import { NodeResolver } from './node.resolver';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from '../webhooks/webhook.resolver';

export const resolvers = [ComplaintResolver, StageOneResolver, EventResolver, TemplateResolver, TemplateAdminResolver, NodeResolver, SlaResolver, InvestigationSlaResolver, NotificationResolver, InvestigationResolver, InvestigationSectionResolver, ComplaintInvestigationResolver, WebhookEndpointResolver, WebhookDeliveryResolver] as const;

export function createSchema(pubSub: EventPubSub): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, pubSub, validate: false, emitSchemaFile: false });
}

/** The SDL committed as schemas/schema.graphql (sorted, so it diffs cleanly). */
export async function printSdl(): Promise<string> {
  const schema = await createSchema(createEventPubSub());
  const banner = '# GENERATED FILE - DO NOT EDIT. Emitted from the code by `npm run codegen`.\n\n';
  return `${banner}${printSchema(lexicographicSortSchema(schema))}\n`;
}
