import { Migration } from '@mikro-orm/migrations';

export class Migration20261123070304_Investigations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "investigation_link" ("id" uuid not null, "tenant_id" uuid not null, "investigation_id" uuid not null, "complaint_id" uuid not null, "linked_by" varchar(64) not null, "linked_at" timestamptz not null, "reason" text not null, "unlinked_at" timestamptz null, "unlinked_by" varchar(64) null, "unlink_reason" text null, constraint "investigation_link_pkey" primary key ("id"));`);
    this.addSql(`create index "investigation_link_investigation_id_index" on "investigation_link" ("investigation_id");`);
    this.addSql(`create index "investigation_link_tenant_id_complaint_id_index" on "investigation_link" ("tenant_id", "complaint_id");`);

    this.addSql(`create table "investigation_section" ("id" uuid not null, "tenant_id" uuid not null, "investigation_id" uuid not null, "key" varchar(20) not null, "status" varchar(20) not null, "draft" jsonb null, "draft_problems" jsonb not null, "data" jsonb null, "submitted_by" varchar(64) null, "submitted_at" timestamptz null, "sign_offs" jsonb not null, "reopenings" jsonb not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "investigation_section_pkey" primary key ("id"));`);
    this.addSql(`alter table "investigation_section" add constraint "investigation_section_investigation_id_key_unique" unique ("investigation_id", "key");`);

    this.addSql(`create table "investigation" ("id" uuid not null, "tenant_id" uuid not null, "number" varchar(32) not null, "title" varchar(500) not null, "template_key" varchar(100) not null, "template_version" int not null, "status" varchar(30) not null, "severity" varchar(100) null, "department" varchar(100) null, "part_number" varchar(200) null, "category" varchar(100) null, "leader_level" varchar(100) not null, "leader_id" varchar(64) null, "champion_id" varchar(64) null, "team" jsonb not null, "effectiveness" jsonb null, "history" jsonb not null, "closure" jsonb null, "opened_by" varchar(64) not null, "closed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "investigation_pkey" primary key ("id"));`);
    this.addSql(`create index "investigation_tenant_id_created_at_index" on "investigation" ("tenant_id", "created_at");`);
    this.addSql(`create index "investigation_tenant_id_status_index" on "investigation" ("tenant_id", "status");`);
    this.addSql(`alter table "investigation" add constraint "investigation_tenant_id_number_unique" unique ("tenant_id", "number");`);

    this.addSql(`alter table "investigation" add constraint "investigation_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "investigation_link" cascade;`);

    this.addSql(`drop table if exists "investigation_section" cascade;`);

    this.addSql(`drop table if exists "investigation" cascade;`);
  }

}
