import { Migration } from '@mikro-orm/migrations';

export class Migration20261123193959_ClosingEvaluation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`closing_evaluation\` (\`id\` text not null, \`tenant_id\` text not null, \`subject_type\` text not null, \`subject_id\` text not null, \`went_well\` text not null, \`went_wrong\` text not null, \`lessons_learned\` text not null, \`prevention\` json not null, \`prevention_kinds\` text not null, \`training_example\` integer not null, \`product\` text null, \`category\` text null, \`search_text\` text not null, \`created_at\` datetime not null, \`created_by\` text not null, \`updated_at\` datetime not null, \`updated_by\` text not null, \`version\` integer not null default 1, constraint \`closing_evaluation_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`closing_evaluation_tenant_id_index\` on \`closing_evaluation\` (\`tenant_id\`);`);
    this.addSql(`create index \`closing_evaluation_tenant_id_training_example_index\` on \`closing_evaluation\` (\`tenant_id\`, \`training_example\`);`);
    this.addSql(`create index \`closing_evaluation_tenant_id_category_index\` on \`closing_evaluation\` (\`tenant_id\`, \`category\`);`);
    this.addSql(`create index \`closing_evaluation_tenant_id_product_index\` on \`closing_evaluation\` (\`tenant_id\`, \`product\`);`);
    this.addSql(`create index \`closing_evaluation_tenant_id_updated_at_id_index\` on \`closing_evaluation\` (\`tenant_id\`, \`updated_at\`, \`id\`);`);
    this.addSql(`create unique index \`closing_evaluation_tenant_id_subject_type_subject_id_unique\` on \`closing_evaluation\` (\`tenant_id\`, \`subject_type\`, \`subject_id\`);`);
  }

}
