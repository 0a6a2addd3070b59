import { Migration } from '@mikro-orm/migrations';

export class Migration20261123170542_Users extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "auth_secret" ("name" varchar(40) not null, "value" varchar(200) not null, "created_at" timestamptz not null, constraint "auth_secret_pkey" primary key ("name"));`);

    this.addSql(`create table "login_throttle" ("tenant_slug" varchar(63) not null, "username" varchar(100) not null, "failures" int not null, "locked_until_ms" bigint null, "updated_at_ms" bigint not null, constraint "login_throttle_pkey" primary key ("tenant_slug", "username"));`);

    this.addSql(`create table "auth_session" ("id" uuid not null, "tenant_id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(40) null, constraint "auth_session_pkey" primary key ("id"));`);
    this.addSql(`create index "auth_session_user_id_index" on "auth_session" ("user_id");`);

    this.addSql(`create table "refresh_token" ("token_hash" varchar(64) not null, "tenant_id" uuid not null, "session_id" uuid not null, "issued_at" timestamptz not null, "used_at" timestamptz null, constraint "refresh_token_pkey" primary key ("token_hash"));`);
    this.addSql(`create index "refresh_token_session_id_index" on "refresh_token" ("session_id");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "tenant_id" uuid not null, "username" varchar(100) not null, "display_name" varchar(200) not null, "password_hash" varchar(200) not null, "roles" jsonb not null, "departments" jsonb not null, "level" varchar(100) null, "disabled_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "last_login_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_tenant_id_username_unique" unique ("tenant_id", "username");`);

    this.addSql(`alter table "auth_session" add constraint "auth_session_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "app_user" add constraint "app_user_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);

    this.addSql(`alter table "api_key" add column "last_used_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "auth_secret" cascade;`);

    this.addSql(`drop table if exists "login_throttle" cascade;`);

    this.addSql(`drop table if exists "auth_session" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`alter table "api_key" drop column "last_used_at";`);
  }

}
