import { Migration } from '@mikro-orm/migrations';

/** Lists ordered by creation time walk (tenant, created_at, id): the id tie-break was a sort over every row of the tenant. */
export class Migration20261207060000_ListOrderIndexes extends Migration {

  override async up(): Promise<void> {
    for (const table of ['complaint', 'investigation']) {
      this.addSql('drop index `' + table + '_tenant_id_created_at_index`;');
      this.addSql('create index `' + table + '_tenant_id_created_at_id_index` on `' + table + '` (`tenant_id`, `created_at`, `id`);');
    }
  }

  override async down(): Promise<void> {
    for (const table of ['complaint', 'investigation']) {
      this.addSql('drop index `' + table + '_tenant_id_created_at_id_index`;');
      this.addSql('create index `' + table + '_tenant_id_created_at_index` on `' + table + '` (`tenant_id`, `created_at`);');
    }
  }

}
