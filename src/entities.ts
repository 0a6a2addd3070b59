import type { EntityModel } from './db/orm-config';
import { ApiKey } from './auth/api-key.entity';
import { Tenant } from './db/tenant.entity';
import { OperatorKey } from './auth/operator-key.entity';
import { Complaint } from './complaints/complaint.entity';
import { DomainEvent } from './db/event.entity';
import { Investigation, InvestigationLink, InvestigationSection } from './investigations/investigation.entity';
import { IdempotencyKey } from './shared/idempotency/idempotency-key.entity';
import { TemplateDraft } from './templates/template-draft.entity';
import { Notification } from './notifications/notification.entity';
import { OutboundEmail } from './notifications/outbound-email.entity';
import { Timer } from './scheduler/timer.entity';
import { SlaClock } from './sla/sla-clock.entity';
import { TemplateVersion } from './templates/template-version.entity';
import { TemplateRetirement } from './templates/template-retirement.entity';
import { Counter } from './db/counter.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from './webhooks/webhook-endpoint.entity';
import { ComplaintFact } from './stats/complaint-fact.entity';
import { InvestigationFact } from './stats/investigation-fact.entity';
import { Shipment } from './stats/shipment.entity';
import { ComplaintRollup } from './stats/complaint-rollup.entity';
import { ComplaintCycleHistogram } from './stats/complaint-cycle-histogram.entity';
import { ExportRequest } from './exports/export-request.entity';
import { CostItem } from './costs/cost-item.entity';
import { Consequence, ResponsibilityDecision } from './accountability/responsibility.entity';
import { LateHolding } from './accountability/late-holding.entity';
import { User } from './auth/user.entity';
import { CustomerMessage } from './messages/customer-message.entity';
import { Signature } from './signatures/signature.entity';
import { AuthSecret, LoginThrottle, RefreshToken, Session } from './auth/session.entity';
import { ClosingEvaluation } from './lessons/closing-evaluation.entity';

/**
 * Every entity, listed explicitly at the composition root (db/ knows no feature): no folder scanning, so dist/
 * and vitest discover the same set. A new feature's entity is added here.
 */
export const entities = [Tenant, OperatorKey, ApiKey, Counter, IdempotencyKey, TemplateVersion, TemplateDraft, TemplateRetirement, Complaint, DomainEvent, Timer, SlaClock, Notification, OutboundEmail, Investigation, InvestigationSection, InvestigationLink, WebhookEndpoint, WebhookDelivery, ComplaintFact, ComplaintRollup, ComplaintCycleHistogram, InvestigationFact, Shipment, ExportRequest, CostItem, User, Session, RefreshToken, LoginThrottle, AuthSecret, ClosingEvaluation, CustomerMessage, Signature, ResponsibilityDecision, Consequence, LateHolding];

/** Entities scoped through a `tenant` relation, and those keyed by a plain `tenantId` column. */
export const tenantRelationEntities = [TemplateVersion, TemplateDraft, TemplateRetirement, Complaint, DomainEvent, Investigation, WebhookEndpoint, WebhookDelivery, User, Session, ClosingEvaluation].map((e) => e.name);
export const tenantIdEntities = [Counter, IdempotencyKey, Timer, SlaClock, Notification, OutboundEmail, InvestigationSection, InvestigationLink, ComplaintFact, ComplaintRollup, ComplaintCycleHistogram, InvestigationFact, Shipment, ExportRequest, CostItem, CustomerMessage, Signature, ResponsibilityDecision, Consequence, LateHolding].map((e) => e.name);

/** What `Database.connect` registers with the ORM. */
export const entityModel: EntityModel = { entities, tenantRelationEntities, tenantIdEntities };
