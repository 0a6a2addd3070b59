import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123035551_Initial } from './Migration20261123035551Initial';
import { Migration20261123041144EventAppendOnly } from './Migration20261123041144EventAppendOnly';
import { Migration20261123043556_TemplateDrafts } from './Migration20261123043556TemplateDrafts';
import { Migration20261123050000_ComplaintStageOne } from './Migration20261123050000ComplaintStageOne';
import { Migration20261123061127_Timers } from './Migration20261123061127Timers';
import { Migration20261123062619_SlaClocksNotifications } from './Migration20261123062619SlaClocksNotifications';
import { Migration20261123064235_OutboundEmail } from './Migration20261123064235OutboundEmail';
import { Migration20261123070303_Investigations } from './Migration20261123070303Investigations';
import { Migration20261123073337_InvestigationRecurrenceValues } from './Migration20261123073337InvestigationRecurrenceValues';
import { Migration20261123091903_Webhooks } from './Migration20261123091903Webhooks';
import { Migration20261123094204_Stats } from './Migration20261123094204Stats';
import { Migration20261123120009_StageTwoFactsRepeats } from './Migration20261123120009StageTwoFactsRepeats';
import { Migration20261123121702_Exports } from './Migration20261123121702Exports';
import { Migration20261123132821_ShipmentVersion } from './Migration20261123132821ShipmentVersion';
import { Migration20261123162605_Costs } from './Migration20261123162605Costs';
import { Migration20261123170000_ComplaintRollup } from './Migration20261123170000ComplaintRollup';
import { Migration20261123170539_Users } from './Migration20261123170539Users';
import { Migration20261123191522_Signatures } from './Migration20261123191522Signatures';
import { Migration20261123191900_CustomerMessages } from './Migration20261123191900CustomerMessages';
import { Migration20261123193025_Accountability } from './Migration20261123193025Accountability';
import { Migration20261123193959_ClosingEvaluation } from './Migration20261123193959ClosingEvaluation';

/** Applied in order; never edit one that has shipped, add a new one (npm run build && node dist/cli/migration-create.js). */
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261123035551Initial', class: Migration20261123035551_Initial },
  { name: 'Migration20261123041144EventAppendOnly', class: Migration20261123041144EventAppendOnly },
  { name: 'Migration20261123043556TemplateDrafts', class: Migration20261123043556_TemplateDrafts },
  { name: 'Migration20261123050000ComplaintStageOne', class: Migration20261123050000_ComplaintStageOne },
  { name: 'Migration20261123061127Timers', class: Migration20261123061127_Timers },
  { name: 'Migration20261123062619SlaClocksNotifications', class: Migration20261123062619_SlaClocksNotifications },
  { name: 'Migration20261123064235OutboundEmail', class: Migration20261123064235_OutboundEmail },
  { name: 'Migration20261123070303Investigations', class: Migration20261123070303_Investigations },
  { name: 'Migration20261123073337InvestigationRecurrenceValues', class: Migration20261123073337_InvestigationRecurrenceValues },
  { name: 'Migration20261123091903Webhooks', class: Migration20261123091903_Webhooks },
  { name: 'Migration20261123094204Stats', class: Migration20261123094204_Stats },
  { name: 'Migration20261123120009StageTwoFactsRepeats', class: Migration20261123120009_StageTwoFactsRepeats },
  { name: 'Migration20261123121702Exports', class: Migration20261123121702_Exports },
  { name: 'Migration20261123132821ShipmentVersion', class: Migration20261123132821_ShipmentVersion },
  { name: 'Migration20261123162605Costs', class: Migration20261123162605_Costs },
  { name: 'Migration20261123170000ComplaintRollup', class: Migration20261123170000_ComplaintRollup },
  { name: 'Migration20261123170539Users', class: Migration20261123170539_Users },
  { name: 'Migration20261123191522Signatures', class: Migration20261123191522_Signatures },
  { name: 'Migration20261123191900CustomerMessages', class: Migration20261123191900_CustomerMessages },
  { name: 'Migration20261123193025Accountability', class: Migration20261123193025_Accountability },
  { name: 'Migration20261123193959ClosingEvaluation', class: Migration20261123193959_ClosingEvaluation },
];
