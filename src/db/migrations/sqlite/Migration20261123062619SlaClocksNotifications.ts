import { Migration } from '@mikro-orm/migrations';

export class Migration20261123062619_SlaClocksNotifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`notification\` (\`id\` text not null, \`tenant_id\` text not null, \`recipient_id\` text not null, \`kind\` text not null, \`subject_type\` text not null, \`subject_id\` text not null, \`subject_number\` text null, \`title\` json not null, \`data\` json not null, \`created_at\` datetime not null, \`read_at\` datetime null, \`emailed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notification_tenant_id_recipient_id_created_at_index\` on \`notification\` (\`tenant_id\`, \`recipient_id\`, \`created_at\`);`);

    this.addSql(`create table \`sla_clock\` (\`id\` text not null, \`tenant_id\` text not null, \`subject_type\` text not null, \`subject_id\` text not null, \`stage\` text not null, \`name\` text not null, \`severity\` text not null, \`target\` json not null, \`started_at\` datetime not null, \`paused_at\` datetime null, \`paused_minutes\` double not null default 0, \`due_at\` datetime null, \`met_at\` datetime null, \`met_by\` text null, \`breached_at\` datetime null, \`escalations\` json not null, primary key (\`id\`));`);
    this.addSql(`create index \`sla_clock_tenant_id_due_at_index\` on \`sla_clock\` (\`tenant_id\`, \`due_at\`);`);
    this.addSql(`create unique index \`sla_clock_tenant_id_subject_id_stage_name_unique\` on \`sla_clock\` (\`tenant_id\`, \`subject_id\`, \`stage\`, \`name\`);`);
  }

}
