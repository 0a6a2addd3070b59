import { SignatureResolver } from '../signatures/signature.resolver';
import { ComplaintSignatureResolver } from '../complaints/complaint-signature.resolver';
import { InvestigationSignatureResolver } from '../investigations/investigation-signature.resolver';
import { ComplaintInvestigationResolver, InvestigationResolver, InvestigationSectionResolver } from '../investigations/investigation.resolver';
import { NotificationResolver } from '../notifications/notification.resolver';
import { InvestigationSlaResolver, SlaResolver } from '../sla/sla.resolver';
import { CalendarResolver } from '../calendar/calendar.resolver';
import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { attachContainer, type Container } from '../shared/container';
import { ComplaintResolver } from '../complaints/complaint.resolver';
import { StageOneResolver } from '../complaints/stage-one.resolver';
import { ComplaintStatusChangeResolver, EventResolver, InvestigationUpdateResolver } from '../events/event.resolver';
import { TemplateAdminResolver } from '../templates/template-admin.resolver';
import { TemplateResolver } from '../templates/template.resolver';
import { TemplateUpdatesResolver } from '../templates/template-updates.resolver';
import { NodeResolver } from './node.resolver';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from '../webhooks/webhook.resolver';
import { StatsResolver } from '../stats/stats.resolver';
import { ExportResolver } from '../exports/export.resolver';
import { ComplaintCostResolver, CostResolver, InvestigationCostResolver } from '../costs/cost.resolver';
import { AccountabilityResolver, ComplaintResponsibilityResolver } from '../accountability/accountability.resolver';
import { UserResolver } from '../auth/user.resolver';
import { ApiKeyResolver } from '../auth/api-key.resolver';
import { SigningKeyResolver } from '../auth/signing-key.resolver';
import { ClosingEvaluationResolver, ComplaintEvaluationResolver, InvestigationEvaluationResolver } from '../lessons/closing-evaluation.resolver';
import { ComplaintMessageResolver, CustomerMessageResolver, MessageResolver } from '../messages/message.resolver';
import { TenantResolver } from '../tenants';

export const resolvers = [ComplaintResolver, StageOneResolver, EventResolver, ComplaintStatusChangeResolver, InvestigationUpdateResolver, TemplateResolver, TemplateAdminResolver, TemplateUpdatesResolver, NodeResolver, SlaResolver, InvestigationSlaResolver, NotificationResolver, InvestigationResolver, InvestigationSectionResolver, ComplaintInvestigationResolver, WebhookEndpointResolver, WebhookDeliveryResolver, StatsResolver, ExportResolver, CostResolver, ComplaintCostResolver, InvestigationCostResolver, UserResolver, ApiKeyResolver, SigningKeyResolver, ClosingEvaluationResolver, ComplaintEvaluationResolver, InvestigationEvaluationResolver, MessageResolver, CustomerMessageResolver, ComplaintMessageResolver, SignatureResolver, ComplaintSignatureResolver, InvestigationSignatureResolver, AccountabilityResolver, ComplaintResponsibilityResolver, CalendarResolver, TenantResolver] as const;

/**
 * type-graphql insists on a pubSub, but no subscription here uses topics: each reads the event table through
 * EventStreams (its `subscribe` option), so what is announced is always committed, on any instance.
 */
const noTopics = {
  publish(): never {
    throw new Error('subscriptions read the event table (EventStreams); there are no pub/sub topics');
  },
  subscribe(): never {
    throw new Error('subscriptions read the event table (EventStreams); there are no pub/sub topics');
  },
};

/**
 * The schema, its resolvers taken from the container (made at the composition root, resolverContainer). Without
 * one (codegen: the SDL only) no resolver can run.
 */
export async function createSchema(container?: Container): Promise<GraphQLSchema> {
  // Every resolver is made before the server listens: a missing one fails the start, not a request.
  if (container) for (const r of resolvers) container.get<unknown>(r);
  const schema = await buildSchema({ resolvers, container: container ?? unserved, pubSub: noTopics, validate: false, emitSchemaFile: false });
  if (container) attachContainer(schema, container);
  return schema;
}

/** The container of a schema built for its SDL only. */
const unserved = {
  get(cls: { name: string }): never {
    throw new Error(`${cls.name}: this schema was built without a container (createSchema(container)); it is for the SDL only`);
  },
};

/** The SDL committed as schemas/schema.graphql (sorted, so it diffs cleanly). */
export async function printSdl(): Promise<string> {
  const schema = await createSchema();
  const banner = '# GENERATED FILE - DO NOT EDIT. Emitted from the code by `npm run codegen`.\n\n';
  return `${banner}${printSchema(lexicographicSortSchema(schema))}\n`;
}
