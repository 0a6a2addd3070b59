import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation, InvestigationLink } from '../../../src/investigations/investigation.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  ClassifyComplaintDocument,
  CloseInvestigationDocument,
  ComplaintInvestigationsDocument,
  CreateComplaintDocument,
  InvestigationDocument,
  InvestigationsDocument,
  LinkComplaintsDocument,
  NotifyCustomerDocument,
  OpenInvestigationDocument,
  ProposeRemedyDocument,
  RequestFeedbackDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  SuggestedInvestigationsDocument,
  UnlinkComplaintDocument,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { createCrew, investigationStep, type InvestigationView } from '../../fixtures/investigations';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { withoutSignatures } from '../../fixtures/signatures';

let server: TestServer;
let crew: Awaited<ReturnType<typeof createCrew>>;
beforeAll(async () => {
  server = await startTestServer();
  // Keys act here; signing is tested in test/integration/signatures.
  await withoutSignatures(server);
  crew = await createCrew(server);
});
afterAll(() => server?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stage-1 record is free-form JSON
type Json = any;
type Complaintish = Extract<TransitionFieldsFragment, { __typename: 'Complaint' }> & { number?: string };

let parts = 0;
/** A part number no other test uses, so that recurrence suggestions are this test's own. */
const newPart = () => `BRK-${process.pid}-${++parts}`;

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Complaintish> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}

const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });

/** A product-quality complaint on `partNumber`, reviewed and accepted in `category` (severity by the rules). */
async function accepted(partNumber: string, { category = 'stamping', data = {} }: { category?: string; data?: Record<string, unknown> } = {}): Promise<Complaintish & { number: string }> {
  const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ product: { partNumber, name: 'Brake bracket' }, ...data }) }) });
  if (c.__typename !== 'Complaint') throw new Error(c.__typename);
  const reviewed = await step(server.query(StartReviewDocument, { input: ref(c) }));
  const after = await step(server.query(AcceptComplaintDocument, { input: { ...ref(reviewed), category } }));
  return { ...after, number: c.number };
}

async function openFor(complaintIds: string[], reason = '同一模具 same die'): Promise<InvestigationView> {
  return investigationStep(server.query(OpenInvestigationDocument, { input: { title: '孔位偏移 hole offset', complaintIds, reason } }, crew.engineer.key));
}

const complaintView = async (id: string) => (await server.query(ComplaintInvestigationsDocument, { id })).complaint;
const byNumber = <T extends { number: string }>(list: T[]) => [...list].sort((a, b) => a.number.localeCompare(b.number));

describe('several complaints answered by one investigation', () => {
  it('links complaints later with the reason, shows each complaint its investigation once, and reports the investigation once', async () => {
    const part = newPart();
    const [a, b, c] = [await accepted(part), await accepted(part), await accepted(part)];
    let inv = await openFor([a.id]);
    expect(inv.complaints).toEqual([{ id: a.id, number: a.number }]);

    inv = await investigationStep(server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [b.id, c.id, b.id], reason: '同一批次 L2026-11-07A same lot' } }, crew.engineer.key));
    expect(byNumber(inv.complaints)).toEqual(byNumber([a, b, c].map(({ id, number }) => ({ id, number }))));
    expect(inv.version).toBe(2);

    // Linking one already linked adds nothing.
    inv = await investigationStep(server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [a.id], reason: 'again' } }, crew.engineer.key));
    expect(inv.complaints).toHaveLength(3);
    const uuid = localUuid(inv.id, 'Investigation')!;
    expect(await server.stored().count(InvestigationLink, { investigationId: uuid })).toBe(3);
    const linkB = await server.stored().findOneOrFail(InvestigationLink, { investigationId: uuid, complaintId: localUuid(b.id, 'Complaint')! });
    expect(linkB).toMatchObject({ linkedBy: crew.engineer.id, reason: '同一批次 L2026-11-07A same lot', unlinkedAt: null });

    for (const complaint of [a, b, c]) {
      expect((await complaintView(complaint.id)).investigations).toEqual([{ id: inv.id, number: inv.number, status: 'OPEN', leaderLevel: 'engineer', templateKey: '8d' }]);
      const { investigations } = await server.query(InvestigationsDocument, { filter: { complaintId: complaint.id } });
      expect(investigations).toMatchObject({ totalCount: 1, edges: [{ node: { id: inv.id } }] });
    }
    const all = await server.query(InvestigationsDocument, { first: 100, filter: { statuses: ['OPEN'], templateKeys: ['8d'] } });
    expect(all.investigations.edges.filter((e) => e.node.id === inv.id)).toHaveLength(1);
    expect(all.investigations.totalCount).toBe(all.investigations.edges.length);

    const linkedEvents = await server.stored().find(DomainEvent, { type: 'complaint.investigation_linked', subjectId: { $in: [a, b, c].map((x) => localUuid(x.id, 'Complaint')!) } });
    expect(linkedEvents.map((e) => e.subjectNumber).sort()).toEqual([a.number, b.number, c.number].sort());
    expect(linkedEvents.find((e) => e.subjectNumber === b.number)).toMatchObject({ reason: '同一批次 L2026-11-07A same lot', actorId: crew.engineer.id, data: { investigation: inv.number } });
    const invEvents = await server.stored().find(DomainEvent, { subjectType: 'Investigation', subjectId: uuid }, { orderBy: { sequence: 'asc' } });
    expect(invEvents.map((e) => [e.type, (e.data as Json).added])).toEqual([
      ['investigation.opened', undefined],
      ['investigation.complaints_linked', [b.number, c.number]],
      ['investigation.complaints_linked', []],
    ]);
    expect(invEvents[1]).toMatchObject({ reason: '同一批次 L2026-11-07A same lot', data: { before: { status: 'OPEN' }, after: { status: 'OPEN' } } });

    // Unlinked with a reason: the link row stays with who and why; the complaint no longer shows it.
    inv = await investigationStep(server.query(UnlinkComplaintDocument, { input: { id: inv.id, version: inv.version, complaintId: c.id, reason: '复测为来料问题 retest shows a material issue' } }, crew.manager.key));
    expect(byNumber(inv.complaints)).toEqual(byNumber([a, b].map(({ id, number }) => ({ id, number }))));
    const view = await complaintView(c.id);
    expect(view.investigations).toEqual([]);
    expect(view.suggestedInvestigations).toEqual([{ id: inv.id, number: inv.number }]);
    expect((await server.query(InvestigationsDocument, { filter: { complaintId: c.id } })).investigations.totalCount).toBe(0);
    const linkC = await server.stored().findOneOrFail(InvestigationLink, { investigationId: uuid, complaintId: localUuid(c.id, 'Complaint')! });
    expect(linkC).toMatchObject({ unlinkedBy: crew.manager.id, unlinkReason: '复测为来料问题 retest shows a material issue', unlinkedAt: expect.any(Date) });
    expect(await server.stored().findOneOrFail(DomainEvent, { type: 'complaint.investigation_unlinked', subjectId: localUuid(c.id, 'Complaint')! })).toMatchObject({ reason: '复测为来料问题 retest shows a material issue', data: { investigation: inv.number } });
    const again = await server.query(UnlinkComplaintDocument, { input: { id: inv.id, version: inv.version, complaintId: c.id, reason: 'twice' } }, crew.manager.key);
    expect(again.unlinkComplaint).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/complaintId', code: 'NOT_LINKED' }] });

    // Linked again later: shown once more, reported once.
    inv = await investigationStep(server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [c.id], reason: '材料排除，仍为模具问题 material ruled out after all' } }, crew.engineer.key));
    expect(inv.complaints).toHaveLength(3);
    expect((await complaintView(c.id)).investigations.map((i) => i.id)).toEqual([inv.id]);
    expect((await server.query(InvestigationsDocument, { filter: { complaintId: c.id } })).investigations.totalCount).toBe(1);
  });

  it('opens one investigation for several complaints at once, with the first deciding severity, department and recurrence keys', async () => {
    const part = newPart();
    const minor = await accepted(part);
    const other = await accepted(part, { category: 'welding' });
    const inv = await openFor([minor.id, other.id, minor.id]);
    expect(inv).toMatchObject({ severity: 'minor', department: 'production', partNumber: part, category: 'stamping' });
    expect(byNumber(inv.complaints)).toEqual(byNumber([minor, other].map(({ id, number }) => ({ id, number }))));
    expect(await server.stored().count(InvestigationLink, { investigationId: localUuid(inv.id, 'Investigation')! })).toBe(2);
    expect((await complaintView(minor.id)).investigations.map((i) => i.id)).toEqual([inv.id]);
  });

  it("records a link step's events in one run of the chain: each complaint's, in input order, then the investigation's", async () => {
    const part = newPart();
    const [a, b, c] = [await accepted(part), await accepted(part), await accepted(part)];
    let inv = await openFor([a.id]);
    const stepEvents = async (run: () => Promise<unknown>) => {
      const last = (await server.stored().find(DomainEvent, {}, { orderBy: { sequence: 'desc' }, limit: 1 }))[0]?.sequence ?? 0;
      await run();
      const events = await server.stored().find(DomainEvent, { sequence: { $gt: last } }, { orderBy: { sequence: 'asc' } });
      expect(events.map((e) => e.sequence)).toEqual(events.map((_e, i) => last + 1 + i));
      return events.map((e) => [e.type, e.subjectNumber]);
    };
    expect(
      await stepEvents(async () => {
        inv = await investigationStep(server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [c.id, b.id], reason: 'same lot' } }, crew.engineer.key));
      }),
    ).toEqual([
      ['complaint.investigation_linked', c.number],
      ['complaint.investigation_linked', b.number],
      ['investigation.complaints_linked', inv.number],
    ]);
    expect(
      await stepEvents(() => investigationStep(server.query(UnlinkComplaintDocument, { input: { id: inv.id, version: inv.version, complaintId: b.id, reason: 'material issue' } }, crew.manager.key))),
    ).toEqual([
      ['complaint.investigation_unlinked', b.number],
      ['investigation.complaint_unlinked', inv.number],
    ]);
  });
});

describe('recurrence', () => {
  it('suggests investigations on the same part number and category to a new complaint: an open one, not a cancelled one (a closed one: see eight-d)', async () => {
    const part = newPart();
    const first = await accepted(part);
    const inv = await openFor([first.id]);
    const cancelled = await openFor([(await accepted(part)).id]);
    await investigationStep(server.query(CloseInvestigationDocument, { input: { id: cancelled.id, version: cancelled.version, reason: '与 ' + inv.number + ' 重复 duplicate' } }, crew.manager.key));

    const second = await accepted(part);
    expect((await server.query(SuggestedInvestigationsDocument, { complaintId: second.id })).suggestedInvestigations).toEqual([{ id: inv.id, number: inv.number, partNumber: part, category: 'stamping', status: 'OPEN' }]);
    expect((await complaintView(second.id)).suggestedInvestigations).toEqual([{ id: inv.id, number: inv.number }]);
    // Its own investigation is linked, not suggested.
    expect((await complaintView(first.id)).suggestedInvestigations).toEqual([]);

    const otherPart = await accepted(newPart());
    const otherCategory = await accepted(part, { category: 'welding' });
    // The type's recurrenceKeys (/defectType) must match too: a cosmetic defect on the same part is another problem.
    const otherDefect = await accepted(part, { data: { defectType: 'cosmetic' } });
    expect((await server.query(SuggestedInvestigationsDocument, { complaintId: otherPart.id })).suggestedInvestigations).toEqual([]);
    expect((await server.query(SuggestedInvestigationsDocument, { complaintId: otherCategory.id })).suggestedInvestigations).toEqual([]);
    expect((await server.query(SuggestedInvestigationsDocument, { complaintId: otherDefect.id })).suggestedInvestigations).toEqual([]);

    // Linking the suggestion is the recorded decision; then it is no longer suggested.
    await investigationStep(server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [second.id], reason: '第二次同类问题 second case on this part' } }, crew.engineer.key));
    expect((await complaintView(second.id))).toMatchObject({ investigations: [{ id: inv.id }], suggestedInvestigations: [] });
  });

  it('gives NOT_FOUND for suggestions of a complaint that does not exist', async () => {
    const result = await server.request(SuggestedInvestigationsDocument, { complaintId: 'Q29tcGxhaW50Om5vcGU=' });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});

describe('opened by the rules of the complaint type', () => {
  it('opens and links an 8D when a product-quality complaint is accepted as major, led at manager level', async () => {
    const part = newPart();
    const before = await server.stored().count(Investigation, {});
    const c = await accepted(part, { data: { quantityAffected: 1500 } });
    expect(c).toMatchObject({ severity: 'major', department: 'production', record: { investigation: { requirement: 'required', decision: 'required', byRule: true } } });
    expect(await server.stored().count(Investigation, {})).toBe(before + 1);
    const [inv] = (await complaintView(c.id)).investigations;
    expect(inv).toMatchObject({ status: 'OPEN', templateKey: '8d', leaderLevel: 'manager' });
    const { investigation } = await server.query(InvestigationDocument, { id: inv.id });
    expect(investigation).toMatchObject({ severity: 'major', department: 'production', partNumber: part, category: 'stamping', leaderId: null, openedBy: expect.stringMatching(/^api-key:/), complaints: [{ id: c.id, number: c.number }], title: expect.stringContaining(c.number) });
    expect(investigation.sections.map((s) => s.status)).toEqual(Array(9).fill('EMPTY'));
    expect(investigation.historyEvents[0]).toMatchObject({ type: 'investigation.opened', reason: 'the rules of product-quality require an investigation (major, stamping)', data: { before: null, after: { status: 'OPEN' } } });
  });

  it('opens one when a reclassification makes the complaint critical, not a second one when one is linked', async () => {
    const c = await accepted(newPart());
    expect((await complaintView(c.id)).investigations).toEqual([]);
    const critical = await step(server.query(ClassifyComplaintDocument, { input: { ...ref(c), category: 'stamping', severity: 'critical', reason: '客户产线停线 line stop at the customer' } }));
    const opened = (await complaintView(c.id)).investigations;
    expect(opened).toMatchObject([{ templateKey: '8d', leaderLevel: 'director' }]);

    const linked = await accepted(newPart());
    const manual = await openFor([linked.id]);
    await step(server.query(ClassifyComplaintDocument, { input: { ...ref(linked), category: 'stamping', severity: 'major', reason: 'more parts found' } }));
    expect((await complaintView(linked.id)).investigations.map((i) => i.id)).toEqual([manual.id]);
    expect(critical.severity).toBe('critical');
  });

  it('does not open one for a minor complaint', async () => {
    const before = await server.stored().count(Investigation, {});
    const c = await accepted(newPart());
    expect(c.record).toMatchObject({ investigation: { requirement: 'optional' } });
    expect(await server.stored().count(Investigation, {})).toBe(before);
  });
});

describe('stage 1 closes, stage 2 goes on', () => {
  it('records decision "investigated" with the investigation on a closed complaint that was linked; the investigation stays open', async () => {
    const { createComplaint: created } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ channel: 'internal', product: { partNumber: newPart() } }) }) });
    if (created.__typename !== 'Complaint') throw new Error(created.__typename);
    let c = await step(server.query(StartReviewDocument, { input: ref(created) }));
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'labeling' } }));
    const inv = await openFor([c.id], '标签错误重复出现 wrong labels again');
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'rework-on-site' } }));
    c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
    c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'internal', text: 'Relabelled on site.' } }));
    c = await step(server.query(RequestFeedbackDocument, { input: ref(c) }));
    expect(c).toMatchObject({ status: 'CLOSED', record: { investigation: { decision: 'investigated', investigations: [inv.number] } } });
    const view = await complaintView(c.id);
    expect(view).toMatchObject({ status: 'CLOSED', investigations: [{ id: inv.id, status: 'OPEN' }] });
  });
});

describe('investigations(filter)', () => {
  it('finds investigations by leader, template, department, severity and status, newest first, a page at a time', async () => {
    const c = await accepted(newPart(), { category: 'welding' });
    const led = await investigationStep(server.query(OpenInvestigationDocument, { input: { title: '焊缝气孔 weld porosity', complaintIds: [c.id], leaderId: crew.manager.id } }, crew.engineer.key));
    const standalone = await investigationStep(
      server.query(OpenInvestigationDocument, { input: { title: '供应商来料不良 supplier lot rejected', templateKey: '3d', severity: 'major', department: 'sqe', leaderId: crew.manager.id } }, crew.engineer.key),
    );
    const find = async (filter: Json) => (await server.query(InvestigationsDocument, { first: 100, filter })).investigations.edges.map((e) => e.node.id);
    expect(await find({ leaderId: crew.manager.id })).toEqual([standalone.id, led.id]);
    expect(await find({ leaderId: crew.manager.id, templateKeys: ['3d'] })).toEqual([standalone.id]);
    expect(await find({ leaderId: crew.manager.id, departments: ['production'], severities: ['minor'] })).toEqual([led.id]);
    expect(await find({ leaderId: crew.manager.id, severities: ['major'], departments: ['production'] })).toEqual([]);
    expect(await find({ leaderId: crew.manager.id, statuses: ['CLOSED', 'CANCELLED'] })).toEqual([]);

    const page1 = (await server.query(InvestigationsDocument, { first: 1, filter: { leaderId: crew.manager.id } })).investigations;
    expect(page1).toMatchObject({ totalCount: 2, edges: [{ node: { id: standalone.id } }], pageInfo: { hasNextPage: true } });
    const page2 = (await server.query(InvestigationsDocument, { first: 1, after: page1.pageInfo.endCursor, filter: { leaderId: crew.manager.id } })).investigations;
    expect(page2).toMatchObject({ edges: [{ node: { id: led.id } }], pageInfo: { hasNextPage: false } });
    const tooMany = await server.request(InvestigationsDocument, { first: 101 });
    expect(tooMany.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
