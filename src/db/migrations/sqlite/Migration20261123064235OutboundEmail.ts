import { Migration } from '@mikro-orm/migrations';

export class Migration20261123064235_OutboundEmail extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`outbound_email\` (\`id\` text not null, \`tenant_id\` text not null, \`to\` text not null, \`subject\` text not null, \`text\` text not null, \`created_at\` datetime not null, \`next_attempt_at\` datetime null, \`sent_at\` datetime null, \`attempts\` integer not null default 0, \`last_error\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`outbound_email_sent_at_next_attempt_at_index\` on \`outbound_email\` (\`sent_at\`, \`next_attempt_at\`);`);
  }

}
