import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { fromGlobalId } from '../../../src/shared/graphql/global-id';
import { SlaClock } from '../../../src/sla/sla-clock.entity';
import { ComplaintFact } from '../../../src/stats/complaint-fact.entity';
import { InvestigationFact } from '../../../src/stats/investigation-fact.entity';
import {
  CloseInvestigationDocument,
  ComplaintDocument,
  ConfirmDefectiveQuantityDocument,
  InvestigationDocument,
  OpenInvestigationDocument,
  ParetoDocument,
  AddCostItemDocument,
  VoidCostItemDocument,
  PpmDocument,
  RecordEffectivenessResultDocument,
  ScheduleEffectivenessCheckDocument,
  StageTwoStatsDocument,
  type StageTwoGroupFieldsFragment,
  type StatsDimension,
  UpdateComplaintDocument,
} from '../../__generated__/graphql';
import { completeEightD, createCrew, investigationStep, type InvestigationView, type Member } from '../../fixtures/investigations';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';
import { withoutSignatures } from '../../fixtures/signatures';
import { seedAll, seedComplaint } from './stats-seed';
import { editAndPublish } from '../../fixtures/templates';
import { storedAndRecomputedRollup } from '../../fixtures/rollup';

/**
 * Stage 2, repeats and confirmed defects on the data set of stats-seed.ts (Asia/Shanghai). After the seed,
 * four investigations, all opened in December (local):
 * - I1 on D, opened 2026-12-02 10:00 local, closed by a passed check 240 h later (60 working-day closure clock: on time);
 * - I2 on B, opened 2026-12-03, left open: B is closed in stage 1 while its stage 2 is still open;
 * - I3 on F, opened 2026-12-04, cancelled an hour later;
 * - I4 on C, opened 2026-12-05, closed 150 days later (the closure clock was due before: late).
 * Repeats (same product and category): F (P2, machining) was received exactly 2 days after C.
 */
let server: TestServer;
const clock = new ManualClock('2026-10-31T17:00:00Z');
let refs: Awaited<ReturnType<typeof seedAll>>;
let crew: Awaited<ReturnType<typeof createCrew>>;
const HOUR = 3_600_000;
const opened: Record<'I1' | 'I2' | 'I3' | 'I4', InvestigationView> = {} as never;

async function openOn(complaintId: string, at: string, by: Member): Promise<InvestigationView> {
  clock.set(new Date(at));
  return investigationStep(
    server.query(OpenInvestigationDocument, { input: { title: '孔位偏移 hole offset', complaintIds: [complaintId], leaderId: crew.manager.id, championId: crew.director.id, reason: '8D' } }, by.key),
  );
}

async function closeByCheck(inv: InvestigationView, at: Date): Promise<void> {
  await completeEightD(server, inv.id, { key: ADMIN_KEY, id: 'admin' });
  const { investigation } = await server.query(InvestigationDocument, { id: inv.id });
  clock.set(at);
  const scheduled = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: investigation.version, scheduledFor: at.toISOString().slice(0, 10), criteria: '零缺陷 zero defects' } }, crew.manager.key));
  await investigationStep(server.query(RecordEffectivenessResultDocument, { input: { id: inv.id, version: scheduled.version, passed: true, evidence: '零缺陷 no defect' } }, crew.manager.key));
}

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  // Keys act here; signing is tested in test/integration/signatures.
  await withoutSignatures(server);
  refs = await seedAll(server, clock);
  crew = await createCrew(server);
  opened.I1 = await openOn(refs.D.id, '2026-12-02T02:00:00Z', crew.engineer);
  await closeByCheck(opened.I1, new Date(Date.parse('2026-12-02T02:00:00Z') + 240 * HOUR));
  opened.I2 = await openOn(refs.B.id, '2026-12-03T02:00:00Z', crew.engineer);
  opened.I3 = await openOn(refs.F.id, '2026-12-04T02:00:00Z', crew.engineer);
  clock.set(new Date('2026-12-04T03:00:00Z'));
  await investigationStep(server.query(CloseInvestigationDocument, { input: { id: opened.I3.id, version: opened.I3.version, reason: '重复 duplicate of I1' } }, crew.manager.key));
  opened.I4 = await openOn(refs.C.id, '2026-12-05T02:00:00Z', crew.engineer);
  await closeByCheck(opened.I4, new Date(Date.parse('2026-12-05T02:00:00Z') + 150 * 24 * HOUR));
}, 240_000);
afterAll(() => server?.stop());

const stats = async (variables: { filter?: unknown; groupBy?: StatsDimension[]; repeatWindowDays?: number }) => {
  const { complaintStats } = await server.query(StageTwoStatsDocument, variables as never);
  if (complaintStats.__typename !== 'ComplaintStats') throw new Error(JSON.stringify(complaintStats));
  return complaintStats;
};

type StageTwo = StageTwoGroupFieldsFragment['stageTwo'];
function stageTwo(g: { opened: number; open: number; cancelled: number; cycle: number[]; onTime: [number, number] }): StageTwo {
  const sorted = [...g.cycle].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? null;
  return {
    openedCount: g.opened,
    openCount: g.open,
    cancelledCount: g.cancelled,
    closedCount: g.cycle.length,
    cycleTime: { count: g.cycle.length, medianHours: rank(50), p90Hours: rank(90), meanHours: g.cycle.length ? g.cycle.reduce((a, b) => a + b, 0) / g.cycle.length : null },
    timedCount: g.onTime[1],
    onTimeCount: g.onTime[0],
    onTimeRate: g.onTime[1] ? g.onTime[0] / g.onTime[1] : null,
  };
}
const NO_STAGE_TWO = stageTwo({ opened: 0, open: 0, cancelled: 0, cycle: [], onTime: [0, 0] });
const local = (id: string) => fromGlobalId(id)!.localId;

describe(`stage-2 statistics, repeats and confirmed defects (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it("records each investigation's facts, with the on-time verdict of its closure clock", async () => {
    const fact = (name: keyof typeof opened) => server.stored().findOneOrFail(InvestigationFact, { investigationId: local(opened[name].id) });
    expect(await fact('I1')).toMatchObject({ status: 'CLOSED', openedDay: '2026-12-02', openedMonth: '2026-12', openedWeek: '2026-W49', cycleSeconds: 240 * 3600, closureOnTime: true, category: 'machining', productKey: 'P1', customerKey: 'C2', typeKey: 'product-quality' });
    expect(await fact('I2')).toMatchObject({ status: 'OPEN', closedAt: null, cycleSeconds: null, closureOnTime: null, category: 'material', customerKey: 'C1' });
    expect(await fact('I3')).toMatchObject({ status: 'CANCELLED', closedAt: expect.any(Date), cycleSeconds: null, closureOnTime: null });
    expect(await fact('I4')).toMatchObject({ status: 'CLOSED', cycleSeconds: 150 * 24 * 3600, closureOnTime: false, productKey: 'P2' });
    // The verdicts are those of the stored SLA clocks.
    const closure = (name: keyof typeof opened) => server.stored().findOneOrFail(SlaClock, { subjectId: local(opened[name].id), name: 'closure' });
    expect(await closure('I1')).toMatchObject({ metAt: expect.any(Date), breachedAt: null });
    expect(await closure('I4')).toMatchObject({ metAt: expect.any(Date), breachedAt: expect.any(Date) });
  });

  it('reports stage 2 apart from stage 1: a complaint closed in stage 1 whose investigation is still open counts in both', async () => {
    const all = await stats({});
    expect(all.total.count).toBe(6);
    expect(all.total.stageOne.closedCount).toBe(4);
    expect(all.total.stageTwo).toEqual(stageTwo({ opened: 4, open: 1, cancelled: 1, cycle: [240, 3600], onTime: [1, 2] }));

    const byMonth = await stats({ groupBy: ['MONTH'] });
    expect(byMonth.groups.map((g) => [g.key[0].value, g.count, g.stageTwo.openedCount])).toEqual([
      ['2026-11', 5, 0],
      ['2026-12', 1, 4],
    ]);
    expect(byMonth.groups[0].stageTwo).toEqual(NO_STAGE_TWO);

    const byCategory = await stats({ groupBy: ['CATEGORY'] });
    expect(byCategory.groups.map((g) => [g.key[0].value, g.count, g.stageTwo])).toEqual([
      ['machining', 3, stageTwo({ opened: 3, open: 0, cancelled: 1, cycle: [240, 3600], onTime: [1, 2] })],
      ['material', 1, stageTwo({ opened: 1, open: 1, cancelled: 0, cycle: [], onTime: [0, 0] })],
      [null, 2, NO_STAGE_TWO],
    ]);

    // The date range picks investigations by their local day of opening: none in November.
    const november = await stats({ filter: { dateRange: { from: '2026-11-01', to: '2026-11-30' } } });
    expect(november.total.count).toBe(5);
    expect(november.total.stageTwo).toEqual(NO_STAGE_TWO);
    // A group with investigations and no complaints.
    const december = await stats({ filter: { dateRange: { from: '2026-12-02', to: '2026-12-31' } }, groupBy: ['CUSTOMER'] });
    expect(december.total).toMatchObject({ count: 0, stageOne: { closedCount: 0 }, stageTwo: { openedCount: 4 } });
    expect(december.groups.map((g) => [g.key[0].value, g.count, g.stageTwo.openedCount])).toEqual([
      ['C1', 0, 2],
      ['C2', 0, 2],
    ]);
  });

  it('counts repeats (same product and category) within the window, the earlier one possibly outside the filter', async () => {
    const window = async (days: number, filter?: unknown) => (await stats({ repeatWindowDays: days, filter })).total;
    expect(await window(1)).toMatchObject({ repeatCount: 0, repeatRate: 0 });
    expect(await window(2)).toMatchObject({ repeatCount: 1, repeatRate: 1 / 6 });
    expect((await stats({})).repeatWindowDays).toBe(90);
    // F alone in the range: C, before the range, still makes it a repeat.
    expect(await window(2, { dateRange: { from: '2026-11-04', to: '2026-11-06' } })).toMatchObject({ count: 1, repeatCount: 1, repeatRate: 1 });
  });

  it('keeps repeats right when a complaint moves to another product', async () => {
    const { complaint } = await server.query(ComplaintDocument, { id: refs.F.id });
    const moved = await server.query(UpdateComplaintDocument, { input: { id: refs.F.id, version: complaint!.version, data: { ...complaint!.data, product: { ...(complaint!.data.product as object), partNumber: 'P1' } } } });
    expect(moved.updateComplaint.__typename).toBe('Complaint');
    const gap = async (name: 'C' | 'D' | 'F') => (await server.stored().findOneOrFail(ComplaintFact, { complaintId: local(refs[name].id) })).repeatGapSeconds;
    // F (P1, machining, 11-05) now comes before D (P1, machining, 11-30 17:00Z); C has none before it.
    expect(await gap('F')).toBeNull();
    expect(await gap('C')).toBeNull();
    const dAfterF = (Date.parse('2026-11-30T17:00:00Z') - Date.parse('2026-11-05T02:00:00Z')) / 1000;
    expect(await gap('D')).toBe(dAfterF);
    expect((await stats({ repeatWindowDays: 25 })).total.repeatCount).toBe(0);
    expect((await stats({ repeatWindowDays: 26 })).total.repeatCount).toBe(1);
    const back = await server.query(UpdateComplaintDocument, { input: { id: refs.F.id, version: complaint!.version + 1, data: complaint!.data } });
    expect(back.updateComplaint.__typename).toBe('Complaint');
    expect(await gap('F')).toBe(2 * 86_400);
    expect(await gap('D')).toBeNull();
  });

  it('refuses a repeat window out of range', async () => {
    for (const days of [0, 3651]) {
      const { complaintStats } = await server.query(StageTwoStatsDocument, { repeatWindowDays: days });
      expect(complaintStats).toEqual({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/repeatWindowDays', code: 'RANGE' }] });
    }
  });

  it('records confirmed defective quantities, which PPM can count instead of the claimed ones', async () => {
    const ppm = async () => {
      const { ppm: r } = await server.query(PpmDocument, { numerator: 'CONFIRMED', filter: { products: ['P1'], dateRange: { from: '2026-11-01', to: '2026-11-30' } } });
      if (r.__typename !== 'PpmReport') throw new Error(JSON.stringify(r));
      return r.total;
    };
    expect(await ppm()).toMatchObject({ defectiveQuantity: 0 });
    const { complaint: b } = await server.query(ComplaintDocument, { id: refs.B.id });
    const events = async () => server.stored().count(DomainEvent, { type: 'complaint.defects_confirmed' });

    const refusals: Array<[unknown, string, unknown]> = [
      [{ id: refs.B.id, version: b!.version, quantity: -1 }, crew.manager.key, { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/input/quantity', code: 'RANGE' }] }],
      [{ id: refs.B.id, version: b!.version - 1, quantity: 5 }, crew.manager.key, { __typename: 'ConflictError', code: 'CONFLICT', currentVersion: b!.version }],
    ];
    for (const [input, key, expected] of refusals) {
      const { confirmDefectiveQuantity } = await server.query(ConfirmDefectiveQuantityDocument, { input: input as never }, key);
      expect(confirmDefectiveQuantity).toEqual(expected);
    }
    const forbidden = await server.request(ConfirmDefectiveQuantityDocument, { input: { id: refs.B.id, version: b!.version, quantity: 5 } }, { key: crew.outsider.key });
    expect(forbidden.errors?.[0]).toMatchObject({ path: ['confirmDefectiveQuantity'], extensions: { code: 'FORBIDDEN' } });
    expect(await events()).toBe(0);

    const { confirmDefectiveQuantity: done } = await server.query(ConfirmDefectiveQuantityDocument, { input: { id: refs.B.id, version: b!.version, quantity: 12, note: '退回 50 件, 挑出 12 件不良 12 of 50 returned parts defective' } }, crew.manager.key);
    expect(done).toMatchObject({ __typename: 'Complaint', version: b!.version + 1, confirmedDefectiveQuantity: 12, record: { defects: { confirmed: 12, by: crew.manager.id } } });
    expect(await ppm()).toMatchObject({ defectiveQuantity: 12, shippedQuantity: 10_000, ppm: 1200 });
    expect((await server.stored().findOneOrFail(ComplaintFact, { complaintId: local(refs.B.id) })).defectiveConfirmed).toBe(12);
    const stored = await server.stored().findOneOrFail(DomainEvent, { type: 'complaint.defects_confirmed' });
    expect(stored).toMatchObject({ subjectId: local(refs.B.id), data: { before: { defects: null }, after: { defects: { confirmed: 12 } } } });
  });

  it('gives earlier complaints and investigations their facts when the server starts', async () => {
    const before = await stats({ groupBy: ['CATEGORY'] });
    await server.stored().nativeDelete(InvestigationFact, {});
    await server.stored().nativeDelete(ComplaintFact, {});
    await server.restart();
    expect(await stats({ groupBy: ['CATEGORY'] })).toEqual(before);
  });

  it('ranks categories by cost: items not voided, foreign currency converted, in the base currency (CNY)', async () => {
    const add = async (name: 'A' | 'B' | 'C' | 'D' | 'F', input: Record<string, string>) => {
      const { addCostItem } = await server.query(AddCostItemDocument, { input: { subjectId: refs[name].id, ...input } as never });
      if (addCostItem.__typename !== 'CostItem') throw new Error(JSON.stringify(addCostItem));
      return addCostItem.id;
    };
    await add('A', { kind: 'freight', amount: '50' });
    await add('B', { kind: 'compensation', amount: '1000.50' });
    await add('C', { kind: 'freight', amount: '200' });
    const wrong = await add('C', { kind: 'scrap', amount: '999' });
    const { voidCostItem } = await server.query(VoidCostItemDocument, { input: { id: wrong, reason: '重复录入 entered twice' } });
    expect(voidCostItem.__typename).toBe('CostItem');
    await add('D', { kind: 'labor', hours: '3', rate: '80' });
    await add('F', { kind: 'sorting', amount: '100', currency: 'USD', exchangeRate: '7.1' });
    // machining C 200 + D 240 + F 710 = 1150 (3 complaints); material B 1000.50; no category: A 50 (A and E).
    const expected = {
      measure: 'COST',
      currency: 'CNY',
      total: 6,
      totalAmount: 2200.5,
      items: [
        { value: 'machining', count: 3, amount: 1150, cumulativeCount: 3, cumulativeAmount: 1150 },
        { value: 'material', count: 1, amount: 1000.5, cumulativeCount: 4, cumulativeAmount: 2150.5 },
        { value: null, count: 2, amount: 50, cumulativeCount: 6, cumulativeAmount: 2200.5 },
      ],
    };
    // Whole November and December (the rollup; D is 1 December local) and a range cut inside months (facts at the edges): the same figures.
    for (const dateRange of [{ from: '2026-11-01', to: '2026-12-31' }, { from: '2026-10-15', to: '2026-12-15' }]) {
      const { pareto } = await server.query(ParetoDocument, { dimension: 'CATEGORY', filter: { dateRange }, measure: 'COST' });
      if (pareto.__typename !== 'Pareto') throw new Error(JSON.stringify(pareto));
      expect(pareto).toMatchObject(expected);
      expect(pareto.items.map((i) => i.percentage)).toEqual([(115_000 * 100) / 220_050, (100_050 * 100) / 220_050, (5_000 * 100) / 220_050]);
    }
  });

  it("re-buckets every fact when the organization's time zone changes", async () => {
    await editAndPublish(server, 'ORGANIZATION', 'default', (org) => {
      org.calendar.timeZone = 'America/Los_Angeles';
    });
    const complaint = (name: 'A' | 'D') => server.stored().findOneOrFail(ComplaintFact, { complaintId: local(refs[name].id) }, { refresh: true });
    // A (2026-10-31T17:00Z) is 31 October 10:00 in Los Angeles; D (2026-11-30T17:00Z) 30 November 09:00.
    expect(await complaint('A')).toMatchObject({ receivedDay: '2026-10-31', receivedMonth: '2026-10', receivedWeek: '2026-W44' });
    expect(await complaint('D')).toMatchObject({ receivedDay: '2026-11-30', receivedMonth: '2026-11', receivedWeek: '2026-W49' });
    // I1 (2026-12-02T02:00Z) was opened on 1 December in Los Angeles.
    const i1 = await server.stored().findOneOrFail(InvestigationFact, { investigationId: local(opened.I1.id) }, { refresh: true });
    expect(i1).toMatchObject({ openedDay: '2026-12-01', openedMonth: '2026-12', openedWeek: '2026-W49' });
    const byMonth = await stats({ groupBy: ['MONTH'] });
    expect(byMonth.groups.map((g) => [g.key[0].value, g.count, g.stageTwo.openedCount])).toEqual([
      ['2026-10', 1, 0],
      ['2026-11', 5, 0],
      ['2026-12', 0, 4],
    ]);
    // New facts are bucketed in the new zone too.
    const c = await seedComplaint(server, clock, { received: '2027-01-01T05:00:00Z', product: 'P5', customer: 'C5', quantity: 1 });
    expect(await server.stored().findOneOrFail(ComplaintFact, { complaintId: local(c.id) })).toMatchObject({ receivedDay: '2026-12-31', receivedMonth: '2026-12' });
  });

  it('kept the monthly rollup equal to a fresh sum of the facts through all of the above (edits, moves, deletes, restarts, a new zone)', async () => {
    const { stored, recomputed, histogram } = await storedAndRecomputedRollup(server.stored());
    expect(stored.map((r) => r.received_month)).toContain('2026-12');
    expect(stored).toEqual(recomputed);
    expect(histogram.stored.length).toBeGreaterThan(0);
    expect(histogram.stored).toEqual(histogram.recomputed);
  });
});
