import { Migration } from '@mikro-orm/migrations';

/** Change control: a version's reason, diff summary and publication signature; retired templates. Older versions get their diff summary computed on read. */
export class Migration20261207162000_TemplateChangeControl extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "template_retirement" ("id" uuid not null, "tenant_id" uuid not null, "kind" varchar(50) not null, "key" varchar(100) not null, "retired_at" timestamptz not null, "retired_by" varchar(64) not null, "reason" text not null, constraint "template_retirement_pkey" primary key ("id"));`);
    this.addSql(`alter table "template_retirement" add constraint "template_retirement_tenant_id_kind_key_unique" unique ("tenant_id", "kind", "key");`);
    this.addSql(`alter table "template_retirement" add constraint "template_retirement_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);
    this.addSql(`alter table "template_version" add column "reason" text null, add column "diff_summary" jsonb null, add column "signature" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "template_version" drop column "reason", drop column "diff_summary", drop column "signature";`);
    this.addSql(`drop table if exists "template_retirement" cascade;`);
  }

}
