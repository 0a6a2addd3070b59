import { Migration } from '@mikro-orm/migrations';

export class Migration20261123194005_ClosingEvaluation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "closing_evaluation" ("id" uuid not null, "tenant_id" uuid not null, "subject_type" varchar(20) not null, "subject_id" uuid not null, "went_well" text not null, "went_wrong" text not null, "lessons_learned" text not null, "prevention" jsonb not null, "prevention_kinds" varchar(1000) not null, "training_example" boolean not null, "product" varchar(200) null, "category" varchar(100) null, "search_text" text not null, "created_at" timestamptz not null, "created_by" varchar(64) not null, "updated_at" timestamptz not null, "updated_by" varchar(64) not null, "version" int not null default 1, constraint "closing_evaluation_pkey" primary key ("id"));`);
    this.addSql(`create index "closing_evaluation_tenant_id_training_example_index" on "closing_evaluation" ("tenant_id", "training_example");`);
    this.addSql(`create index "closing_evaluation_tenant_id_category_index" on "closing_evaluation" ("tenant_id", "category");`);
    this.addSql(`create index "closing_evaluation_tenant_id_product_index" on "closing_evaluation" ("tenant_id", "product");`);
    this.addSql(`create index "closing_evaluation_tenant_id_updated_at_id_index" on "closing_evaluation" ("tenant_id", "updated_at", "id");`);
    this.addSql(`alter table "closing_evaluation" add constraint "closing_evaluation_tenant_id_subject_type_subject_id_unique" unique ("tenant_id", "subject_type", "subject_id");`);

    this.addSql(`alter table "closing_evaluation" add constraint "closing_evaluation_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update restrict on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "closing_evaluation" cascade;`);
  }

}
