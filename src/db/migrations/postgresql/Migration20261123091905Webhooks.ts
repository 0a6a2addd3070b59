import { Migration } from '@mikro-orm/migrations';

export class Migration20261123091905_Webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "tenant_id" uuid not null, "endpoint_id" uuid not null, "event_id" uuid not null, "event_sequence" int not null, "event_type" varchar(100) not null, "attempt" int not null, "manual" boolean not null default false, "at" timestamptz not null, "outcome" varchar(20) not null, "http_status" int null, "error" varchar(200) null, "latency_ms" int null, "response_excerpt" text null, "next_attempt_at" timestamptz null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_endpoint_id_event_id_index" on "webhook_delivery" ("endpoint_id", "event_id");`);
    this.addSql(`create index "webhook_delivery_outcome_endpoint_id_index" on "webhook_delivery" ("outcome", "endpoint_id");`);
    this.addSql(`create index "webhook_delivery_endpoint_id_at_index" on "webhook_delivery" ("endpoint_id", "at");`);

    this.addSql(`create table "webhook_endpoint" ("id" uuid not null, "tenant_id" uuid not null, "url" varchar(2000) not null, "description" varchar(500) null, "event_types" jsonb not null, "enabled" boolean not null default true, "disabled_reason" varchar(20) null, "disabled_at" timestamptz null, "created_at" timestamptz not null, "created_by" varchar(64) not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "secret" varchar(100) not null, "previous_secret" varchar(100) null, "previous_secret_expires_at" timestamptz null, "secret_created_at" timestamptz not null, "cursor" int not null, "failing_since" timestamptz null, "next_attempt_at" timestamptz null, "attempt" int not null default 0, "lease_owner" varchar(64) null, "lease_until" timestamptz null, "version" int not null default 1, constraint "webhook_endpoint_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_endpoint_enabled_next_attempt_at_index" on "webhook_endpoint" ("enabled", "next_attempt_at");`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);

    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);
  }

}
