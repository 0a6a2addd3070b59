import { Migration } from '@mikro-orm/migrations';

export class Migration20261123191900_CustomerMessages extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customer_message\` (\`id\` text not null, \`tenant_id\` text not null, \`complaint_id\` text not null, \`message_key\` text not null, \`message_version\` integer not null, \`purpose\` text not null, \`locale\` text not null, \`channel\` text not null, \`recipient\` text null, \`subject\` text not null, \`text_body\` text not null, \`html_body\` text null, \`placeholders\` json not null, \`missing\` json not null, \`sent_by\` text not null, \`sent_by_name\` text not null, \`sent_at\` datetime not null, \`outbound_email_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`customer_message_tenant_id_complaint_id_sent_at_index\` on \`customer_message\` (\`tenant_id\`, \`complaint_id\`, \`sent_at\`);`);

    this.addSql(`alter table \`outbound_email\` add column \`html\` text null;`);
  }

}
