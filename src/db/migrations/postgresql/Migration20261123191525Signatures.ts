import { Migration } from '@mikro-orm/migrations';

export class Migration20261123191525_Signatures extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "signature" ("id" uuid not null, "tenant_id" uuid not null, "signer_id" varchar(64) not null, "signer_name" varchar(200) not null, "meaning" varchar(63) not null, "signed_at" timestamptz not null, "record_type" varchar(40) not null, "record_id" uuid not null, "content_hash" varchar(64) not null, "mac" varchar(64) not null, constraint "signature_pkey" primary key ("id"));`);
    this.addSql(`create index "signature_tenant_id_record_id_index" on "signature" ("tenant_id", "record_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "signature" cascade;`);
  }

}
