import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { ApiKey } from '../auth';
import { generateApiKey, hashApiKey } from '../auth';
import { Tenant, type TenantSeedSource } from '../db/tenant.entity';
import type { Database } from '../db/database';
import { appendEvent, SYSTEM_ACTOR, type Actor } from '../db/event-log';
import type { Clock } from '../scheduler';
import type { Context } from '../shared/request-context';
import { NotFoundError, ValidationError } from '../shared/errors/error-results';
import type { Locale } from '../shared/i18n/locale';
import type { TemplateAdminService } from '../templates';
import { TemplateInvalidError } from '../templates';
import type { LoadedTemplate } from '../templates';
import { seedShippedTemplates } from '../templates';
import type { TemplateService } from '../templates';
import { TemplateVersion } from '../templates';
import { bundleRequired, bundleUnexpected, reasonProblems, slugTaken, tenantInputProblems } from './tenant-slug';

/** The roles of a tenant's first admin credential. */
export const FIRST_ADMIN_ROLES = ['admin'];

export interface CreateTenant {
  slug: string;
  name: string;
  from: TenantSeedSource;
  /** With from 'bundle': what exportTemplates (or `npm run templates -- export`) gives. */
  bundle?: unknown;
  /** The first admin key to store (ADMIN_API_KEY for the default tenant); generated otherwise. */
  adminKey?: string;
  /** The first admin key's name; default: admin (tenant created). */
  adminKeyName?: string;
}

export interface CreatedTenant {
  tenant: Tenant;
  /** The first admin API key: shown this once, only its hash is stored. */
  adminKey: string;
}

/** A tenant was disabled (true) or enabled (false) by this process. */
export type TenantStateListener = (tenantId: string, disabled: boolean) => void;

/**
 * Tenant provisioning by a platform operator: create (seeded from the shipped set, from a bundle, or empty),
 * list, disable and enable. Creation is: the tenant row; its first templates; then, in one transaction, its
 * first admin key, the `tenant.created` event and `seededAt`. A tenant created from the shipped set whose
 * creation was cut short (no `seededAt`) is finished at the next start (finishUnfinished).
 */
export class TenantService {
  private readonly listeners: TenantStateListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly templates: TemplateService,
    private readonly templateAdmin: TemplateAdminService,
    /** The shipped set: the files of TEMPLATES_DIR. */
    private readonly shipped: Array<Pick<LoadedTemplate, 'kind' | 'key' | 'content' | 'contentHash' | 'file'>>,
    private readonly log: Logger,
  ) {}

  /** Called after a commit here that disabled or enabled a tenant (caches, open subscriptions, webhook delivery). */
  onStateChange(listener: TenantStateListener): void {
    this.listeners.push(listener);
  }

  list(): Promise<Tenant[]> {
    // tenant-scope: reviewed — the tenants themselves, for the platform operator
    return this.db.system().find(Tenant, {}, { orderBy: { createdAt: 'asc', slug: 'asc' } });
  }

  find(slug: string): Promise<Tenant | null> {
    // tenant-scope: reviewed — a tenant by its slug, for the platform operator
    return this.db.system().findOne(Tenant, { slug });
  }

  async create(actor: Actor, input: CreateTenant, locale: Locale = 'en'): Promise<CreatedTenant | ValidationError | TemplateInvalidError> {
    const problems = tenantInputProblems(input.slug, input.name, locale);
    if (input.from === 'bundle' && input.bundle == null) problems.push(bundleRequired(locale));
    if (input.from !== 'bundle' && input.bundle != null) problems.push(bundleUnexpected(locale));
    if (!problems.length && (await this.find(input.slug))) problems.push(slugTaken(locale));
    if (problems.length) return new ValidationError(problems, locale);

    // tenant-scope: reviewed — creates the tenant itself
    const em = this.db.system().fork();
    const tenant = em.create(Tenant, { slug: input.slug, name: input.name.trim(), seedSource: input.from, seededAt: null, createdAt: this.clock.now() });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return new ValidationError([slugTaken(locale)], locale);
      throw error;
    }
    try {
      if (input.from === 'bundle') {
        const imported = await this.templateAdmin.importBundle(this.contextOf(tenant, actor, locale), input.bundle);
        if (imported instanceof TemplateInvalidError) {
          await this.remove(tenant.id);
          return new TemplateInvalidError(imported.problems.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p) as object) as typeof p, p, { path: `/bundle${p.path}` })));
        }
      } else if (input.from === 'shipped') await seedShippedTemplates(this.templates, tenant.id, this.shipped, actor);
    } catch (error) {
      // Nothing was published (imports and seeding are one transaction each): the bare row goes too.
      await this.remove(tenant.id).catch((e) => this.log.error({ err: e, tenant: tenant.slug }, 'could not remove a tenant whose creation failed'));
      throw error;
    }
    const adminKey = input.adminKey ?? generateApiKey();
    await this.finish(tenant, actor, adminKey, input.adminKeyName);
    this.log.info({ tenant: tenant.slug, from: input.from, by: actor.id }, 'tenant created');
    return { tenant, adminKey };
  }

  /**
   * At start: tenants whose creation was cut short (created, not yet seeded) are finished. From the shipped set:
   * seeded now (publishing skips templates already in). From a bundle: finished as they are, with a warning
   * (the bundle was imported in one transaction, or not at all). A tenant with no admin key gets one, logged once.
   */
  async finishUnfinished(): Promise<void> {
    // tenant-scope: reviewed — the tenants themselves, at start
    const unfinished = await this.db.system().find(Tenant, { seedSource: { $ne: null }, seededAt: null });
    for (const tenant of unfinished) {
      if (tenant.seedSource === 'shipped') await seedShippedTemplates(this.templates, tenant.id, this.shipped, SYSTEM_ACTOR);
      // tenant-scope: reviewed — counts the unfinished tenant's templates and keys, named by id
      const [templates, keys] = await Promise.all([this.db.forTenant(tenant.id).count(TemplateVersion, {}), this.db.system().count(ApiKey, { tenant: tenant.id, revokedAt: null })]);
      if (tenant.seedSource === 'bundle' && templates === 0) {
        this.log.warn({ tenant: tenant.slug }, `tenant creation from a bundle was cut short before the import: import it with npm run templates -- import <bundle.json> --tenant ${tenant.slug}`);
      }
      const adminKey = keys === 0 ? generateApiKey() : null;
      await this.finish(tenant, SYSTEM_ACTOR, adminKey);
      if (adminKey) this.log.warn({ tenant: tenant.slug, apiKey: adminKey }, `tenant creation finished at start; its admin API key is shown only now. Send it as "Authorization: Bearer ${adminKey}"`);
      else this.log.info({ tenant: tenant.slug }, 'tenant creation finished at start');
    }
  }

  async disable(actor: Actor, slug: string, reason: string, locale: Locale = 'en'): Promise<Tenant | ValidationError | NotFoundError> {
    const problems = reasonProblems(reason, locale);
    const found = await this.find(slug);
    if (problems.length) return new ValidationError(problems, locale);
    if (!found) return new NotFoundError(slug);
    return this.setDisabled(actor, found, reason.trim());
  }

  async enable(actor: Actor, slug: string): Promise<Tenant | NotFoundError> {
    const found = await this.find(slug);
    if (!found) return new NotFoundError(slug);
    return this.setDisabled(actor, found, null);
  }

  /** Disables (a reason) or enables (null); already so: unchanged, no event. */
  private async setDisabled(actor: Actor, found: Tenant, reason: string | null): Promise<Tenant> {
    const disable = reason !== null;
    const changed = await this.db.write(found.id, async (scope) => {
      const tenant = await scope.em.findOneOrFail(Tenant, { id: found.id });
      if (Boolean(tenant.disabledAt) === disable) return { tenant, changed: false };
      const now = this.clock.now();
      const before = { disabledAt: tenant.disabledAt ?? null, disabledReason: tenant.disabledReason ?? null };
      Object.assign(tenant, { disabledAt: disable ? now : null, disabledReason: reason });
      await appendEvent(scope, {
        type: disable ? 'tenant.disabled' : 'tenant.enabled',
        subjectType: 'Tenant',
        subjectId: tenant.id,
        subjectNumber: tenant.slug,
        actor,
        data: { before, after: { disabledAt: tenant.disabledAt, disabledReason: tenant.disabledReason } },
        occurredAt: now,
      });
      return { tenant, changed: true };
    });
    if (changed.changed) {
      this.log.info({ tenant: found.slug, by: actor.id, reason }, disable ? 'tenant disabled' : 'tenant enabled');
      for (const listener of this.listeners) listener(found.id, disable);
    }
    return changed.tenant;
  }

  /** The first admin key (when given), `seededAt` and the `tenant.created` event, in one transaction. */
  private async finish(tenant: Tenant, actor: Actor, adminKey: string | null, adminKeyName = 'admin (tenant created)'): Promise<void> {
    await this.db.write(tenant.id, async (scope) => {
      const now = this.clock.now();
      const row = await scope.em.findOneOrFail(Tenant, { id: tenant.id });
      if (adminKey && (await scope.em.count(ApiKey, { keyHash: hashApiKey(adminKey) })) === 0) {
        scope.em.create(ApiKey, { tenant: row, name: adminKeyName, prefix: adminKey.slice(0, 12), keyHash: hashApiKey(adminKey), roles: FIRST_ADMIN_ROLES, createdAt: now });
      }
      row.seededAt = now;
      tenant.seededAt = now;
      await appendEvent(scope, {
        type: 'tenant.created',
        subjectType: 'Tenant',
        subjectId: row.id,
        subjectNumber: row.slug,
        actor,
        data: { after: { slug: row.slug, name: row.name, seedSource: row.seedSource } },
        occurredAt: now,
      });
    });
  }

  private async remove(tenantId: string): Promise<void> {
    // tenant-scope: reviewed — removes the bare row of a tenant whose creation failed (nothing else was written)
    await this.db.system().nativeDelete(Tenant, { id: tenantId });
  }

  /** The context importBundle runs in: the new tenant, the operator as actor. */
  private contextOf(tenant: Tenant, actor: Actor, locale: Locale): Context {
    return {
      tenant: { id: tenant.id, slug: tenant.slug },
      principal: { id: actor.id, name: actor.name, roles: FIRST_ADMIN_ROLES },
      em: this.db.forTenant(tenant.id),
      locale,
      requestId: 'tenant-create',
      log: this.log,
    } as unknown as Context;
  }
}

/** An operator acting from the CLI. */
export const CLI_OPERATOR: Actor = { id: 'operator:cli', name: 'Platform operator (tenants CLI)' };

