import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123035552_Initial } from './Migration20261123035552Initial';
import { Migration20261123041144EventAppendOnly } from './Migration20261123041144EventAppendOnly';
import { Migration20261123043557_TemplateDrafts } from './Migration20261123043557TemplateDrafts';
import { Migration20261123050000_ComplaintStageOne } from './Migration20261123050000ComplaintStageOne';
import { Migration20261123061127_Timers } from './Migration20261123061127Timers';
import { Migration20261123062620_SlaClocksNotifications } from './Migration20261123062620SlaClocksNotifications';
import { Migration20261123064236_OutboundEmail } from './Migration20261123064236OutboundEmail';
import { Migration20261123070304_Investigations } from './Migration20261123070304Investigations';
import { Migration20261123073338_InvestigationRecurrenceValues } from './Migration20261123073338InvestigationRecurrenceValues';
import { Migration20261123091905_Webhooks } from './Migration20261123091905Webhooks';
import { Migration20261123094206_Stats } from './Migration20261123094206Stats';
import { Migration20261123120010_StageTwoFactsRepeats } from './Migration20261123120010StageTwoFactsRepeats';
import { Migration20261123121705_Exports } from './Migration20261123121705Exports';
import { Migration20261123132822_ShipmentVersion } from './Migration20261123132822ShipmentVersion';
import { Migration20261123162607_Costs } from './Migration20261123162607Costs';
import { Migration20261123170002_ComplaintRollup } from './Migration20261123170002ComplaintRollup';
import { Migration20261123170542_Users } from './Migration20261123170542Users';
import { Migration20261123191525_Signatures } from './Migration20261123191525Signatures';
import { Migration20261123191903_CustomerMessages } from './Migration20261123191903CustomerMessages';
import { Migration20261123193029_Accountability } from './Migration20261123193029Accountability';
import { Migration20261123194005_ClosingEvaluation } from './Migration20261123194005ClosingEvaluation';

/** Applied in order; never edit one that has shipped, add a new one (npm run build && node dist/cli/migration-create.js). */
export const postgresqlMigrations: MigrationObject[] = [
  { name: 'Migration20261123035552Initial', class: Migration20261123035552_Initial },
  { name: 'Migration20261123041144EventAppendOnly', class: Migration20261123041144EventAppendOnly },
  { name: 'Migration20261123043557TemplateDrafts', class: Migration20261123043557_TemplateDrafts },
  { name: 'Migration20261123050000ComplaintStageOne', class: Migration20261123050000_ComplaintStageOne },
  { name: 'Migration20261123061127Timers', class: Migration20261123061127_Timers },
  { name: 'Migration20261123062620SlaClocksNotifications', class: Migration20261123062620_SlaClocksNotifications },
  { name: 'Migration20261123064236OutboundEmail', class: Migration20261123064236_OutboundEmail },
  { name: 'Migration20261123070304Investigations', class: Migration20261123070304_Investigations },
  { name: 'Migration20261123073338InvestigationRecurrenceValues', class: Migration20261123073338_InvestigationRecurrenceValues },
  { name: 'Migration20261123091905Webhooks', class: Migration20261123091905_Webhooks },
  { name: 'Migration20261123094206Stats', class: Migration20261123094206_Stats },
  { name: 'Migration20261123120010StageTwoFactsRepeats', class: Migration20261123120010_StageTwoFactsRepeats },
  { name: 'Migration20261123121705Exports', class: Migration20261123121705_Exports },
  { name: 'Migration20261123132822ShipmentVersion', class: Migration20261123132822_ShipmentVersion },
  { name: 'Migration20261123162607Costs', class: Migration20261123162607_Costs },
  { name: 'Migration20261123170002ComplaintRollup', class: Migration20261123170002_ComplaintRollup },
  { name: 'Migration20261123170542Users', class: Migration20261123170542_Users },
  { name: 'Migration20261123191525Signatures', class: Migration20261123191525_Signatures },
  { name: 'Migration20261123191903CustomerMessages', class: Migration20261123191903_CustomerMessages },
  { name: 'Migration20261123193029Accountability', class: Migration20261123193029_Accountability },
  { name: 'Migration20261123194005ClosingEvaluation', class: Migration20261123194005_ClosingEvaluation },
];
