import type { ApiKeyService } from '../auth/api-key.service';
import type { AuthService } from '../auth/auth.service';
import type { UserService } from '../auth/user.service';
import type { ComplaintService } from '../complaints/complaint.service';
import type { StageOneService } from '../complaints/stage-one.service';
import type { SignatureService } from '../signatures/signature.service';
import type { Database } from '../db/database';
import type { EventFeedService } from '../events/event-feed.service';
import type { EventStreams } from '../events/event-streams';
import type { EventSignal } from '../events/event-signal';
import type { Clock } from '../scheduler/clock';
import type { InvestigationService } from '../investigations/investigation.service';
import type { Notifier } from '../notifications/notifier';
import type { Scheduler } from '../scheduler/scheduler';
import type { SlaService } from '../sla/sla.service';
import type { StatsService } from '../stats/stats.service';
import type { ExportService } from '../exports/export.service';
import type { CostService } from '../costs/cost.service';
import type { ClosingEvaluationService } from '../lessons/closing-evaluation.service';
import type { MessageService } from '../messages/message.service';
import type { ConsequenceService } from '../accountability/consequence.service';
import type { ResponsibilityService } from '../accountability/responsibility.service';
import type { TemplateAdminService } from '../templates/template-admin.service';
import type { TemplateService } from '../templates/template.service';
import type { TemplateUpdatesService } from '../templates/template-updates.service';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import type { WebhookService } from '../webhooks/webhook.service';
import type { TenantService } from '../tenants';

/** What the composition root builds (src/app.ts): the resolvers' collaborators and what the transport layer (src/server) uses. */
export interface Services {
  db: Database;
  clock: Clock;
  scheduler: Scheduler;
  sla: SlaService;
  notifier: Notifier;
  investigations: InvestigationService;
  apiKeys: ApiKeyService;
  /** Login, tokens and sessions; resolves every credential (access token or API key) to a caller. */
  auth: AuthService;
  users: UserService;
  /** Electronic signatures (21 CFR Part 11): signing within steps, verification. */
  signatures: SignatureService;
  templates: TemplateService;
  templateAdmin: TemplateAdminService;
  /** The mode templates are managed in (TEMPLATES_MODE), and updates of the shipped set. */
  templateUpdates: TemplateUpdatesService;
  complaints: ComplaintService;
  stageOne: StageOneService;
  /** Wakes readers of the event table (subscriptions, webhooks) after a commit here or, with Redis, on another instance. */
  signal: EventSignal;
  /** Subscriptions fed from the event table. */
  eventStreams: EventStreams;
  eventFeed: EventFeedService;
  /** Webhook endpoints (admin API) and their delivery loop. */
  webhooks: WebhookService;
  webhookDispatcher: WebhookDispatcher;
  /** Statistics (stage 1, Pareto, PPM) and shipped quantities. */
  stats: StatsService;
  /** Download links for the complaint list, statistics and charts, and their rendering. */
  exports: ExportService;
  /** Cost items of complaints and investigations, and their totals. */
  costs: CostService;
  /** Closing evaluations (总结评价) and the lessons search. */
  lessons: ClosingEvaluationService;
  /** Customer messages: preview, send, record. */
  messages: MessageService;
  /** Responsibility decisions of complaints and the consequences their policy proposes. */
  responsibility: ResponsibilityService;
  /** Approval and appeal of consequences. */
  consequences: ConsequenceService;
  /** Tenant provisioning (platform operators). */
  tenants: TenantService;
}
