import { Migration } from '@mikro-orm/migrations';

export class Migration20261123162607_Costs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cost_item" ("id" uuid not null, "tenant_id" uuid not null, "subject_type" varchar(20) not null, "subject_id" uuid not null, "kind" varchar(63) not null, "description" text null, "hours_hundredths" int null, "rate_minor" bigint null, "amount_minor" bigint not null, "currency" varchar(3) not null, "exchange_rate" varchar(40) null, "base_currency" varchar(3) not null, "base_amount_minor" bigint not null, "incurred_on" varchar(10) null, "recorded_by" varchar(64) not null, "recorded_by_name" varchar(200) not null, "recorded_at" timestamptz not null, "voided_at" timestamptz null, "voided_by" varchar(64) null, "voided_by_name" varchar(200) null, "void_reason" text null, "version" int not null default 1, constraint "cost_item_pkey" primary key ("id"));`);
    this.addSql(`create index "cost_item_tenant_id_subject_id_recorded_at_index" on "cost_item" ("tenant_id", "subject_id", "recorded_at");`);

    // Facts recorded before: no cost item exists yet, so each one's cost is the default 0.
    this.addSql(`alter table "complaint_fact" add column "cost_base_minor" bigint not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "cost_item" cascade;`);

    this.addSql(`alter table "complaint_fact" drop column "cost_base_minor";`);
  }

}
