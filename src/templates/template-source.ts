import { registerEnumType } from 'type-graphql';

/** Where a published template version came from. */
export enum TemplateSource {
  /** The shipped set (TEMPLATES_DIR): seeded when the tenant was created, or an update an admin adopted. */
  SHIPPED = 'SHIPPED',
  /** Published by an admin through the API (a draft). */
  ADMIN = 'ADMIN',
  /** Published by importing a bundle (importTemplates, the templates CLI). */
  IMPORT = 'IMPORT',
  /** Published at start from TEMPLATES_DIR because the deployment manages templates as files (TEMPLATES_MODE=files). */
  FILES = 'FILES',
}
registerEnumType(TemplateSource, {
  name: 'TemplateSource',
  description: 'Where a template version came from.',
  valuesConfig: {
    SHIPPED: { description: 'The shipped set (TEMPLATES_DIR): seeded when the tenant was created, or an available update an admin adopted.' },
    ADMIN: { description: 'Published by an admin through the API.' },
    IMPORT: { description: 'Published by importing a bundle (importTemplates or the templates CLI).' },
    FILES: { description: 'Published at start from TEMPLATES_DIR: the deployment manages templates as files (TEMPLATES_MODE=files).' },
  },
});

/** Versions that are still what the shipped files said: a newer shipped version may be offered over them. */
export const FROM_THE_SHIPPED_SET: ReadonlySet<string> = new Set([TemplateSource.SHIPPED, TemplateSource.FILES]);
