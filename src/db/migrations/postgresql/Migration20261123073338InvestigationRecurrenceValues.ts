import { Migration } from '@mikro-orm/migrations';

export class Migration20261123073338_InvestigationRecurrenceValues extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "investigation" add column "recurrence_values" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "investigation" drop column "recurrence_values";`);
  }

}
