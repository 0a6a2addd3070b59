import { Migration } from '@mikro-orm/migrations';

export class Migration20261123043556_TemplateDrafts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`template_draft\` (\`id\` text not null, \`tenant_id\` text not null, \`kind\` text not null, \`key\` text not null, \`content\` json not null, \`base_version\` integer null, \`version\` integer not null default 1, \`updated_at\` datetime not null, \`updated_by\` text not null, constraint \`template_draft_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`template_draft_tenant_id_index\` on \`template_draft\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`template_draft_tenant_id_kind_key_unique\` on \`template_draft\` (\`tenant_id\`, \`kind\`, \`key\`);`);
  }

}
