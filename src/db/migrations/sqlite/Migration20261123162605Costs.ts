import { Migration } from '@mikro-orm/migrations';

export class Migration20261123162605_Costs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`cost_item\` (\`id\` text not null, \`tenant_id\` text not null, \`subject_type\` text not null, \`subject_id\` text not null, \`kind\` text not null, \`description\` text null, \`hours_hundredths\` integer null, \`rate_minor\` bigint null, \`amount_minor\` bigint not null, \`currency\` text not null, \`exchange_rate\` text null, \`base_currency\` text not null, \`base_amount_minor\` bigint not null, \`incurred_on\` text null, \`recorded_by\` text not null, \`recorded_by_name\` text not null, \`recorded_at\` datetime not null, \`voided_at\` datetime null, \`voided_by\` text null, \`voided_by_name\` text null, \`void_reason\` text null, \`version\` integer not null default 1, primary key (\`id\`));`);
    this.addSql(`create index \`cost_item_tenant_id_subject_id_recorded_at_index\` on \`cost_item\` (\`tenant_id\`, \`subject_id\`, \`recorded_at\`);`);

    // Facts recorded before: no cost item exists yet, so each one's cost is the default 0.
    this.addSql(`alter table \`complaint_fact\` add column \`cost_base_minor\` bigint not null default 0;`);
  }

}
