import { Migration } from '@mikro-orm/migrations';

export class Migration20261123120010_StageTwoFactsRepeats extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "investigation_fact" ("investigation_id" uuid not null, "tenant_id" uuid not null, "template_key" varchar(100) not null, "opened_at" timestamptz not null, "opened_day" varchar(10) not null, "opened_month" varchar(7) not null, "opened_week" varchar(8) not null, "status" varchar(30) not null, "type_key" varchar(100) null, "category" varchar(100) null, "severity" varchar(100) null, "department" varchar(100) null, "product_key" varchar(200) null, "customer_key" varchar(200) null, "closed_at" timestamptz null, "cycle_seconds" int null, "closure_on_time" boolean null, constraint "investigation_fact_pkey" primary key ("investigation_id"));`);
    this.addSql(`create index "investigation_fact_tenant_id_opened_day_index" on "investigation_fact" ("tenant_id", "opened_day");`);

    this.addSql(`alter table "complaint_fact" add column "repeat_gap_seconds" int null;`);
    this.addSql(`create index "complaint_fact_tenant_id_product_key_category_received_at_index" on "complaint_fact" ("tenant_id", "product_key", "category", "received_at");`);
    // Facts recorded before: each one's gap to the complaint before it on the same product and category (ties by id).
    this.addSql(`update complaint_fact as f set repeat_gap_seconds = (select cast(round(extract(epoch from (f.received_at - p.received_at))) as integer) from complaint_fact p where p.tenant_id = f.tenant_id and p.product_key = f.product_key and p.category = f.category and (p.received_at < f.received_at or (p.received_at = f.received_at and p.complaint_id < f.complaint_id)) order by p.received_at desc, p.complaint_id desc limit 1) where product_key is not null and category is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "investigation_fact" cascade;`);

    this.addSql(`drop index "complaint_fact_tenant_id_product_key_category_received_at_index";`);
    this.addSql(`alter table "complaint_fact" drop column "repeat_gap_seconds";`);
  }

}
