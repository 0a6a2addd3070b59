import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation } from '../../../src/investigations/investigation.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { localUuid } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  ComplaintInvestigationsDocument,
  CreateComplaintDocument,
  InvestigationDocument,
  RecordEffectivenessResultDocument,
  ScheduleEffectivenessCheckDocument,
  StartReviewDocument,
} from '../../__generated__/graphql';
import { createInput } from '../../fixtures/complaints';
import { completeEightD, completeSection, eightD, investigationStep, sectionVersion, type EightDSection, type InvestigationView } from '../../fixtures/investigations';
import { withoutSignatures } from '../../fixtures/signatures';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

/** The organization's days are Shanghai days: 20 January starts at 2027-01-19T16:00Z. */
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);

let server: TestServer;
const clock = new ManualClock(at('2026-12-01T09:00:00'));
const admin = { key: ADMIN_KEY, id: 'admin' };
let inv: InvestigationView;

/** A major complaint opens an 8D by the rules; it is completed and its effectiveness check scheduled for 20 January. */
beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  // Keys act here; signing is tested in test/integration/signatures.
  await withoutSignatures(server);
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  const reviewed = (await server.query(StartReviewDocument, { input: { id: createComplaint.id, version: createComplaint.version } })).startReview;
  if (reviewed.__typename !== 'Complaint') throw new Error(reviewed.__typename);
  const accepted = (await server.query(AcceptComplaintDocument, { input: { id: reviewed.id, version: reviewed.version, category: 'material', severity: 'major', severityReason: 'line stop' } })).acceptComplaint;
  if (accepted.__typename !== 'Complaint') throw new Error(JSON.stringify(accepted));
  const [opened] = (await server.query(ComplaintInvestigationsDocument, { id: createComplaint.id })).complaint.investigations;
  await completeEightD(server, opened.id, admin);
  const { investigation } = await server.query(InvestigationDocument, { id: opened.id });
  inv = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: opened.id, version: investigation.version, scheduledFor: '2027-01-20', criteria: '6 周零缺陷 zero defects for 6 weeks' } }));
});
afterAll(() => server?.stop());

const record = (input: { passed: boolean; evidence: string; reason?: string }) => server.query(RecordEffectivenessResultDocument, { input: { id: inv.id, version: inv.version, ...input } });
const stored = async () => {
  const row = await server.stored().findOneOrFail(Investigation, { id: localUuid(inv.id, 'Investigation')! }, { refresh: true });
  return { version: row.version, status: row.status, effectiveness: row.effectiveness, history: row.history, events: await server.stored().count(DomainEvent, {}) };
};
const lastEvent = async () => (await server.stored().find(DomainEvent, { subjectId: localUuid(inv.id, 'Investigation')! }, { orderBy: { sequence: 'desc' }, limit: 1 }))[0];

describe('an effectiveness result before its scheduled date', () => {
  it.each([
    { title: 'without a reason', reason: undefined },
    { title: 'with a blank reason', reason: '  ' },
  ])('is refused $title (REQUIRED at /reason) and changes nothing, the evening before in Shanghai', async ({ reason }) => {
    clock.set(at('2027-01-19T23:30:00'));
    const before = await stored();
    const { recordEffectivenessResult: refused } = await record({ passed: true, evidence: '零缺陷 no defect so far', ...(reason === undefined ? {} : { reason }) });
    expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect((refused as { problems: Array<{ path: string; code: string }> }).problems.map(({ path, code }) => ({ path, code }))).toEqual([{ path: '/reason', code: 'REQUIRED' }]);
    expect(await stored()).toEqual(before);
  });

  it('is accepted with a reason, which stays on the check and its event', async () => {
    const reason = '客户 1 月 15 日再次投诉，提前判定 the customer complained again on 15 January';
    inv = await investigationStep(record({ passed: false, evidence: '1 月 15 日 2 件孔位偏移 two offset holes on 15 January', reason }));
    expect(inv).toMatchObject({ status: 'OPEN', effectiveness: null, history: [{ result: 'failed', scheduledFor: '2027-01-20', earlyReason: reason }] });
    expect(await lastEvent()).toMatchObject({ type: 'investigation.effectiveness_failed', reason, data: { check: { result: 'failed', earlyReason: reason } } });
  });

  it('needs no reason from the scheduled day on (the plant\'s day, not UTC)', async () => {
    for (const key of ['D4', 'D5', 'D6', 'D7', 'D8'] as const satisfies readonly EightDSection[]) {
      await completeSection(server, { investigationId: inv.id, key, version: await sectionVersion(server, inv.id, key) }, eightD[key](), { owner: admin, signer: admin });
    }
    const { investigation } = await server.query(InvestigationDocument, { id: inv.id });
    inv = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: investigation.version, scheduledFor: '2027-03-01', criteria: '6 周零缺陷 zero defects for 6 more weeks' } }));
    // 00:30 on 1 March in Shanghai is still 28 February in UTC.
    clock.set(at('2027-03-01T00:30:00'));
    inv = await investigationStep(record({ passed: true, evidence: '6 周零缺陷 six weeks without a defect' }));
    expect(inv).toMatchObject({ status: 'CLOSED', effectiveness: { result: 'passed', scheduledFor: '2027-03-01', earlyReason: null } });
    expect(await lastEvent()).toMatchObject({ type: 'investigation.effectiveness_passed', reason: null });
  });
});
