import { Migration } from '@mikro-orm/migrations';

/**
 * Where each template version came from. Earlier versions: published by `system` or from a file (the event's
 * `source` names the file) are the shipped set; from an import (`source: "import"`) IMPORT; the rest ADMIN.
 */
export class Migration20261207161000_TemplateSource extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`template_version\` add column \`source\` text not null default 'ADMIN';`);
    this.addSql(`update \`template_version\` set \`source\` = 'IMPORT' where exists (select 1 from \`event\` e where e.\`tenant_id\` = \`template_version\`.\`tenant_id\` and e.\`subject_id\` = \`template_version\`.\`id\` and e.\`type\` = 'template.published' and json_extract(e.\`data\`, '$.source') = 'import');`);
    this.addSql(`update \`template_version\` set \`source\` = 'SHIPPED' where \`published_by\` = 'system' or exists (select 1 from \`event\` e where e.\`tenant_id\` = \`template_version\`.\`tenant_id\` and e.\`subject_id\` = \`template_version\`.\`id\` and e.\`type\` = 'template.published' and json_extract(e.\`data\`, '$.source') is not null and json_extract(e.\`data\`, '$.source') <> 'import');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`template_version\` drop column \`source\`;`);
  }

}
