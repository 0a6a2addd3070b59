import { Tenant } from '../db/tenant.entity';
import type { Database } from '../db/database';
import type { Actor } from '../db/event-log';
import type { LoadedTemplate } from './template-files';
import { TemplateSource } from './template-source';
import type { TemplateService } from './template.service';
import type { TemplateVersion } from './template-version.entity';

type ShippedFile = Pick<LoadedTemplate, 'kind' | 'key' | 'content' | 'contentHash' | 'file'>;

/**
 * Seeds a new tenant with the shipped template set (the files of TEMPLATES_DIR), once, when the tenant is
 * created: the versions are marked SHIPPED. A tenant that has any published template is left alone, so later
 * starts never publish the files again over what an admin published; newer shipped versions are offered as
 * updates instead (template-updates.service.ts).
 */
export async function seedShippedTemplates(templates: TemplateService, tenantId: string, files: ShippedFile[], actor: Actor): Promise<TemplateVersion[]> {
  return templates.publishFiles(tenantId, files, actor, TemplateSource.SHIPPED, { onlyIntoEmptyTenant: true });
}

/**
 * TEMPLATES_MODE=files: the files are the source. Publishes, for every tenant, each file whose content differs
 * from the tenant's latest version (marked FILES); the API refuses template edits in this mode.
 */
export async function publishFilesForEveryTenant(db: Database, templates: TemplateService, files: ShippedFile[], actor: Actor): Promise<Map<string, TemplateVersion[]>> {
  // tenant-scope: reviewed — files mode: the files are published for every tenant, each in its own write
  const tenants = await db.system().find(Tenant, {}, { orderBy: { slug: 'asc' } });
  const published = new Map<string, TemplateVersion[]>();
  for (const tenant of tenants) published.set(tenant.slug, await templates.publishFiles(tenant.id, files, actor, TemplateSource.FILES));
  return published;
}
