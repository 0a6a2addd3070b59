import { Migration } from '@mikro-orm/migrations';

export class Migration20261123061127_Timers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "timer" ("id" uuid not null, "tenant_id" uuid not null, "kind" varchar(50) not null, "subject_type" varchar(50) not null, "subject_id" uuid not null, "action" varchar(100) not null, "armed_in" varchar(100) not null, "due_at" timestamptz not null, "payload" jsonb null, "attempts" int not null default 0, "last_error" text null, "created_at" timestamptz not null, constraint "timer_pkey" primary key ("id"));`);
    this.addSql(`create index "timer_tenant_id_subject_id_index" on "timer" ("tenant_id", "subject_id");`);
    this.addSql(`create index "timer_due_at_index" on "timer" ("due_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "timer" cascade;`);
  }

}
