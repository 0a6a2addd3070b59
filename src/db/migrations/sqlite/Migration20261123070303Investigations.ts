import { Migration } from '@mikro-orm/migrations';

export class Migration20261123070303_Investigations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`investigation_link\` (\`id\` text not null, \`tenant_id\` text not null, \`investigation_id\` text not null, \`complaint_id\` text not null, \`linked_by\` text not null, \`linked_at\` datetime not null, \`reason\` text not null, \`unlinked_at\` datetime null, \`unlinked_by\` text null, \`unlink_reason\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`investigation_link_investigation_id_index\` on \`investigation_link\` (\`investigation_id\`);`);
    this.addSql(`create index \`investigation_link_tenant_id_complaint_id_index\` on \`investigation_link\` (\`tenant_id\`, \`complaint_id\`);`);

    this.addSql(`create table \`investigation_section\` (\`id\` text not null, \`tenant_id\` text not null, \`investigation_id\` text not null, \`key\` text not null, \`status\` text not null, \`draft\` json null, \`draft_problems\` json not null, \`data\` json null, \`submitted_by\` text null, \`submitted_at\` datetime null, \`sign_offs\` json not null, \`reopenings\` json not null, \`updated_at\` datetime not null, \`version\` integer not null default 1, primary key (\`id\`));`);
    this.addSql(`create unique index \`investigation_section_investigation_id_key_unique\` on \`investigation_section\` (\`investigation_id\`, \`key\`);`);

    this.addSql(`create table \`investigation\` (\`id\` text not null, \`tenant_id\` text not null, \`number\` text not null, \`title\` text not null, \`template_key\` text not null, \`template_version\` integer not null, \`status\` text not null, \`severity\` text null, \`department\` text null, \`part_number\` text null, \`category\` text null, \`leader_level\` text not null, \`leader_id\` text null, \`champion_id\` text null, \`team\` json not null, \`effectiveness\` json null, \`history\` json not null, \`closure\` json null, \`opened_by\` text not null, \`closed_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1, constraint \`investigation_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`investigation_tenant_id_index\` on \`investigation\` (\`tenant_id\`);`);
    this.addSql(`create index \`investigation_tenant_id_created_at_index\` on \`investigation\` (\`tenant_id\`, \`created_at\`);`);
    this.addSql(`create index \`investigation_tenant_id_status_index\` on \`investigation\` (\`tenant_id\`, \`status\`);`);
    this.addSql(`create unique index \`investigation_tenant_id_number_unique\` on \`investigation\` (\`tenant_id\`, \`number\`);`);
  }

}
