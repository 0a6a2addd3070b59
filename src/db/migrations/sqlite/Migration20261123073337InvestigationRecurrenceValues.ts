import { Migration } from '@mikro-orm/migrations';

export class Migration20261123073337_InvestigationRecurrenceValues extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`investigation\` add column \`recurrence_values\` json null;`);
  }

}
