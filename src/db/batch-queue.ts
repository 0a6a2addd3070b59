/**
 * Collects jobs while a batch runs and hands them over together when it finishes (group commit): SQLite
 * has one writer, so queueing in-process means a transaction never waits on the file lock (no SQLITE_BUSY),
 * and one commit serves every write that arrived meanwhile.
 */
export class BatchQueue<J> {
  private pending: J[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly execute: (batch: J[]) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  push(job: J): void {
    this.pending.push(job);
    this.running ??= this.loop();
  }

  private async loop(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.maxBatch);
      // execute settles every job itself; a throw here would be a bug, and must not stop the queue.
      // tenant-scope: reviewed — not a database call: the queue's own batch runner
      await this.execute(batch).catch(() => undefined);
    }
    this.running = null;
  }

  /** Resolves once everything queued so far has run. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }
}
