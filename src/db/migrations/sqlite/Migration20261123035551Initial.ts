import { Migration } from '@mikro-orm/migrations';

export class Migration20261123035551_Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`counter\` (\`tenant_id\` text not null, \`name\` text not null, \`value\` integer not null, primary key (\`tenant_id\`, \`name\`));`);

    this.addSql(`create table \`idempotency_key\` (\`tenant_id\` text not null, \`key\` text not null, \`operation\` text not null, \`request_hash\` text not null, \`result_id\` text not null, \`created_at\` datetime not null, primary key (\`tenant_id\`, \`key\`));`);

    this.addSql(`create table \`tenant\` (\`id\` text not null, \`slug\` text not null, \`name\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`tenant_slug_unique\` on \`tenant\` (\`slug\`);`);

    this.addSql(`create table \`template_version\` (\`id\` text not null, \`tenant_id\` text not null, \`kind\` text not null, \`key\` text not null, \`version\` integer not null, \`content\` json not null, \`content_hash\` text not null, \`published_at\` datetime not null, \`published_by\` text not null, constraint \`template_version_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`template_version_tenant_id_index\` on \`template_version\` (\`tenant_id\`);`);
    this.addSql(`create index \`template_version_tenant_id_kind_key_index\` on \`template_version\` (\`tenant_id\`, \`kind\`, \`key\`);`);
    this.addSql(`create unique index \`template_version_tenant_id_kind_key_version_unique\` on \`template_version\` (\`tenant_id\`, \`kind\`, \`key\`, \`version\`);`);

    this.addSql(`create table \`event\` (\`id\` text not null, \`tenant_id\` text not null, \`sequence\` integer not null, \`type\` text not null, \`subject_type\` text not null, \`subject_id\` text not null, \`subject_number\` text null, \`actor_id\` text not null, \`actor_name\` text not null, \`occurred_at\` datetime not null, \`reason\` text null, \`data\` json not null, \`prev_hash\` text not null, \`hash\` text not null, constraint \`event_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`event_tenant_id_index\` on \`event\` (\`tenant_id\`);`);
    this.addSql(`create index \`event_tenant_id_subject_id_sequence_index\` on \`event\` (\`tenant_id\`, \`subject_id\`, \`sequence\`);`);
    this.addSql(`create unique index \`event_tenant_id_sequence_unique\` on \`event\` (\`tenant_id\`, \`sequence\`);`);

    this.addSql(`create table \`complaint\` (\`id\` text not null, \`tenant_id\` text not null, \`number\` text not null, \`type_key\` text not null, \`template_version\` integer not null, \`status\` text not null, \`data\` json not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1, \`created_by\` text not null, constraint \`complaint_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`complaint_tenant_id_index\` on \`complaint\` (\`tenant_id\`);`);
    this.addSql(`create index \`complaint_tenant_id_status_index\` on \`complaint\` (\`tenant_id\`, \`status\`);`);
    this.addSql(`create index \`complaint_tenant_id_created_at_index\` on \`complaint\` (\`tenant_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`complaint_tenant_id_number_unique\` on \`complaint\` (\`tenant_id\`, \`number\`);`);

    this.addSql(`create table \`api_key\` (\`id\` text not null, \`tenant_id\` text not null, \`name\` text not null, \`prefix\` text not null, \`key_hash\` text not null, \`roles\` json not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, constraint \`api_key_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`api_key_tenant_id_index\` on \`api_key\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`api_key_key_hash_unique\` on \`api_key\` (\`key_hash\`);`);
  }

}
