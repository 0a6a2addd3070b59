import { Migration } from '@mikro-orm/migrations';

/** The audit trail is append-only (21 CFR Part 11 11.10(e)): the database itself refuses to change or remove an event. */
export class Migration20261123041144EventAppendOnly extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create trigger event_no_update before update on event begin select raise(abort, 'event is append-only: update refused'); end;`);
    this.addSql(`create trigger event_no_delete before delete on event begin select raise(abort, 'event is append-only: delete refused'); end;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists event_no_update;');
    this.addSql('drop trigger if exists event_no_delete;');
  }
}
