import { Migration } from '@mikro-orm/migrations';

export class Migration20261123132822_ShipmentVersion extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "shipment" add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shipment" drop column "version";`);
  }

}
