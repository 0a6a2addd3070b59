import { Migration } from '@mikro-orm/migrations';

export class Migration20261123121702_Exports extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`export_request\` (\`id\` text not null, \`tenant_id\` text not null, \`token_hash\` text not null, \`kind\` text not null, \`format\` text not null, \`parameters\` json not null, \`requested_by\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`export_request_tenant_id_expires_at_index\` on \`export_request\` (\`tenant_id\`, \`expires_at\`);`);
    this.addSql(`create unique index \`export_request_token_hash_unique\` on \`export_request\` (\`token_hash\`);`);

    this.addSql(`create index \`complaint_fact_tenant_id_received_at_complaint_id_index\` on \`complaint_fact\` (\`tenant_id\`, \`received_at\`, \`complaint_id\`);`);
  }

}
