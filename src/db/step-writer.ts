import { AbortWrite, type Database, type WriteScope } from './database';
import type { StepWriter } from '../shared/step-kernel/step-kernel';
import { appendEvent } from './event-log';

/**
 * Steps write through the database's write (one transaction, SQLite writes committed in groups) and append
 * their event to the tenant's chain. `commit` is the one call a step's changes go through: the place a
 * later change can collect a group's rows and events and flush them together.
 */
export function stepWriter(db: Database): StepWriter<WriteScope> {
  return {
    write: (tenantId, fn) => db.write(tenantId, fn),
    refuse: (result) => new AbortWrite(result),
    async commit(scope, { settle, events }) {
      await scope.em.flush();
      await settle?.(scope);
      for (const event of events) await appendEvent(scope, event);
    },
  };
}
