import { Migration } from '@mikro-orm/migrations';

/**
 * Where each template version came from. Earlier versions: published by `system` or from a file (the event's
 * `source` names the file) are the shipped set; from an import (`source: "import"`) IMPORT; the rest ADMIN.
 */
export class Migration20261207161000_TemplateSource extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "template_version" add column "source" varchar(16) not null default 'ADMIN';`);
    this.addSql(`update "template_version" v set "source" = 'IMPORT' where exists (select 1 from "event" e where e."tenant_id" = v."tenant_id" and e."subject_id" = v."id" and e."type" = 'template.published' and e."data"->>'source' = 'import');`);
    this.addSql(`update "template_version" v set "source" = 'SHIPPED' where v."published_by" = 'system' or exists (select 1 from "event" e where e."tenant_id" = v."tenant_id" and e."subject_id" = v."id" and e."type" = 'template.published' and e."data"->>'source' <> 'import');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "template_version" drop column "source";`);
  }

}
