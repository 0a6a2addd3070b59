import { Migration } from '@mikro-orm/migrations';

export class Migration20261123035552_Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "counter" ("tenant_id" uuid not null, "name" varchar(100) not null, "value" int not null, constraint "counter_pkey" primary key ("tenant_id", "name"));`);

    this.addSql(`create table "idempotency_key" ("tenant_id" uuid not null, "key" varchar(200) not null, "operation" varchar(100) not null, "request_hash" varchar(64) not null, "result_id" uuid not null, "created_at" timestamptz not null, constraint "idempotency_key_pkey" primary key ("tenant_id", "key"));`);

    this.addSql(`create table "tenant" ("id" uuid not null, "slug" varchar(63) not null, "name" varchar(200) not null, "created_at" timestamptz not null, constraint "tenant_pkey" primary key ("id"));`);
    this.addSql(`alter table "tenant" add constraint "tenant_slug_unique" unique ("slug");`);

    this.addSql(`create table "template_version" ("id" uuid not null, "tenant_id" uuid not null, "kind" varchar(50) not null, "key" varchar(100) not null, "version" int not null, "content" jsonb not null, "content_hash" varchar(64) not null, "published_at" timestamptz not null, "published_by" varchar(64) not null, constraint "template_version_pkey" primary key ("id"));`);
    this.addSql(`create index "template_version_tenant_id_kind_key_index" on "template_version" ("tenant_id", "kind", "key");`);
    this.addSql(`alter table "template_version" add constraint "template_version_tenant_id_kind_key_version_unique" unique ("tenant_id", "kind", "key", "version");`);

    this.addSql(`create table "event" ("id" uuid not null, "tenant_id" uuid not null, "sequence" int not null, "type" varchar(100) not null, "subject_type" varchar(50) not null, "subject_id" uuid not null, "subject_number" varchar(64) null, "actor_id" varchar(64) not null, "actor_name" varchar(200) not null, "occurred_at" timestamptz not null, "reason" text null, "data" jsonb not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, constraint "event_pkey" primary key ("id"));`);
    this.addSql(`create index "event_tenant_id_subject_id_sequence_index" on "event" ("tenant_id", "subject_id", "sequence");`);
    this.addSql(`alter table "event" add constraint "event_tenant_id_sequence_unique" unique ("tenant_id", "sequence");`);

    this.addSql(`create table "complaint" ("id" uuid not null, "tenant_id" uuid not null, "number" varchar(32) not null, "type_key" varchar(100) not null, "template_version" int not null, "status" varchar(50) not null, "data" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "created_by" varchar(64) not null, constraint "complaint_pkey" primary key ("id"));`);
    this.addSql(`create index "complaint_tenant_id_status_index" on "complaint" ("tenant_id", "status");`);
    this.addSql(`create index "complaint_tenant_id_created_at_index" on "complaint" ("tenant_id", "created_at");`);
    this.addSql(`alter table "complaint" add constraint "complaint_tenant_id_number_unique" unique ("tenant_id", "number");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "tenant_id" uuid not null, "name" varchar(200) not null, "prefix" varchar(16) not null, "key_hash" varchar(64) not null, "roles" jsonb not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`alter table "template_version" add constraint "template_version_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);

    this.addSql(`alter table "event" add constraint "event_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);

    this.addSql(`alter table "complaint" add constraint "complaint_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);

    this.addSql(`alter table "api_key" add constraint "api_key_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "template_version" drop constraint "template_version_tenant_id_foreign";`);

    this.addSql(`alter table "event" drop constraint "event_tenant_id_foreign";`);

    this.addSql(`alter table "complaint" drop constraint "complaint_tenant_id_foreign";`);

    this.addSql(`alter table "api_key" drop constraint "api_key_tenant_id_foreign";`);

    this.addSql(`drop table if exists "counter" cascade;`);

    this.addSql(`drop table if exists "idempotency_key" cascade;`);

    this.addSql(`drop table if exists "tenant" cascade;`);

    this.addSql(`drop table if exists "template_version" cascade;`);

    this.addSql(`drop table if exists "event" cascade;`);

    this.addSql(`drop table if exists "complaint" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
