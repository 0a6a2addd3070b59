import { Migration } from '@mikro-orm/migrations';

export class Migration20261123120009_StageTwoFactsRepeats extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`investigation_fact\` (\`investigation_id\` text not null, \`tenant_id\` text not null, \`template_key\` text not null, \`opened_at\` datetime not null, \`opened_day\` text not null, \`opened_month\` text not null, \`opened_week\` text not null, \`status\` text not null, \`type_key\` text null, \`category\` text null, \`severity\` text null, \`department\` text null, \`product_key\` text null, \`customer_key\` text null, \`closed_at\` datetime null, \`cycle_seconds\` integer null, \`closure_on_time\` integer null, primary key (\`investigation_id\`));`);
    this.addSql(`create index \`investigation_fact_tenant_id_opened_day_index\` on \`investigation_fact\` (\`tenant_id\`, \`opened_day\`);`);

    this.addSql(`alter table \`complaint_fact\` add column \`repeat_gap_seconds\` integer null;`);
    this.addSql(`create index \`complaint_fact_tenant_id_product_key_category_received_at_index\` on \`complaint_fact\` (\`tenant_id\`, \`product_key\`, \`category\`, \`received_at\`);`);
    // Facts recorded before: each one's gap to the complaint before it on the same product and category (ties by id).
    this.addSql(`update complaint_fact as f set repeat_gap_seconds = (select cast(round((f.received_at - p.received_at) / 1000.0) as integer) from complaint_fact p where p.tenant_id = f.tenant_id and p.product_key = f.product_key and p.category = f.category and (p.received_at < f.received_at or (p.received_at = f.received_at and p.complaint_id < f.complaint_id)) order by p.received_at desc, p.complaint_id desc limit 1) where product_key is not null and category is not null;`);
  }

}
