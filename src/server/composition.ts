import { Container } from '../shared/container';
import { SignatureResolver } from '../signatures/signature.resolver';
import { ComplaintSignatureResolver } from '../complaints/complaint-signature.resolver';
import { InvestigationSignatureResolver } from '../investigations/investigation-signature.resolver';
import { ComplaintInvestigationResolver, InvestigationResolver, InvestigationSectionResolver } from '../investigations/investigation.resolver';
import { NotificationResolver } from '../notifications/notification.resolver';
import { InvestigationSlaResolver, SlaResolver } from '../sla/sla.resolver';
import { CalendarResolver } from '../calendar/calendar.resolver';
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
import type { Services } from './services';

/**
 * The composition root's resolvers: each made once, with its collaborators from the services built in
 * src/app.ts, and handed to type-graphql through the schema's container (createSchema(container)).
 */
export function resolverContainer(s: Services): Container {
  return new Container()
    .register(ComplaintResolver, new ComplaintResolver(s.complaints, s.stageOne, s.templates))
    .register(StageOneResolver, new StageOneResolver(s.stageOne))
    .register(EventResolver, new EventResolver(s.db, s.templates, s.eventFeed, s.eventStreams))
    .register(ComplaintStatusChangeResolver, new ComplaintStatusChangeResolver(s.db))
    .register(InvestigationUpdateResolver, new InvestigationUpdateResolver(s.db))
    .register(TemplateResolver, new TemplateResolver(s.templates))
    .register(TemplateAdminResolver, new TemplateAdminResolver(s.templates, s.templateAdmin, s.templateUpdates))
    .register(TemplateUpdatesResolver, new TemplateUpdatesResolver(s.templates, s.templateUpdates))
    .register(NodeResolver, new NodeResolver(s.db, s.complaints, s.costs, s.webhooks, s.templates))
    .register(SlaResolver, new SlaResolver(s.sla, s.templates, s.clock))
    .register(InvestigationSlaResolver, new InvestigationSlaResolver(s.sla, s.templates, s.clock))
    .register(NotificationResolver, new NotificationResolver(s.db, s.clock))
    .register(InvestigationResolver, new InvestigationResolver(s.db, s.clock, s.complaints, s.templates, s.investigations))
    .register(InvestigationSectionResolver, new InvestigationSectionResolver(s.investigations))
    .register(ComplaintInvestigationResolver, new ComplaintInvestigationResolver(s.db, s.templates, s.investigations, s.stageOne))
    .register(WebhookEndpointResolver, new WebhookEndpointResolver(s.webhooks, s.templates))
    .register(WebhookDeliveryResolver, new WebhookDeliveryResolver())
    .register(StatsResolver, new StatsResolver(s.templates, s.stats))
    .register(ExportResolver, new ExportResolver(s.templates, s.exports))
    .register(CostResolver, new CostResolver(s.costs, s.templates))
    .register(ComplaintCostResolver, new ComplaintCostResolver(s.costs))
    .register(InvestigationCostResolver, new InvestigationCostResolver(s.costs))
    .register(UserResolver, new UserResolver(s.templates, s.users))
    .register(ApiKeyResolver, new ApiKeyResolver(s.templates, s.apiKeys))
    .register(SigningKeyResolver, new SigningKeyResolver(s.auth))
    .register(ClosingEvaluationResolver, new ClosingEvaluationResolver(s.lessons))
    .register(ComplaintEvaluationResolver, new ComplaintEvaluationResolver(s.lessons))
    .register(InvestigationEvaluationResolver, new InvestigationEvaluationResolver(s.lessons))
    .register(MessageResolver, new MessageResolver(s.messages))
    .register(CustomerMessageResolver, new CustomerMessageResolver(s.messages))
    .register(ComplaintMessageResolver, new ComplaintMessageResolver(s.messages))
    .register(SignatureResolver, new SignatureResolver(s.signatures))
    .register(ComplaintSignatureResolver, new ComplaintSignatureResolver(s.signatures))
    .register(InvestigationSignatureResolver, new InvestigationSignatureResolver(s.signatures))
    .register(AccountabilityResolver, new AccountabilityResolver(s.consequences, s.responsibility))
    .register(ComplaintResponsibilityResolver, new ComplaintResponsibilityResolver(s.responsibility))
    .register(CalendarResolver, new CalendarResolver(s.clock, s.templates))
    .register(TenantResolver, new TenantResolver(s.tenants));
}
