import { Migration } from '@mikro-orm/migrations';

export class Migration20261123064236_OutboundEmail extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "outbound_email" ("id" uuid not null, "tenant_id" uuid not null, "to" varchar(254) not null, "subject" varchar(500) not null, "text" text not null, "created_at" timestamptz not null, "next_attempt_at" timestamptz null, "sent_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbound_email_pkey" primary key ("id"));`);
    this.addSql(`create index "outbound_email_sent_at_next_attempt_at_index" on "outbound_email" ("sent_at", "next_attempt_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbound_email" cascade;`);
  }

}
