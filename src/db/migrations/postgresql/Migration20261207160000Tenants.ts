import { Migration } from '@mikro-orm/migrations';

/**
 * Tenants are provisioned (seed source, seeded, disabled) and operators hold their own credential. Tenants that exist
 * already were seeded by earlier starts: marked seeded, so an upgrade never publishes the shipped set again.
 */
export class Migration20261207160000_Tenants extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "operator_key" ("id" uuid not null, "name" varchar(200) not null, "prefix" varchar(16) not null, "key_hash" varchar(64) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "operator_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "operator_key" add constraint "operator_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`alter table "tenant" add column "seed_source" varchar(16) null, add column "seeded_at" timestamptz null, add column "disabled_at" timestamptz null, add column "disabled_reason" varchar(500) null;`);
    this.addSql(`update "tenant" set "seed_source" = 'shipped', "seeded_at" = "created_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "operator_key" cascade;`);

    this.addSql(`alter table "tenant" drop column "seed_source", drop column "seeded_at", drop column "disabled_at", drop column "disabled_reason";`);
  }

}
