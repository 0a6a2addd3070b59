import { Migration } from '@mikro-orm/migrations';
import { populate, sqliteTriggers } from '../complaint-rollup-v1';

/** The monthly rollup and cycle-time histogram of complaint_fact, kept by triggers, and the indexes exact percentiles walk in cycle order. */
export class Migration20261123170000_ComplaintRollup extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`complaint_rollup\` (\`tenant_id\` text not null, \`received_month\` text not null, \`type_key\` text not null, \`category\` text not null, \`severity\` text not null, \`department\` text not null, \`n\` integer not null, \`closed\` integer not null, \`cycle_n\` integer not null, \`cycle_sum\` bigint not null, \`timed\` integer not null, \`on_time\` integer not null, \`rejected\` integer not null, \`reopened\` integer not null, \`ever_closed\` integer not null, \`repeats_7\` integer not null, \`repeats_14\` integer not null, \`repeats_30\` integer not null, \`repeats_60\` integer not null, \`repeats_90\` integer not null, \`repeats_180\` integer not null, \`repeats_365\` integer not null, \`sat_n\` integer not null, \`sat_sum\` bigint not null, \`sat_1\` integer not null, \`sat_2\` integer not null, \`sat_3\` integer not null, \`sat_4\` integer not null, \`sat_5\` integer not null, \`claimed\` bigint not null, \`confirmed\` bigint not null, \`cost\` bigint not null, primary key (\`tenant_id\`, \`received_month\`, \`type_key\`, \`category\`, \`severity\`, \`department\`));`);
    this.addSql(`create table \`complaint_cycle_histogram\` (\`tenant_id\` text not null, \`received_month\` text not null, \`category\` text not null, \`bucket\` integer not null, \`n\` integer not null, primary key (\`tenant_id\`, \`received_month\`, \`category\`, \`bucket\`));`);

    this.addSql(`create index \`complaint_fact_tenant_id_category_cycle_seconds_received_day_index\` on \`complaint_fact\` (\`tenant_id\`, \`category\`, \`cycle_seconds\`, \`received_day\`);`);
    this.addSql(`create index \`complaint_fact_tenant_id_received_month_cycle_seconds_received_day_index\` on \`complaint_fact\` (\`tenant_id\`, \`received_month\`, \`cycle_seconds\`, \`received_day\`);`);
    this.addSql(`create index \`complaint_fact_tenant_id_cycle_seconds_received_day_index\` on \`complaint_fact\` (\`tenant_id\`, \`cycle_seconds\`, \`received_day\`);`);
    for (const sql of populate) this.addSql(sql);
    for (const sql of sqliteTriggers) this.addSql(sql);
  }

}
