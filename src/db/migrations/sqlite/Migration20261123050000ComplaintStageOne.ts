import { Migration } from '@mikro-orm/migrations';

export class Migration20261123050000_ComplaintStageOne extends Migration {

  // Rows from before stage 1 follow the shipped workflow's first version (SQLite cannot add a NOT NULL column without a default).
  override async up(): Promise<void> {
    this.addSql(`alter table \`complaint\` add column \`workflow_key\` text not null default 'stage-1';`);
    this.addSql(`alter table \`complaint\` add column \`workflow_version\` integer not null default 1;`);
    this.addSql(`alter table \`complaint\` add column \`category\` text null;`);
    this.addSql(`alter table \`complaint\` add column \`severity\` text null;`);
    this.addSql(`alter table \`complaint\` add column \`department\` text null;`);
    this.addSql(`alter table \`complaint\` add column \`owner_id\` text null;`);
    this.addSql(`alter table \`complaint\` add column \`acknowledged_at\` datetime null;`);
    this.addSql(`alter table \`complaint\` add column \`record\` json not null default '{}';`);

    // Then rebuild the table without those defaults (SQLite cannot drop a column default), so the schema
    // matches the entities exactly; the rows keep their values.
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`complaint__temp_alter\` (\`id\` text not null, \`tenant_id\` text not null, \`number\` text not null, \`type_key\` text not null, \`template_version\` integer not null, \`status\` text not null, \`workflow_key\` text not null, \`workflow_version\` integer not null, \`category\` text null, \`severity\` text null, \`department\` text null, \`owner_id\` text null, \`acknowledged_at\` datetime null, \`record\` json not null, \`data\` json not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1, \`created_by\` text not null, constraint \`complaint_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`insert into \`complaint__temp_alter\` select \`id\`, \`tenant_id\`, \`number\`, \`type_key\`, \`template_version\`, \`status\`, \`workflow_key\`, \`workflow_version\`, \`category\`, \`severity\`, \`department\`, \`owner_id\`, \`acknowledged_at\`, \`record\`, \`data\`, \`created_at\`, \`updated_at\`, \`version\`, \`created_by\` from \`complaint\`;`);
    this.addSql(`drop table \`complaint\`;`);
    this.addSql(`alter table \`complaint__temp_alter\` rename to \`complaint\`;`);
    this.addSql(`create index \`complaint_tenant_id_index\` on \`complaint\` (\`tenant_id\`);`);
    this.addSql(`create index \`complaint_tenant_id_department_status_index\` on \`complaint\` (\`tenant_id\`, \`department\`, \`status\`);`);
    this.addSql(`create index \`complaint_tenant_id_status_index\` on \`complaint\` (\`tenant_id\`, \`status\`);`);
    this.addSql(`create index \`complaint_tenant_id_created_at_index\` on \`complaint\` (\`tenant_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`complaint_tenant_id_number_unique\` on \`complaint\` (\`tenant_id\`, \`number\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}
