import { Migration } from '@mikro-orm/migrations';

export class Migration20261123050000_ComplaintStageOne extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "complaint" add column "workflow_key" varchar(100) not null default 'stage-1', add column "workflow_version" int not null default 1, add column "category" varchar(100) null, add column "severity" varchar(100) null, add column "department" varchar(100) null, add column "owner_id" varchar(64) null, add column "acknowledged_at" timestamptz null, add column "record" jsonb not null default '{}';`);
    // Rows from before stage 1 follow the shipped workflow's first version; new rows always set these.
    this.addSql(`alter table "complaint" alter column "workflow_key" drop default, alter column "workflow_version" drop default, alter column "record" drop default;`);
    this.addSql(`create index "complaint_tenant_id_department_status_index" on "complaint" ("tenant_id", "department", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "complaint_tenant_id_department_status_index";`);
    this.addSql(`alter table "complaint" drop column "workflow_key", drop column "workflow_version", drop column "category", drop column "severity", drop column "department", drop column "owner_id", drop column "acknowledged_at", drop column "record";`);
  }

}
