import { Migration } from '@mikro-orm/migrations';

export class Migration20261123094204_Stats extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`complaint_fact\` (\`complaint_id\` text not null, \`tenant_id\` text not null, \`received_at\` datetime not null, \`received_day\` text not null, \`received_month\` text not null, \`received_week\` text not null, \`type_key\` text not null, \`category\` text null, \`severity\` text null, \`department\` text null, \`product_key\` text null, \`customer_key\` text null, \`closed_at\` datetime null, \`cycle_seconds\` integer null, \`close_on_time\` integer null, \`rejected\` integer not null default false, \`reopen_count\` integer not null default 0, \`satisfaction\` integer null, \`defective_claimed\` integer null, \`defective_confirmed\` integer null, primary key (\`complaint_id\`));`);
    this.addSql(`create index \`complaint_fact_tenant_id_customer_key_received_month_index\` on \`complaint_fact\` (\`tenant_id\`, \`customer_key\`, \`received_month\`);`);
    this.addSql(`create index \`complaint_fact_tenant_id_product_key_received_month_index\` on \`complaint_fact\` (\`tenant_id\`, \`product_key\`, \`received_month\`);`);
    this.addSql(`create index \`complaint_fact_tenant_id_category_received_day_index\` on \`complaint_fact\` (\`tenant_id\`, \`category\`, \`received_day\`);`);
    this.addSql(`create index \`complaint_fact_tenant_id_received_day_index\` on \`complaint_fact\` (\`tenant_id\`, \`received_day\`);`);

    this.addSql(`create table \`shipment\` (\`id\` text not null, \`tenant_id\` text not null, \`product_key\` text not null, \`customer_key\` text not null, \`period\` text not null, \`quantity\` integer not null, \`updated_at\` datetime not null, \`updated_by\` text not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`shipment_tenant_id_product_key_customer_key_period_unique\` on \`shipment\` (\`tenant_id\`, \`product_key\`, \`customer_key\`, \`period\`);`);
  }

}
