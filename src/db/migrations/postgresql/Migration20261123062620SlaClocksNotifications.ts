import { Migration } from '@mikro-orm/migrations';

export class Migration20261123062620_SlaClocksNotifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notification" ("id" uuid not null, "tenant_id" uuid not null, "recipient_id" varchar(64) not null, "kind" varchar(50) not null, "subject_type" varchar(50) not null, "subject_id" uuid not null, "subject_number" varchar(32) null, "title" jsonb not null, "data" jsonb not null, "created_at" timestamptz not null, "read_at" timestamptz null, "emailed_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_tenant_id_recipient_id_created_at_index" on "notification" ("tenant_id", "recipient_id", "created_at");`);

    this.addSql(`create table "sla_clock" ("id" uuid not null, "tenant_id" uuid not null, "subject_type" varchar(50) not null, "subject_id" uuid not null, "stage" varchar(20) not null, "name" varchar(50) not null, "severity" varchar(100) not null, "target" jsonb not null, "started_at" timestamptz not null, "paused_at" timestamptz null, "paused_minutes" double precision not null default 0, "due_at" timestamptz null, "met_at" timestamptz null, "met_by" varchar(120) null, "breached_at" timestamptz null, "escalations" jsonb not null, constraint "sla_clock_pkey" primary key ("id"));`);
    this.addSql(`create index "sla_clock_tenant_id_due_at_index" on "sla_clock" ("tenant_id", "due_at");`);
    this.addSql(`alter table "sla_clock" add constraint "sla_clock_tenant_id_subject_id_stage_name_unique" unique ("tenant_id", "subject_id", "stage", "name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "sla_clock" cascade;`);
  }

}
