import { Migration } from '@mikro-orm/migrations';

export class Migration20261123043557_TemplateDrafts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "template_draft" ("id" uuid not null, "tenant_id" uuid not null, "kind" varchar(50) not null, "key" varchar(100) not null, "content" jsonb not null, "base_version" int null, "version" int not null default 1, "updated_at" timestamptz not null, "updated_by" varchar(64) not null, constraint "template_draft_pkey" primary key ("id"));`);
    this.addSql(`alter table "template_draft" add constraint "template_draft_tenant_id_kind_key_unique" unique ("tenant_id", "kind", "key");`);

    this.addSql(`alter table "template_draft" add constraint "template_draft_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "template_draft" cascade;`);
  }

}
