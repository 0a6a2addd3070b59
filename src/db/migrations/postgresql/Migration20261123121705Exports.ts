import { Migration } from '@mikro-orm/migrations';

export class Migration20261123121705_Exports extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "export_request" ("id" uuid not null, "tenant_id" uuid not null, "token_hash" varchar(64) not null, "kind" varchar(32) not null, "format" varchar(8) not null, "parameters" jsonb not null, "requested_by" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "export_request_pkey" primary key ("id"));`);
    this.addSql(`create index "export_request_tenant_id_expires_at_index" on "export_request" ("tenant_id", "expires_at");`);
    this.addSql(`alter table "export_request" add constraint "export_request_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create index "complaint_fact_tenant_id_received_at_complaint_id_index" on "complaint_fact" ("tenant_id", "received_at", "complaint_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "export_request" cascade;`);

    this.addSql(`drop index "complaint_fact_tenant_id_received_at_complaint_id_index";`);
  }

}
