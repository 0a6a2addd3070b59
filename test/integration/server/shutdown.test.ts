import { describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { Database } from '../../../src/db/database';
import { appEntities } from '../../../src/entities';
import { CreateComplaintDocument } from '../../__generated__/graphql';
import { createInput } from '../../fixtures/complaints';
import { startTestServer } from '../../fixtures/test-server';

describe('graceful shutdown', () => {
  it('finishes the writes in flight when it stops, and every acknowledged one is stored', async () => {
    const server = await startTestServer();
    // Stop as soon as the first answer is back, the rest still in flight (a fixed sleep raced a busy machine:
    // with nothing answered yet, the test proved nothing and failed).
    let firstAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (firstAnswered = resolve));
    const requests = Array.from({ length: 40 }, () =>
      server.request(CreateComplaintDocument, { input: createInput() }).then(
        (result) => (firstAnswered(), result),
        (error: Error) => (firstAnswered(), error),
      ),
    );
    await answered;
    // Stop without dropping the database, so what was stored can be counted afterwards.
    const stopped = server.app.stop();
    const results = await Promise.all(requests);
    await stopped;
    const acknowledged = results.filter((r) => !(r instanceof Error) && r.data?.createComplaint.__typename === 'Complaint');
    const failedInside = results.filter((r) => !(r instanceof Error) && r.errors);
    expect(failedInside).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);

    const db = await Database.connect(server.config.database, appEntities);
    try {
      const stored = await db.forTenant(server.tenantId).count(Complaint);
      expect(stored).toBe(acknowledged.length);
    } finally {
      await db.close();
      await server.db.drop();
    }
  });
});
