import { Migration } from '@mikro-orm/migrations';

/** Change control: a version's reason, diff summary and publication signature; retired templates. Older versions get their diff summary computed on read. */
export class Migration20261207162000_TemplateChangeControl extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`template_retirement\` (\`id\` text not null, \`tenant_id\` text not null, \`kind\` text not null, \`key\` text not null, \`retired_at\` datetime not null, \`retired_by\` text not null, \`reason\` text not null, constraint \`template_retirement_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`template_retirement_tenant_id_index\` on \`template_retirement\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`template_retirement_tenant_id_kind_key_unique\` on \`template_retirement\` (\`tenant_id\`, \`kind\`, \`key\`);`);
    this.addSql(`alter table \`template_version\` add column \`reason\` text null;`);
    this.addSql(`alter table \`template_version\` add column \`diff_summary\` json null;`);
    this.addSql(`alter table \`template_version\` add column \`signature\` json null;`);
  }

}
