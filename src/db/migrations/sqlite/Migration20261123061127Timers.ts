import { Migration } from '@mikro-orm/migrations';

export class Migration20261123061127_Timers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`timer\` (\`id\` text not null, \`tenant_id\` text not null, \`kind\` text not null, \`subject_type\` text not null, \`subject_id\` text not null, \`action\` text not null, \`armed_in\` text not null, \`due_at\` datetime not null, \`payload\` json null, \`attempts\` integer not null default 0, \`last_error\` text null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`timer_tenant_id_subject_id_index\` on \`timer\` (\`tenant_id\`, \`subject_id\`);`);
    this.addSql(`create index \`timer_due_at_index\` on \`timer\` (\`due_at\`);`);
  }

}
