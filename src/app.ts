import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { OrganizationTemplate } from './__generated__';
import { ApiKeyService } from './auth/api-key.service';
import { AuthService } from './auth/auth.service';
import { UserService } from './auth/user.service';
import { ensureDefaultTenant, ensureOperatorKey } from './tenants/bootstrap';
import { TenantService } from './tenants';
import { ComplaintService } from './complaints/complaint.service';
import { SignatureService } from './signatures/signature.service';
import { StageOneService } from './complaints/stage-one.service';
import type { Config } from './config/config';
import { Database } from './db/database';
import { appEntities } from './entities';
import { EventFeedService } from './events/event-feed.service';
import { EventStreams } from './events/event-streams';
import { createEventSignal } from './events/event-signal';
import { ConfigFollower, isConfigEvent } from './events/config-follower';
import { SYSTEM_ACTOR } from './db/event-log';
import type { Services } from './server/services';
import { type Clock, systemClock } from './scheduler/clock';
import { InvestigationService } from './investigations/investigation.service';
import { Notifier } from './notifications/notifier';
import { Scheduler } from './scheduler/scheduler';
import { SlaService } from './sla/sla.service';
import { subjectsDueBefore } from './sla/sla-clock.entity';
import { backfillFacts } from './stats/fact-backfill';
import { recordInvestigationFact } from './stats/investigation-facts';
import { relocalizeFacts } from './stats/fact-relocalize';
import { StatsService } from './stats/stats.service';
import { ExportService } from './exports/export.service';
import { CostService } from './costs/cost.service';
import { ClosingEvaluationService } from './lessons/closing-evaluation.service';
import { MessageService } from './messages/message.service';
import { ConsequenceService } from './accountability/consequence.service';
import { ResponsibilityService } from './accountability/responsibility.service';
import { recordLateHolders } from './accountability/late-holders';
import { recentComplaintsOfType } from './complaints/recent-complaints';
import { hasClosingEvaluation } from './lessons/closing-evaluation-check';
import { recordComplaintFact } from './stats/complaint-facts';
import { createHttpServer, type HttpServer } from './server/http-server';
import { resolverContainer } from './server/composition';
import { createSchema } from './server/schema';
import { SchemaCompiler } from './shared/json-schema/schema-compiler';
import { loadTemplateDirectory, registerMetaSchemas } from './templates/template-files';
import { TemplateAdminService } from './templates/template-admin.service';
import { TemplateService } from './templates/template.service';
import { publishFilesForEveryTenant } from './templates/template-seeding';
import type { TemplateVersion } from './templates/template-version.entity';
import { TemplateUpdatesService } from './templates/template-updates.service';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookService } from './webhooks/webhook.service';

export interface App {
  services: Services;
  http: HttpServer;
  /** e.g. http://localhost:4000/graphql */
  url: string;
  stop(): Promise<void>;
}

/** Config -> database (migrated) -> default tenant and templates -> schema -> listening server. */
export async function startApp(config: Config, log: Logger, { clock = systemClock }: { clock?: Clock } = {}): Promise<App> {
  const schemas = new SchemaCompiler();
  registerMetaSchemas(schemas);
  const templateFiles = await loadTemplateDirectory(schemas, config.templatesDir);

  const db = await Database.connect(config.database, appEntities);
  let stopSignal = async () => undefined as void;
  let stopFollower = () => undefined as void;
  try {
    // Several instances may start at once on one database: migrations and seeding run one instance at a time.
    const startup = await db.startupLock(() => log.info('another instance is migrating or seeding; waiting for the start-up lock'));
    const applied = await db.migrate();
    if (applied.length) log.info({ migrations: applied }, 'applied database migrations');
    const signal = await createEventSignal(config.redisUrl, log);
    stopSignal = () => signal.close();
    const eventStreams = new EventStreams(db, signal, config.eventPollMs, log);
    db.onCommit((events) => {
      const heads = new Map<string, { sequence: number; configChanged: boolean }>();
      for (const e of events) {
        const head = heads.get(e.tenant.id);
        heads.set(e.tenant.id, { sequence: Math.max(head?.sequence ?? 0, e.sequence), configChanged: (head?.configChanged ?? false) || isConfigEvent(e.type) });
      }
      for (const [tenantId, { sequence, configChanged }] of heads) signal.notify(tenantId, sequence, configChanged);
    });
    const configFollower = new ConfigFollower(db, signal, config.eventPollMs, log);
    stopFollower = () => configFollower.close();
    const templates = new TemplateService(db, schemas);
    const apiKeys = new ApiKeyService(db, clock, templates);
    const auth = new AuthService(db, clock, config.auth, apiKeys, log, config.defaultTenant);
    await auth.init();
    const signatures = new SignatureService(db, auth, templates);
    await signatures.init();
    // A publication on any instance: this one's cached templates of the tenant (and all derived from them) go.
    templates.followWith((em, tenantId) => configFollower.follow(em, tenantId));
    configFollower.onConfigChanged((tenantId, types) => {
      if (types.some((t) => t.startsWith('template.') && !t.startsWith('template.draft'))) templates.invalidate(tenantId);
    });
    const templateAdmin = new TemplateAdminService(db, schemas, templates, signatures, clock);
    templateAdmin.readComplaintsWith(recentComplaintsOfType);
    const scheduler = new Scheduler(db, clock, log);
    const notifier = new Notifier(db, clock, log, config.smtp);
    scheduler.onTick(() => notifier.deliver());
    const sla = new SlaService(templates, scheduler, notifier, recordLateHolders);
    const investigations = new InvestigationService(db, templates, schemas, scheduler, signatures, subjectsDueBefore);
    investigations.onChange((scope, inv, template, now) => sla.syncInvestigation(scope, inv, template, now));
    // The organization's time zone changed: the statistics are bucketed in the new one.
    templates.onPublished(async (scope, { kind, key, content, previous }) => {
      if (kind !== 'organization' || key !== 'default') return;
      const zone = (content as unknown as OrganizationTemplate).calendar.timeZone;
      if (zone !== ((previous as unknown as OrganizationTemplate | null)?.calendar.timeZone ?? 'UTC')) await relocalizeFacts(scope.em, scope.tenantId, zone);
    });
    investigations.onChange(async ({ em, tenantId }, inv) => {
      const org = await templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default');
      await recordInvestigationFact(em, inv, org?.content.calendar.timeZone ?? 'UTC', templates);
    });
    const webhookDispatcher = new WebhookDispatcher(db, clock, log, signal, notifier, templates, { ...config.webhooks, pollMs: config.eventPollMs });
    const tenants = new TenantService(db, clock, templates, templateAdmin, templateFiles, log);
    const tenantStateChanged = (tenantId: string, disabled: boolean) => {
      auth.forgetTenant(tenantId);
      if (disabled) webhookDispatcher.tenantDisabled(tenantId);
      else webhookDispatcher.tenantEnabled(tenantId);
    };
    tenants.onStateChange(tenantStateChanged);
    // Disabled or enabled on another instance: this one follows on the wake-up (or the poll), within the
    // bounds of the configuration caches, ahead of the credential caches' expiry.
    configFollower.onConfigChanged((tenantId, types) => {
      const last = types.filter((t) => t === 'tenant.disabled' || t === 'tenant.enabled').at(-1);
      if (last) tenantStateChanged(tenantId, last === 'tenant.disabled');
    });
    const stats = new StatsService(db, clock, templates);
    const consequences = new ConsequenceService(db, templates, schemas, clock, scheduler, notifier, signatures);
    const stageOne = new StageOneService(db, templates, schemas, scheduler, sla, notifier, investigations, signatures, hasClosingEvaluation, recordComplaintFact);
    const costs = new CostService(db, templates, clock);
    const services: Services = {
      db,
      clock,
      scheduler,
      apiKeys,
      auth,
      users: new UserService(db, clock, auth, templates),
      signatures,
      templates,
      templateAdmin,
      templateUpdates: new TemplateUpdatesService(db, templates, templateAdmin, templateFiles, config.templatesMode),
      complaints: new ComplaintService(db, templates, schemas, clock, sla, recordComplaintFact, subjectsDueBefore),
      sla,
      stageOne,
      notifier,
      investigations,
      signal,
      eventStreams,
      eventFeed: new EventFeedService(clock),
      webhooks: new WebhookService(db, clock, config.webhooks.allowedHosts, () => void webhookDispatcher.wake()),
      webhookDispatcher,
      stats,
      exports: new ExportService(db, clock, stats, templates),
      costs,
      lessons: new ClosingEvaluationService(db, clock, templates, stageOne, investigations),
      messages: new MessageService(db, templates, notifier, clock),
      responsibility: new ResponsibilityService(db, templates, schemas, clock, consequences, costs),
      consequences,
      tenants,
    };

    // Expired download links of every tenant go after each tick, however long a tenant goes without exporting.
    scheduler.onTick(() => services.exports.sweepExpired());

    // The shipped set seeds a tenant once, when it is created (the default tenant on the first start); a start
    // never publishes the files over what an admin published. A creation cut short is finished here.
    const tenant = await ensureDefaultTenant(db, apiKeys, tenants, config, log);
    await tenants.finishUnfinished();
    await ensureOperatorKey(apiKeys, config, log);
    // TEMPLATES_MODE=files (files are the source, the API refuses edits): each start publishes the changed files
    // for every tenant, here and nowhere else. In database mode a start publishes nothing: newer shipped
    // versions are offered as updates (templateUpdates).
    const published = config.templatesMode === 'files' ? await publishFilesForEveryTenant(db, templates, templateFiles, SYSTEM_ACTOR) : new Map<string, TemplateVersion[]>();
    const names = (versions: TemplateVersion[] = []) => versions.map((v) => `${v.kind}/${v.key}@${v.version}`);
    log.info({ tenant: tenant.slug, mode: config.templatesMode, loaded: templateFiles.map((t) => `${t.kind}/${t.key}`), published: names(published.get(tenant.slug)) }, 'templates loaded');
    for (const [slug, versions] of published) {
      if (slug !== tenant.slug && versions.length) log.info({ tenant: slug, published: names(versions) }, 'published the changed template files (TEMPLATES_MODE=files)');
    }
    for (const t of templateFiles) for (const w of t.warnings) log.warn({ template: t.file, path: w.path, code: w.code }, `template warning: ${w.message}`);
    const backfilled = await backfillFacts(db, templates);
    if (backfilled.complaints || backfilled.investigations) log.info(backfilled, 'recorded statistics facts of earlier complaints and investigations');

    await startup.release();

    const schema = await createSchema(resolverContainer(services));
    const ready = async () => {
      try {
        await db.ping();
        const pending = await db.pendingMigrations();
        return pending ? `${pending} migrations pending` : null;
      } catch (error) {
        return `database unreachable: ${(error as Error).message}`;
      }
    };
    const http = await createHttpServer(config, schema, services, log, ready);
    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(config.port, config.host, () => resolve());
    });
    // Timers that came due while the server was down fire now, once; then every interval.
    await scheduler.start(config.schedulerIntervalMs);
    webhookDispatcher.start();
    const { port } = http.server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}${config.graphqlPath}`;
    let stopping: Promise<void> | null = null;
    return {
      services,
      http,
      url,
      stop: () =>
        (stopping ??= (async () => {
          await scheduler.stop();
          await webhookDispatcher.stop();
          notifier.close();
          eventStreams.close();
          configFollower.close();
          await http.close(config.shutdownTimeoutMs);
          await signal.close();
          await db.close();
        })()),
    };
  } catch (error) {
    stopFollower();
    await stopSignal().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}
