import { Migration } from '@mikro-orm/migrations';

export class Migration20261123193025_Accountability extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`consequence\` (\`id\` text not null, \`tenant_id\` text not null, \`complaint_id\` text not null, \`decision_id\` text not null, \`decision_revision\` integer not null, \`party_index\` integer not null, \`department\` text not null, \`user_id\` text null, \`person_name\` text null, \`target_key\` text not null, \`rule_key\` text not null, \`kind\` text not null, \`unit\` text not null, \`amount\` text null, \`share_bp\` integer not null, \`status\` text not null, \`approval_route\` text null, \`approval_route_version\` integer null, \`steps\` json not null, \`current_step\` integer not null default 0, \`appeal\` json null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1, primary key (\`id\`));`);
    this.addSql(`create index \`consequence_tenant_id_target_key_index\` on \`consequence\` (\`tenant_id\`, \`target_key\`);`);
    this.addSql(`create index \`consequence_tenant_id_complaint_id_index\` on \`consequence\` (\`tenant_id\`, \`complaint_id\`);`);

    this.addSql(`create table \`late_holding\` (\`id\` text not null, \`tenant_id\` text not null, \`subject_type\` text not null, \`subject_id\` text not null, \`clock_id\` text not null, \`stage\` text not null, \`clock_name\` text not null, \`holder_kind\` text not null, \`holder_id\` text null, \`holder_name\` text null, \`holder_roles\` json not null, \`since\` datetime not null, \`until\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`late_holding_tenant_id_subject_id_index\` on \`late_holding\` (\`tenant_id\`, \`subject_id\`);`);

    this.addSql(`create table \`responsibility_decision\` (\`id\` text not null, \`tenant_id\` text not null, \`complaint_id\` text not null, \`basis\` text not null, \`investigation_id\` text null, \`parties\` json not null, \`evidence\` text not null, \`decided_by\` text not null, \`decided_by_name\` text not null, \`decided_at\` datetime not null, \`revision\` integer not null default 1, \`revision_reason\` text null, \`history\` json not null, \`version\` integer not null default 1, primary key (\`id\`));`);
    this.addSql(`create unique index \`responsibility_decision_tenant_id_complaint_id_unique\` on \`responsibility_decision\` (\`tenant_id\`, \`complaint_id\`);`);
  }

}
