import { Migration } from '@mikro-orm/migrations';

export class Migration20261123170539_Users extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`auth_secret\` (\`name\` text not null, \`value\` text not null, \`created_at\` datetime not null, primary key (\`name\`));`);

    this.addSql(`create table \`login_throttle\` (\`tenant_slug\` text not null, \`username\` text not null, \`failures\` integer not null, \`locked_until_ms\` bigint null, \`updated_at_ms\` bigint not null, primary key (\`tenant_slug\`, \`username\`));`);

    this.addSql(`create table \`auth_session\` (\`id\` text not null, \`tenant_id\` text not null, \`user_id\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, \`revoked_reason\` text null, constraint \`auth_session_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`auth_session_tenant_id_index\` on \`auth_session\` (\`tenant_id\`);`);
    this.addSql(`create index \`auth_session_user_id_index\` on \`auth_session\` (\`user_id\`);`);

    this.addSql(`create table \`refresh_token\` (\`token_hash\` text not null, \`tenant_id\` text not null, \`session_id\` text not null, \`issued_at\` datetime not null, \`used_at\` datetime null, constraint \`refresh_token_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete cascade on update cascade, primary key (\`token_hash\`));`);
    this.addSql(`create index \`refresh_token_tenant_id_index\` on \`refresh_token\` (\`tenant_id\`);`);
    this.addSql(`create index \`refresh_token_session_id_index\` on \`refresh_token\` (\`session_id\`);`);

    this.addSql(`create table \`app_user\` (\`id\` text not null, \`tenant_id\` text not null, \`username\` text not null, \`display_name\` text not null, \`password_hash\` text not null, \`roles\` json not null, \`departments\` json not null, \`level\` text null, \`disabled_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`last_login_at\` datetime null, constraint \`app_user_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`app_user_tenant_id_index\` on \`app_user\` (\`tenant_id\`);`);
    this.addSql(`create unique index \`app_user_tenant_id_username_unique\` on \`app_user\` (\`tenant_id\`, \`username\`);`);

    this.addSql(`alter table \`api_key\` add column \`last_used_at\` datetime null;`);
  }

}
