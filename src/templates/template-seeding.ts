import type { Actor } from '../events/event-log';
import type { LoadedTemplate } from './template-files';
import type { TemplateService } from './template.service';
import type { TemplateVersion } from './template-version.entity';

/**
 * Seeds a new tenant with the shipped template set (the files of TEMPLATES_DIR), once, when the tenant is
 * created. Later starts never publish the files again over what an admin published.
 */
export async function seedShippedTemplates(
  templates: TemplateService,
  tenantId: string,
  files: Array<Pick<LoadedTemplate, 'kind' | 'key' | 'content' | 'contentHash' | 'file'>>,
  actor: Actor,
): Promise<TemplateVersion[]> {
  return templates.publishFiles(tenantId, files, actor);
}
