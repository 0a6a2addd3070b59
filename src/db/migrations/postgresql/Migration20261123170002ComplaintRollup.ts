import { Migration } from '@mikro-orm/migrations';
import { populate, postgresqlTriggers } from '../complaint-rollup-v1';

/** The monthly rollup and cycle-time histogram of complaint_fact, kept by triggers, and the indexes exact percentiles walk in cycle order. */
export class Migration20261123170002_ComplaintRollup extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "complaint_rollup" ("tenant_id" uuid not null, "received_month" varchar(7) not null, "type_key" varchar(100) not null, "category" varchar(100) not null, "severity" varchar(100) not null, "department" varchar(100) not null, "n" int not null, "closed" int not null, "cycle_n" int not null, "cycle_sum" bigint not null, "timed" int not null, "on_time" int not null, "rejected" int not null, "reopened" int not null, "ever_closed" int not null, "repeats_7" int not null, "repeats_14" int not null, "repeats_30" int not null, "repeats_60" int not null, "repeats_90" int not null, "repeats_180" int not null, "repeats_365" int not null, "sat_n" int not null, "sat_sum" bigint not null, "sat_1" int not null, "sat_2" int not null, "sat_3" int not null, "sat_4" int not null, "sat_5" int not null, "claimed" bigint not null, "confirmed" bigint not null, "cost" bigint not null, constraint "complaint_rollup_pkey" primary key ("tenant_id", "received_month", "type_key", "category", "severity", "department"));`);
    this.addSql(`create table "complaint_cycle_histogram" ("tenant_id" uuid not null, "received_month" varchar(7) not null, "category" varchar(100) not null, "bucket" int not null, "n" int not null, constraint "complaint_cycle_histogram_pkey" primary key ("tenant_id", "received_month", "category", "bucket"));`);

    this.addSql(`create index "complaint_fact_tenant_id_category_cycle_seconds_re_f4e50_index" on "complaint_fact" ("tenant_id", "category", "cycle_seconds", "received_day");`);
    this.addSql(`create index "complaint_fact_tenant_id_received_month_cycle_seco_fc998_index" on "complaint_fact" ("tenant_id", "received_month", "cycle_seconds", "received_day");`);
    this.addSql(`create index "complaint_fact_tenant_id_cycle_seconds_received_day_index" on "complaint_fact" ("tenant_id", "cycle_seconds", "received_day");`);
    for (const sql of populate) this.addSql(sql);
    for (const sql of postgresqlTriggers) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists complaint_fact_rollup on complaint_fact;');
    this.addSql('drop function if exists complaint_rollup_apply();');
    this.addSql(`drop table if exists "complaint_rollup" cascade;`);
    this.addSql(`drop table if exists "complaint_cycle_histogram" cascade;`);

    this.addSql(`drop index "complaint_fact_tenant_id_category_cycle_seconds_re_f4e50_index";`);
    this.addSql(`drop index "complaint_fact_tenant_id_received_month_cycle_seco_fc998_index";`);
    this.addSql(`drop index "complaint_fact_tenant_id_cycle_seconds_received_day_index";`);
  }

}
