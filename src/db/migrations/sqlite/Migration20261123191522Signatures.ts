import { Migration } from '@mikro-orm/migrations';

export class Migration20261123191522_Signatures extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`signature\` (\`id\` text not null, \`tenant_id\` text not null, \`signer_id\` text not null, \`signer_name\` text not null, \`meaning\` text not null, \`signed_at\` datetime not null, \`record_type\` text not null, \`record_id\` text not null, \`content_hash\` text not null, \`mac\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`signature_tenant_id_record_id_index\` on \`signature\` (\`tenant_id\`, \`record_id\`);`);
  }

}
