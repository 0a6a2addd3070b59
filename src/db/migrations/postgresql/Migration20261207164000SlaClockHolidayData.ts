import { Migration } from '@mikro-orm/migrations';

/** An SLA clock says when its deadline was computed over a year without public holiday data. */
export class Migration20261207164000_SlaClockHolidayData extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "sla_clock" add column "holiday_data_missing" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sla_clock" drop column "holiday_data_missing";`);
  }

}
