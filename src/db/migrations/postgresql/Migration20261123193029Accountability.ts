import { Migration } from '@mikro-orm/migrations';

export class Migration20261123193029_Accountability extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "consequence" ("id" uuid not null, "tenant_id" uuid not null, "complaint_id" uuid not null, "decision_id" uuid not null, "decision_revision" int not null, "party_index" int not null, "department" varchar(100) not null, "user_id" uuid null, "person_name" varchar(200) null, "target_key" varchar(120) not null, "rule_key" varchar(63) not null, "kind" varchar(63) not null, "unit" varchar(10) not null, "amount" varchar(40) null, "share_bp" int not null, "status" varchar(20) not null, "approval_route" varchar(63) null, "approval_route_version" int null, "steps" jsonb not null, "current_step" int not null default 0, "appeal" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "consequence_pkey" primary key ("id"));`);
    this.addSql(`create index "consequence_tenant_id_target_key_index" on "consequence" ("tenant_id", "target_key");`);
    this.addSql(`create index "consequence_tenant_id_complaint_id_index" on "consequence" ("tenant_id", "complaint_id");`);

    this.addSql(`create table "late_holding" ("id" uuid not null, "tenant_id" uuid not null, "subject_type" varchar(50) not null, "subject_id" uuid not null, "clock_id" uuid not null, "stage" varchar(20) not null, "clock_name" varchar(50) not null, "holder_kind" varchar(20) not null, "holder_id" varchar(64) null, "holder_name" varchar(200) null, "holder_roles" jsonb not null, "since" timestamptz not null, "until" timestamptz null, constraint "late_holding_pkey" primary key ("id"));`);
    this.addSql(`create index "late_holding_tenant_id_subject_id_index" on "late_holding" ("tenant_id", "subject_id");`);

    this.addSql(`create table "responsibility_decision" ("id" uuid not null, "tenant_id" uuid not null, "complaint_id" uuid not null, "basis" varchar(20) not null, "investigation_id" uuid null, "parties" jsonb not null, "evidence" text not null, "decided_by" varchar(64) not null, "decided_by_name" varchar(200) not null, "decided_at" timestamptz not null, "revision" int not null default 1, "revision_reason" text null, "history" jsonb not null, "version" int not null default 1, constraint "responsibility_decision_pkey" primary key ("id"));`);
    this.addSql(`alter table "responsibility_decision" add constraint "responsibility_decision_tenant_id_complaint_id_unique" unique ("tenant_id", "complaint_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "consequence" cascade;`);

    this.addSql(`drop table if exists "late_holding" cascade;`);

    this.addSql(`drop table if exists "responsibility_decision" cascade;`);
  }

}
