import { Migration } from '@mikro-orm/migrations';

export class Migration20261123094206_Stats extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "complaint_fact" ("complaint_id" uuid not null, "tenant_id" uuid not null, "received_at" timestamptz not null, "received_day" varchar(10) not null, "received_month" varchar(7) not null, "received_week" varchar(8) not null, "type_key" varchar(100) not null, "category" varchar(100) null, "severity" varchar(100) null, "department" varchar(100) null, "product_key" varchar(200) null, "customer_key" varchar(200) null, "closed_at" timestamptz null, "cycle_seconds" int null, "close_on_time" boolean null, "rejected" boolean not null default false, "reopen_count" int not null default 0, "satisfaction" int null, "defective_claimed" int null, "defective_confirmed" int null, constraint "complaint_fact_pkey" primary key ("complaint_id"));`);
    this.addSql(`create index "complaint_fact_tenant_id_customer_key_received_month_index" on "complaint_fact" ("tenant_id", "customer_key", "received_month");`);
    this.addSql(`create index "complaint_fact_tenant_id_product_key_received_month_index" on "complaint_fact" ("tenant_id", "product_key", "received_month");`);
    this.addSql(`create index "complaint_fact_tenant_id_category_received_day_index" on "complaint_fact" ("tenant_id", "category", "received_day");`);
    this.addSql(`create index "complaint_fact_tenant_id_received_day_index" on "complaint_fact" ("tenant_id", "received_day");`);

    this.addSql(`create table "shipment" ("id" uuid not null, "tenant_id" uuid not null, "product_key" varchar(200) not null, "customer_key" varchar(200) not null, "period" varchar(7) not null, "quantity" int not null, "updated_at" timestamptz not null, "updated_by" varchar(64) not null, constraint "shipment_pkey" primary key ("id"));`);
    this.addSql(`alter table "shipment" add constraint "shipment_tenant_id_product_key_customer_key_period_unique" unique ("tenant_id", "product_key", "customer_key", "period");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "complaint_fact" cascade;`);

    this.addSql(`drop table if exists "shipment" cascade;`);
  }

}
