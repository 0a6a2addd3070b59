import { Migration } from '@mikro-orm/migrations';

/** The audit trail is append-only (21 CFR Part 11 11.10(e)): the database itself refuses UPDATE, DELETE and TRUNCATE of events. */
export class Migration20261123041144EventAppendOnly extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;`);
    this.addSql('create trigger event_no_update_delete before update or delete on "event" for each row execute function event_append_only();');
    this.addSql('create trigger event_no_truncate before truncate on "event" for each statement execute function event_append_only();');
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists event_no_truncate on "event";');
    this.addSql('drop trigger if exists event_no_update_delete on "event";');
    this.addSql('drop function if exists event_append_only();');
  }
}
