import { Migration } from '@mikro-orm/migrations';

export class Migration20261123191903_CustomerMessages extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_message" ("id" uuid not null, "tenant_id" uuid not null, "complaint_id" uuid not null, "message_key" varchar(63) not null, "message_version" int not null, "purpose" varchar(40) not null, "locale" varchar(10) not null, "channel" varchar(20) not null, "recipient" varchar(254) null, "subject" varchar(500) not null, "text_body" text not null, "html_body" text null, "placeholders" jsonb not null, "missing" jsonb not null, "sent_by" varchar(64) not null, "sent_by_name" varchar(200) not null, "sent_at" timestamptz not null, "outbound_email_id" uuid null, constraint "customer_message_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_message_tenant_id_complaint_id_sent_at_index" on "customer_message" ("tenant_id", "complaint_id", "sent_at");`);

    this.addSql(`alter table "outbound_email" add column "html" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_message" cascade;`);

    this.addSql(`alter table "outbound_email" drop column "html";`);
  }

}
