import { Migration } from '@mikro-orm/migrations';

/**
 * Tenants are provisioned (seed source, seeded, disabled) and operators hold their own credential. Tenants that exist
 * already were seeded by earlier starts: marked seeded, so an upgrade never publishes the shipped set again.
 */
export class Migration20261207160000_Tenants extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`operator_key\` (\`id\` text not null, \`name\` text not null, \`prefix\` text not null, \`key_hash\` text not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create unique index \`operator_key_key_hash_unique\` on \`operator_key\` (\`key_hash\`);`);

    this.addSql(`alter table \`tenant\` add column \`seed_source\` text null;`);
    this.addSql(`alter table \`tenant\` add column \`seeded_at\` datetime null;`);
    this.addSql(`alter table \`tenant\` add column \`disabled_at\` datetime null;`);
    this.addSql(`alter table \`tenant\` add column \`disabled_reason\` text null;`);
    this.addSql(`update \`tenant\` set \`seed_source\` = 'shipped', \`seeded_at\` = \`created_at\`;`);
  }

}
