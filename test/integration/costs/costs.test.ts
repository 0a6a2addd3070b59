import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostItem } from '../../../src/costs/cost-item.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { localUuid, toGlobalId } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  type AddCostItemInput,
  AddCostItemDocument,
  ComplaintCostsDocument,
  ComplaintListCostsDocument,
  CostItemNodeDocument,
  type CostItemFieldsFragment,
  CostKindsDocument,
  CreateComplaintDocument,
  InvestigationCostsDocument,
  OpenInvestigationDocument,
  StartReviewDocument,
  type TransitionFieldsFragment,
  VoidCostItemDocument,
} from '../../__generated__/graphql';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../../../src/db/event-log';
import { canonicalJson, sha256 } from '../../../src/shared/canonical-json';
import { SchemaCompiler } from '../../../src/shared/json-schema/schema-compiler';
import { loadTemplateDirectory, registerMetaSchemas } from '../../../src/templates/template-files';
import { TemplateSource } from '../../../src/templates/template-source';
import { createInput } from '../../fixtures/complaints';
import { createCrew, investigationStep } from '../../fixtures/investigations';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let crew: Awaited<ReturnType<typeof createCrew>>;

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' });
  crew = await createCrew(server);
});
afterAll(() => server?.stop());

const cny = (amount: string) => ({ amount, currency: 'CNY' });

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<{ id: string; version: number }> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return { id: value.id, version: value.version };
}

/** A product-quality complaint, reviewed and accepted (so an investigation may answer it). */
async function complaint(): Promise<string> {
  const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput() });
  if (c.__typename !== 'Complaint') throw new Error(c.__typename);
  const reviewed = await step(server.query(StartReviewDocument, { input: { id: c.id, version: c.version } }));
  await step(server.query(AcceptComplaintDocument, { input: { ...reviewed, category: 'stamping' } }));
  return c.id;
}

async function add(input: AddCostItemInput, key = crew.engineer.key): Promise<CostItemFieldsFragment & { __typename: 'CostItem' }> {
  const { addCostItem } = await server.query(AddCostItemDocument, { input }, key);
  if (addCostItem.__typename !== 'CostItem') throw new Error(`addCostItem refused: ${JSON.stringify(addCostItem)}`);
  return addCostItem;
}

const costs = async (id: string, includeVoided?: boolean) => (await server.query(ComplaintCostsDocument, { id, includeVoided })).complaint.costs;

/** complaint_fact.cost_base_minor as stored. */
async function factCost(complaintId: string): Promise<number> {
  const rows: Array<{ cost_base_minor: number | string }> = await (server.stored() as SqlEntityManager).execute('select cost_base_minor from complaint_fact where complaint_id = ?', [localUuid(complaintId, 'Complaint')]);
  return Number(rows[0].cost_base_minor);
}

const eventsOf = (subjectId: string, type: string) => server.stored().find(DomainEvent, { subjectId, type }, { orderBy: { sequence: 'asc' } });
const storedCount = async () => ({ items: await server.stored().count(CostItem, {}), events: await server.stored().count(DomainEvent, { type: { $like: '%.cost_%' } }) });

describe(`costs (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('lists the shipped cost kinds, labor as hours x rate', async () => {
    const { costKinds } = await server.query(CostKindsDocument);
    expect(costKinds.map((k) => [k.key, k.calculation])).toEqual([
      ['compensation', 'AMOUNT'],
      ['freight', 'AMOUNT'],
      ['sorting', 'AMOUNT'],
      ['rework', 'AMOUNT'],
      ['scrap', 'AMOUNT'],
      ['labor', 'HOURS_X_RATE'],
      ['other', 'AMOUNT'],
    ]);
    expect(costKinds[5].title).toEqual({ zhCN: '人工工时', en: 'Labor' });
  });

  it('records an item of each kind, labor as hours x rate, totals them and keeps the statistics column', async () => {
    const id = await complaint();
    expect(await factCost(id)).toBe(0);
    expect(await costs(id)).toEqual({ items: [], totalsByCurrency: [], baseTotal: cny('0.00'), activeCount: 0 });
    const inputs: AddCostItemInput[] = [
      { subjectId: id, kind: 'compensation', amount: '5000', description: '停线赔偿 line stop, claim 2026-118', incurredOn: '2026-11-25' },
      { subjectId: id, kind: 'freight', amount: '320.5', description: '加急补货 expedited replacement' },
      { subjectId: id, kind: 'sorting', amount: '1200.00' },
      { subjectId: id, kind: 'rework', amount: '800.75' },
      { subjectId: id, kind: 'scrap', amount: '450' },
      { subjectId: id, kind: 'labor', hours: '2.5', rate: '85.50', description: 'QE 现场挑选 sorting at the customer' },
      { subjectId: id, kind: 'other', amount: '99.99', currency: 'CNY' },
    ];
    const added = [];
    for (const input of inputs) added.push(await add(input));
    expect(added.map((i) => [i.kind, i.amount.amount, i.baseAmount.amount])).toEqual([
      ['compensation', '5000.00', '5000.00'],
      ['freight', '320.50', '320.50'],
      ['sorting', '1200.00', '1200.00'],
      ['rework', '800.75', '800.75'],
      ['scrap', '450.00', '450.00'],
      ['labor', '213.75', '213.75'],
      ['other', '99.99', '99.99'],
    ]);
    expect(added[5]).toMatchObject({ subjectType: 'Complaint', subjectId: id, kindTitle: 'Labor', hours: '2.5', rate: cny('85.50'), exchangeRate: null, voided: false, recordedBy: crew.engineer.id });
    expect(added[0]).toMatchObject({ incurredOn: '2026-11-25', description: '停线赔偿 line stop, claim 2026-118', recordedByName: '陈晓明 QE' });

    const summary = await costs(id);
    expect(summary.items.map((i) => i.id)).toEqual(added.map((i) => i.id));
    expect(summary).toMatchObject({ totalsByCurrency: [cny('8084.99')], baseTotal: cny('8084.99'), activeCount: 7 });
    expect(await factCost(id)).toBe(808_499);

    const events = await eventsOf(localUuid(id, 'Complaint')!, 'complaint.cost_added');
    expect(events).toHaveLength(7);
    expect(events[5]).toMatchObject({
      subjectType: 'Complaint',
      actorId: crew.engineer.id,
      data: { before: null, after: { costItemId: localUuid(added[5].id, 'CostItem'), kind: 'labor', hours: '2.5', rate: '85.50', amount: '213.75', currency: 'CNY', baseAmount: '213.75', baseCurrency: 'CNY', voided: false } },
    });

    const { node } = await server.query(CostItemNodeDocument, { id: added[0].id });
    expect(node).toEqual({ __typename: 'CostItem', id: added[0].id, kind: 'compensation', voided: false });
  });

  it('rounds hours x rate half up to the minor unit', async () => {
    const id = await complaint();
    const items = [await add({ subjectId: id, kind: 'labor', hours: '0.5', rate: '0.05' }), await add({ subjectId: id, kind: 'labor', hours: '1.25', rate: '33.33' })];
    // 0.025 -> 0.03 (half up; half-even would give 0.02); 41.6625 -> 41.66.
    expect(items.map((i) => i.amount.amount)).toEqual(['0.03', '41.66']);
    expect((await costs(id)).baseTotal).toEqual(cny('41.69'));
  });

  it('converts a foreign currency at the rate given, rounded half up, and totals per currency', async () => {
    const id = await complaint();
    const usd = await add({ subjectId: id, kind: 'compensation', amount: '1000.00', currency: 'USD', exchangeRate: '7.1234' });
    expect(usd).toMatchObject({ amount: { amount: '1000.00', currency: 'USD' }, exchangeRate: '7.1234', baseAmount: cny('7123.40') });
    // JPY has no minor unit: 1234 JPY x 0.04795 = 59.1703 CNY -> 59.17.
    const jpy = await add({ subjectId: id, kind: 'freight', amount: '1234', currency: 'JPY', exchangeRate: '0.047950' });
    expect(jpy).toMatchObject({ amount: { amount: '1234', currency: 'JPY' }, exchangeRate: '0.04795', baseAmount: cny('59.17') });
    // 1.00 USD x 0.125 = 0.125 CNY -> 0.13 (half up).
    const half = await add({ subjectId: id, kind: 'other', amount: '1', currency: 'USD', exchangeRate: '0.125' });
    expect(half.baseAmount).toEqual(cny('0.13'));
    // Labor abroad: 3 h x 45.50 EUR = 136.50 EUR x 7.7 = 1051.05 CNY.
    const labor = await add({ subjectId: id, kind: 'labor', hours: '3', rate: '45.5', currency: 'EUR', exchangeRate: '7.7' });
    expect(labor).toMatchObject({ rate: { amount: '45.50', currency: 'EUR' }, amount: { amount: '136.50', currency: 'EUR' }, baseAmount: cny('1051.05') });
    // The base currency may be given with the rate 1.
    await add({ subjectId: id, kind: 'scrap', amount: '10', currency: 'CNY', exchangeRate: '1.000' });

    const summary = await costs(id);
    expect(summary.totalsByCurrency).toEqual([
      cny('10.00'),
      { amount: '136.50', currency: 'EUR' },
      { amount: '1234', currency: 'JPY' },
      { amount: '1001.00', currency: 'USD' },
    ]);
    expect(summary.baseTotal).toEqual(cny('8243.75'));
    expect(await factCost(id)).toBe(824_375);
  });

  it('totals an investigation: its own items, each linked complaint, and the sum of both', async () => {
    const a = await complaint();
    const b = await complaint();
    const inv = await investigationStep(server.query(OpenInvestigationDocument, { input: { title: '孔位偏移 hole offset', complaintIds: [a, b], reason: '同一模具 same die' } }, crew.engineer.key));
    await add({ subjectId: a, kind: 'freight', amount: '100' });
    await add({ subjectId: b, kind: 'sorting', amount: '250.50' });
    await add({ subjectId: b, kind: 'compensation', amount: '200', currency: 'USD', exchangeRate: '7.2' });
    const team = await add({ subjectId: inv.id, kind: 'labor', hours: '12', rate: '150', description: '8D 小组 D1-D4 8D team' }, crew.manager.key);
    const test = await add({ subjectId: inv.id, kind: 'other', amount: '3000', description: '第三方尺寸测量 third-party CMM report' }, crew.manager.key);
    expect(team).toMatchObject({ subjectType: 'Investigation', subjectId: inv.id, amount: cny('1800.00') });

    const { investigation } = await server.query(InvestigationCostsDocument, { id: inv.id });
    expect(investigation.costs).toEqual({
      items: [expect.objectContaining({ id: team.id }), expect.objectContaining({ id: test.id })],
      totalsByCurrency: [cny('4800.00')],
      baseTotal: cny('4800.00'),
      complaints: [
        { complaint: { id: a }, totalsByCurrency: [cny('100.00')], baseTotal: cny('100.00') },
        { complaint: { id: b }, totalsByCurrency: [cny('250.50'), { amount: '200.00', currency: 'USD' }], baseTotal: cny('1690.50') },
      ],
      complaintsBaseTotal: cny('1790.50'),
      grandTotalsByCurrency: [cny('5150.50'), { amount: '200.00', currency: 'USD' }],
      grandBaseTotal: cny('6590.50'),
    });
    const events = await eventsOf(localUuid(inv.id, 'Investigation')!, 'investigation.cost_added');
    expect(events.map((e) => [e.subjectNumber, e.actorId, (e.data.after as { amount: string }).amount])).toEqual([
      [inv.number, crew.manager.id, '1800.00'],
      [inv.number, crew.manager.id, '3000.00'],
    ]);
    // Investigation items are not a complaint's: the complaints' statistics columns hold their own only.
    expect([await factCost(a), await factCost(b)]).toEqual([10_000, 169_050]);
  });

  it('voids an item with a reason: listed and flagged, out of every total, once only', async () => {
    const id = await complaint();
    const keep = await add({ subjectId: id, kind: 'sorting', amount: '600' });
    const wrong = await add({ subjectId: id, kind: 'freight', amount: '4500' });
    expect(await factCost(id)).toBe(510_000);

    const { voidCostItem } = await server.query(VoidCostItemDocument, { input: { id: wrong.id, reason: '  录重了 booked twice  ' } }, crew.manager.key);
    expect(voidCostItem).toMatchObject({ __typename: 'CostItem', id: wrong.id, voided: true, voidedBy: crew.manager.id, voidReason: '录重了 booked twice', amount: cny('4500.00') });
    expect(await factCost(id)).toBe(60_000);
    expect(await costs(id)).toMatchObject({ items: [{ id: keep.id, voided: false }, { id: wrong.id, voided: true }], totalsByCurrency: [cny('600.00')], baseTotal: cny('600.00'), activeCount: 1 });
    expect((await costs(id, false)).items.map((i) => i.id)).toEqual([keep.id]);
    const [voided] = await eventsOf(localUuid(id, 'Complaint')!, 'complaint.cost_voided');
    expect(voided).toMatchObject({ reason: '录重了 booked twice', actorId: crew.manager.id, data: { before: { voided: false, amount: '4500.00' }, after: { voided: true, amount: '4500.00' } } });

    const before = await storedCount();
    const { voidCostItem: again } = await server.query(VoidCostItemDocument, { input: { id: wrong.id, reason: 'again' } });
    expect(again).toMatchObject({ __typename: 'AlreadyVoidedError', code: 'ALREADY_VOIDED', item: { id: wrong.id, voidedBy: crew.manager.id, voidReason: '录重了 booked twice' } });
    const { voidCostItem: blank } = await server.query(VoidCostItemDocument, { input: { id: keep.id, reason: '   ' } });
    expect(blank).toEqual({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/input/reason', code: 'REQUIRED' }] });
    const unknown = toGlobalId('CostItem', '00000000-0000-4000-8000-000000000099');
    const { voidCostItem: missing } = await server.query(VoidCostItemDocument, { input: { id: unknown, reason: 'x' } });
    expect(missing).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', id: unknown });
    expect(await storedCount()).toEqual(before);
    expect(await factCost(id)).toBe(60_000);
  });

  const refusals: Array<{ title: string; input: Omit<AddCostItemInput, 'subjectId'>; problems: Array<{ path: string; code: string }> }> = [
    { title: 'an amount kind without an amount', input: { kind: 'freight' }, problems: [{ path: '/input/amount', code: 'REQUIRED' }] },
    { title: 'an amount kind with hours and rate', input: { kind: 'freight', amount: '10', hours: '1', rate: '5' }, problems: [{ path: '/input/hours', code: 'NOT_APPLICABLE' }, { path: '/input/rate', code: 'NOT_APPLICABLE' }] },
    {
      title: 'labor with an amount and neither hours nor rate',
      input: { kind: 'labor', amount: '100' },
      problems: [{ path: '/input/amount', code: 'NOT_APPLICABLE' }, { path: '/input/hours', code: 'REQUIRED' }, { path: '/input/rate', code: 'REQUIRED' }],
    },
    { title: 'labor hours with 3 decimals and a zero rate', input: { kind: 'labor', hours: '1.125', rate: '0' }, problems: [{ path: '/input/hours', code: 'PRECISION' }, { path: '/input/rate', code: 'RANGE' }] },
    { title: 'labor hours beyond 100000', input: { kind: 'labor', hours: '100000.01', rate: '1' }, problems: [{ path: '/input/hours', code: 'RANGE' }] },
    { title: 'an unknown kind', input: { kind: 'warranty', amount: '10' }, problems: [{ path: '/input/kind', code: 'UNKNOWN_COST_KIND' }] },
    { title: 'a negative amount', input: { kind: 'scrap', amount: '-5' }, problems: [{ path: '/input/amount', code: 'FORMAT' }] },
    { title: 'thousands separators', input: { kind: 'scrap', amount: '1,000' }, problems: [{ path: '/input/amount', code: 'FORMAT' }] },
    { title: 'an exponent', input: { kind: 'scrap', amount: '1e3' }, problems: [{ path: '/input/amount', code: 'FORMAT' }] },
    { title: 'a zero amount', input: { kind: 'scrap', amount: '0.00' }, problems: [{ path: '/input/amount', code: 'RANGE' }] },
    { title: 'more decimals than the currency has', input: { kind: 'scrap', amount: '12.345' }, problems: [{ path: '/input/amount', code: 'PRECISION' }] },
    { title: 'decimals in a currency without minor unit', input: { kind: 'scrap', amount: '1234.5', currency: 'JPY', exchangeRate: '0.048' }, problems: [{ path: '/input/amount', code: 'PRECISION' }] },
    { title: 'an amount beyond the limit', input: { kind: 'scrap', amount: '10000000000000' }, problems: [{ path: '/input/amount', code: 'RANGE' }] },
    { title: 'a lower-case currency', input: { kind: 'scrap', amount: '1', currency: 'usd' }, problems: [{ path: '/input/currency', code: 'FORMAT' }] },
    { title: 'an unknown currency', input: { kind: 'scrap', amount: '1', currency: 'ABC' }, problems: [{ path: '/input/currency', code: 'UNKNOWN_CURRENCY' }] },
    { title: 'a foreign currency without a rate', input: { kind: 'scrap', amount: '1', currency: 'USD' }, problems: [{ path: '/input/exchangeRate', code: 'REQUIRED' }] },
    { title: 'a zero rate', input: { kind: 'scrap', amount: '1', currency: 'USD', exchangeRate: '0' }, problems: [{ path: '/input/exchangeRate', code: 'RANGE' }] },
    { title: 'a rate with 11 decimals', input: { kind: 'scrap', amount: '1', currency: 'USD', exchangeRate: '7.12345678901' }, problems: [{ path: '/input/exchangeRate', code: 'PRECISION' }] },
    { title: 'a rate other than 1 for the base currency', input: { kind: 'scrap', amount: '1', exchangeRate: '7.1' }, problems: [{ path: '/input/exchangeRate', code: 'NOT_APPLICABLE' }] },
    { title: 'no such date', input: { kind: 'scrap', amount: '1', incurredOn: '2026-02-30' }, problems: [{ path: '/input/incurredOn', code: 'FORMAT' }] },
    { title: 'a long description', input: { kind: 'scrap', amount: '1', description: 'x'.repeat(2001) }, problems: [{ path: '/input/description', code: 'LENGTH' }] },
    { title: 'an empty idempotency key', input: { kind: 'scrap', amount: '1', idempotencyKey: '' }, problems: [{ path: '/input/idempotencyKey', code: 'LENGTH' }] },
    {
      title: 'several problems at once',
      input: { kind: 'freight', amount: '1.001', currency: 'EUR', incurredOn: 'yesterday' },
      problems: [{ path: '/input/amount', code: 'PRECISION' }, { path: '/input/exchangeRate', code: 'REQUIRED' }, { path: '/input/incurredOn', code: 'FORMAT' }],
    },
  ];

  describe('refuses bad input with every problem, storing nothing', () => {
    let id: string;
    beforeAll(async () => {
      id = await complaint();
    });
    it.each(refusals)('$title', async ({ input, problems }) => {
      const before = await storedCount();
      const { addCostItem } = await server.query(AddCostItemDocument, { input: { subjectId: id, ...input } }, crew.engineer.key);
      expect(addCostItem).toEqual({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems });
      expect(await storedCount()).toEqual(before);
      expect(await factCost(id)).toBe(0);
    });
  });

  it("gives NOT_FOUND for another tenant's complaint, an unknown one, or an ID of another type", async () => {
    const other = await server.createTenant('costs-other');
    const { createComplaint: theirs } = await server.query(CreateComplaintDocument, { input: createInput() }, other.key);
    if (theirs.__typename !== 'Complaint') throw new Error(theirs.__typename);
    const ids = [theirs.id, toGlobalId('Complaint', '00000000-0000-4000-8000-000000000042'), toGlobalId('Investigation', '00000000-0000-4000-8000-000000000042'), toGlobalId('Event', '00000000-0000-4000-8000-000000000042'), 'not-an-id'];
    const before = await storedCount();
    for (const subjectId of ids) {
      const { addCostItem } = await server.query(AddCostItemDocument, { input: { subjectId, kind: 'freight', amount: '10' } });
      expect(addCostItem).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', id: subjectId });
    }
    expect(await storedCount()).toEqual(before);
    // Their own item is theirs: our key cannot read or void it.
    const { addCostItem: own } = await server.query(AddCostItemDocument, { input: { subjectId: theirs.id, kind: 'freight', amount: '10' } }, other.key);
    if (own.__typename !== 'CostItem') throw new Error(own.__typename);
    const { voidCostItem } = await server.query(VoidCostItemDocument, { input: { id: own.id, reason: 'not ours' } });
    expect(voidCostItem).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const read = await server.request(CostItemNodeDocument, { id: own.id });
    expect(read.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('lets only the roles that handle complaints and investigations record or void costs', async () => {
    const id = await complaint();
    const item = await add({ subjectId: id, kind: 'freight', amount: '10' });
    const before = await storedCount();
    const { key: agent } = await server.app.services.apiKeys.create(server.tenantId, 'agent', ['customer-service-agent']);
    for (const key of [crew.outsider.key, crew.production.key, agent]) {
      const added = await server.request(AddCostItemDocument, { input: { subjectId: id, kind: 'freight', amount: '10' } }, { key });
      expect(added.errors?.[0]).toMatchObject({ path: ['addCostItem'], extensions: { code: 'FORBIDDEN' } });
      const voided = await server.request(VoidCostItemDocument, { input: { id: item.id, reason: 'x' } }, { key });
      expect(voided.errors?.[0]).toMatchObject({ path: ['voidCostItem'], extensions: { code: 'FORBIDDEN' } });
    }
    expect(await storedCount()).toEqual(before);
    // Anyone may read them, as anyone may read the statistics.
    expect((await server.query(ComplaintCostsDocument, { id }, crew.outsider.key)).complaint.costs.baseTotal).toEqual(cny('10.00'));
    const { key: csm } = await server.app.services.apiKeys.create(server.tenantId, 'cs manager', ['customer-service-manager']);
    await add({ subjectId: id, kind: 'compensation', amount: '500' }, csm);
  });

  it('records once per idempotency key and refuses the key for other input', async () => {
    const id = await complaint();
    const input = { subjectId: id, kind: 'freight', amount: '88.80', idempotencyKey: `freight-${id}` };
    const [first, second] = [await add(input), await add(input)];
    expect(second.id).toBe(first.id);
    expect((await costs(id)).activeCount).toBe(1);
    const { addCostItem } = await server.query(AddCostItemDocument, { input: { ...input, amount: '88.81' } }, crew.engineer.key);
    expect(addCostItem).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await factCost(id)).toBe(8_880);
  });

  it('reads the costs of a page of complaints', async () => {
    const { complaints } = await server.query(ComplaintListCostsDocument, { first: 100 });
    const totals = complaints.edges.map((e) => e.node.costs.baseTotal.amount);
    expect(totals.length).toBeGreaterThan(5);
    for (const e of complaints.edges) expect(Number(e.node.costs.baseTotal.amount) * 100).toBe(await factCost(e.node.id));
  });

  it('keeps every change when several are recorded and voided at once', async () => {
    const id = await complaint();
    const amounts = ['10.01', '20.02', '30.03', '40.04', '50.05', '60.06'];
    const items = await Promise.all(amounts.map((amount) => add({ subjectId: id, kind: 'sorting', amount })));
    expect(await factCost(id)).toBe(21_021);
    const results = await Promise.all([items[0], items[0], items[1]].map((i) => server.query(VoidCostItemDocument, { input: { id: i.id, reason: 'duplicate' } })));
    expect(results.map((r) => r.voidCostItem.__typename).sort()).toEqual(['AlreadyVoidedError', 'CostItem', 'CostItem']);
    expect(await factCost(id)).toBe(18_018);
    expect((await costs(id)).baseTotal).toEqual(cny('180.18'));
    expect(await eventsOf(localUuid(id, 'Complaint')!, 'complaint.cost_voided')).toHaveLength(2);
  });
});

describe('cost kinds and base currency from the organization template', () => {
  /** A tenant whose shipped organization template is changed by `edit`. */
  async function tenantWith(slug: string, edit: (org: Record<string, unknown>) => void): Promise<string> {
    const { tenantId, key } = await server.createTenant(slug, { withTemplates: false });
    const schemas = new SchemaCompiler();
    registerMetaSchemas(schemas);
    const files = await loadTemplateDirectory(schemas, join(__dirname, '../../../templates'));
    const org = files.find((f) => f.kind === 'organization')!;
    edit(org.content);
    org.contentHash = sha256(canonicalJson(org.content));
    await server.app.services.templates.publishFiles(tenantId, files, SYSTEM_ACTOR, TemplateSource.SHIPPED);
    return key;
  }

  async function complaintOf(key: string): Promise<string> {
    const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput() }, key);
    if (c.__typename !== 'Complaint') throw new Error(c.__typename);
    return c.id;
  }

  it('applies the shipped kinds to a template published without costKinds, in its base currency', async () => {
    const key = await tenantWith('costs-legacy', (org) => {
      delete org.costKinds;
      org.currency = 'JPY';
    });
    const { costKinds } = await server.query(CostKindsDocument, undefined, key);
    expect(costKinds.map((k) => k.key)).toEqual(['compensation', 'freight', 'sorting', 'rework', 'scrap', 'labor', 'other']);
    const id = await complaintOf(key);
    const { addCostItem: labor } = await server.query(AddCostItemDocument, { input: { subjectId: id, kind: 'labor', hours: '1.5', rate: '3333' } }, key);
    expect(labor).toMatchObject({ __typename: 'CostItem', amount: { amount: '5000', currency: 'JPY' }, baseAmount: { amount: '5000', currency: 'JPY' } });
    // 99.99 CNY x 21.5 = 2149.785 JPY -> 2150.
    const { addCostItem: cnyItem } = await server.query(AddCostItemDocument, { input: { subjectId: id, kind: 'freight', amount: '99.99', currency: 'CNY', exchangeRate: '21.5' } }, key);
    expect(cnyItem).toMatchObject({ __typename: 'CostItem', baseAmount: { amount: '2150', currency: 'JPY' } });
    const { complaint } = await server.query(ComplaintCostsDocument, { id }, key);
    expect(complaint.costs.baseTotal).toEqual({ amount: '7150', currency: 'JPY' });
  });

  it("takes the company's own kinds: others are refused", async () => {
    const key = await tenantWith('costs-custom', (org) => {
      org.costKinds = [
        { key: 'warranty', title: { 'zh-CN': '三包费用', en: 'Warranty' } },
        { key: 'machine-hours', title: { 'zh-CN': '设备工时', en: 'Machine hours' }, calculation: 'hours-x-rate' },
      ];
    });
    const { costKinds } = await server.query(CostKindsDocument, undefined, key);
    expect(costKinds.map((k) => [k.key, k.calculation])).toEqual([
      ['warranty', 'AMOUNT'],
      ['machine-hours', 'HOURS_X_RATE'],
    ]);
    const id = await complaintOf(key);
    const { addCostItem: machine } = await server.query(AddCostItemDocument, { input: { subjectId: id, kind: 'machine-hours', hours: '4', rate: '260' } }, key);
    expect(machine).toMatchObject({ __typename: 'CostItem', kindTitle: 'Machine hours', amount: cny('1040.00') });
    const { addCostItem: freight } = await server.query(AddCostItemDocument, { input: { subjectId: id, kind: 'freight', amount: '1' } }, key);
    expect(freight).toEqual({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/input/kind', code: 'UNKNOWN_COST_KIND' }] });
  });
});
