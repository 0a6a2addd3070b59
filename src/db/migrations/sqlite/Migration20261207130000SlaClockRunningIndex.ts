import { Migration } from '@mikro-orm/migrations';

/** A met SLA clock keeps its deadline: overdue and due-before scans walk (tenant, met_at, due_at) so they skip met clocks. */
export class Migration20261207130000_SlaClockRunningIndex extends Migration {

  override async up(): Promise<void> {
    this.addSql('drop index `sla_clock_tenant_id_due_at_index`;');
    this.addSql('create index `sla_clock_tenant_id_met_at_due_at_index` on `sla_clock` (`tenant_id`, `met_at`, `due_at`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index `sla_clock_tenant_id_met_at_due_at_index`;');
    this.addSql('create index `sla_clock_tenant_id_due_at_index` on `sla_clock` (`tenant_id`, `due_at`);');
  }

}
