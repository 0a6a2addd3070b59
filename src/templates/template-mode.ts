import { GraphQLError } from 'graphql';
import type { Locale } from '../shared/i18n/locale';

/** database (default): admins change templates through the API; files: TEMPLATES_DIR is the source (TEMPLATES_MODE). */
export type TemplatesMode = 'database' | 'files';

export const TEMPLATES_MANAGED_AS_FILES = 'TEMPLATES_MANAGED_AS_FILES';

const MESSAGE: Record<Locale, string> = {
  en: 'Templates are managed as files in this deployment (TEMPLATES_MODE=files): change the files in TEMPLATES_DIR and restart the server.',
  'zh-CN': '本部署以文件管理模板（TEMPLATES_MODE=files）：请修改 TEMPLATES_DIR 中的模板文件并重启服务。',
};

/** The refusal of every template edit in files mode: `extensions.code` TEMPLATES_MANAGED_AS_FILES, nothing stored. */
export function templatesManagedAsFiles(locale: Locale): GraphQLError {
  return new GraphQLError(MESSAGE[locale], { extensions: { code: TEMPLATES_MANAGED_AS_FILES } });
}

/** Called by every mutation that would change a template (drafts, publish, import, adopt, retire ...), after the permission check. */
export function refuseTemplateEditsInFilesMode(mode: TemplatesMode, locale: Locale): void {
  if (mode === 'files') throw templatesManagedAsFiles(locale);
}
