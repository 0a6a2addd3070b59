import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123035552_Initial } from './Migration20261123035552Initial';
import { Migration20261123041144EventAppendOnly } from './Migration20261123041144EventAppendOnly';
import { Migration20261123043557_TemplateDrafts } from './Migration20261123043557TemplateDrafts';
import { Migration20261123050000_ComplaintStageOne } from './Migration20261123050000ComplaintStageOne';

/** Applied in order; never edit one that has shipped, add a new one (npm run build && node dist/cli/migration-create.js). */
export const postgresqlMigrations: MigrationObject[] = [
  { name: 'Migration20261123035552Initial', class: Migration20261123035552_Initial },
  { name: 'Migration20261123041144EventAppendOnly', class: Migration20261123041144EventAppendOnly },
  { name: 'Migration20261123043557TemplateDrafts', class: Migration20261123043557_TemplateDrafts },
  { name: 'Migration20261123050000ComplaintStageOne', class: Migration20261123050000_ComplaintStageOne },
];
