import { Migration } from '@mikro-orm/migrations';

export class Migration20261123132821_ShipmentVersion extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`shipment\` add column \`version\` integer not null default 1;`);
  }

}
