import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCursor } from '../../../src/events/event-cursor';
import { DomainEvent } from '../../../src/db/event.entity';
import {
  AcceptComplaintDocument,
  AddContainmentActionDocument,
  ComplaintStatusChangedDocument,
  CreateComplaintDocument,
  EventEnvelopeDocument,
  EventFeedDocument,
  EventStreamDocument,
  StartReviewDocument,
  UpdateComplaintDocument,
  VerifyAuditTrailDocument,
  InvestigationUpdatedDocument,
  OpenInvestigationDocument,
  type ComplaintStatusChangedSubscription,
  type InvestigationUpdatedSubscription,
  type EventFieldsFragment,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { completeSection, createCrew, eightD, investigationStep, sectionVersion } from '../../fixtures/investigations';
import { subscribeEvents } from '../../fixtures/subscriptions';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  // Timers fire only at start-up: the counts below are of the events this file's operations append.
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' });
});
afterAll(() => server?.stop());

async function createComplaint(key?: string, description = 'feed test'): Promise<{ id: string; version: number; number: string }> {
  const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ description }) }) }, key);
  if (c.__typename !== 'Complaint') throw new Error(c.__typename);
  return c;
}

async function storedEvents(after = 0): Promise<DomainEvent[]> {
  return server.stored().find(DomainEvent, { sequence: { $gt: after } }, { orderBy: { sequence: 'asc' } });
}

/** Pages through the feed from `after` with `first` per page; returns every node and the last end cursor. */
async function readFeed(after: string | null, first: number, filter?: Record<string, unknown>): Promise<{ nodes: EventFieldsFragment[]; endCursor: string | null; pages: number }> {
  const nodes: EventFieldsFragment[] = [];
  let cursor = after;
  let pages = 0;
  for (;;) {
    const { events } = await server.query(EventFeedDocument, { after: cursor, first, filter });
    pages += 1;
    nodes.push(...events.edges.map((e) => e.node));
    events.edges.forEach((e) => expect(e.cursor).toBe(e.node.cursor));
    cursor = events.pageInfo.endCursor ?? null;
    if (!events.pageInfo.hasNextPage) return { nodes, endCursor: cursor, pages };
  }
}

describe('event feed: events(after, first, filter)', () => {
  it('returns every event once, in sequence order, page by page; a stored cursor catches up with what came since', async () => {
    for (let i = 0; i < 4; i++) await createComplaint();
    const first = await readFeed(null, 3);
    const stored = await storedEvents();
    expect(first.nodes.map((n) => n.sequence)).toEqual(stored.map((e) => e.sequence));
    expect(first.nodes.map((n) => n.sequence)).toEqual(stored.map((_, i) => i + 1));
    expect(first.pages).toBe(Math.ceil(stored.length / 3));
    expect(first.nodes.at(-1)).toMatchObject({ id: expect.any(String), hash: stored.at(-1)!.hash, actor: { id: expect.any(String) } });

    // "Downtime": more changes, then the stored cursor picks up exactly the rest.
    const c = await createComplaint();
    await server.query(UpdateComplaintDocument, { input: { id: c.id, version: c.version, data: productQualityData({ quantityAffected: 9 }) } });
    const rest = await readFeed(first.endCursor, 100);
    expect(rest.nodes.map((n) => n.type)).toEqual(['complaint.created', 'complaint.updated']);
    expect(rest.nodes[0].sequence).toBe(stored.length + 1);

    // Nothing new: an empty page keeps the cursor where it was.
    const { events: empty } = await server.query(EventFeedDocument, { after: rest.endCursor, first: 10 });
    expect(empty).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: rest.endCursor }, headSequence: stored.length + 2 });
  });

  it('filters by exact type, by kind wildcard and by subject', async () => {
    const c = await createComplaint();
    await server.query(UpdateComplaintDocument, { input: { id: c.id, version: c.version, data: productQualityData({ quantityAffected: 2 }) } });
    const all = await storedEvents();
    const updates = await readFeed(null, 2, { types: ['complaint.updated'] });
    expect(updates.nodes.map((n) => n.sequence)).toEqual(all.filter((e) => e.type === 'complaint.updated').map((e) => e.sequence));
    const complaints = await readFeed(null, 100, { types: ['complaint.*'] });
    expect(complaints.nodes.map((n) => n.sequence)).toEqual(all.filter((e) => e.type.startsWith('complaint.')).map((e) => e.sequence));
    // `_` is no wildcard: comp_aint.* matches nothing (a LIKE would have matched complaint.*).
    expect((await readFeed(null, 100, { types: ['comp_aint.*'] })).nodes).toEqual([]);
    const templates = await readFeed(null, 100, { types: ['template.*'] });
    expect(templates.nodes.length).toBeGreaterThan(0);
    expect(templates.nodes.every((n) => n.type.startsWith('template.'))).toBe(true);
    const one = await readFeed(null, 100, { subjectIds: [c.id] });
    expect(one.nodes.map((n) => n.type)).toEqual(['complaint.created', 'complaint.updated']);
    expect(one.nodes.every((n) => n.subjectId === c.id)).toBe(true);
  });

  it('delivers each event as a CloudEvents 1.0 envelope', async () => {
    const c = await createComplaint();
    const { events } = await server.query(EventEnvelopeDocument, { filter: { subjectIds: [c.id] }, first: 1 });
    const stored = (await server.stored().find(DomainEvent, { type: 'complaint.created' }, { orderBy: { sequence: 'desc' }, limit: 1 }))[0];
    expect(events.edges[0].node.envelope).toEqual({
      specversion: '1.0',
      id: stored.id,
      source: `/tenants/${server.tenantId}`,
      type: 'complaint.created',
      subject: c.id,
      time: stored.occurredAt.toISOString(),
      datacontenttype: 'application/json',
      envelopeversion: '1',
      sequence: stored.sequence,
      tenantid: server.tenantId,
      subjecttype: 'Complaint',
      subjectnumber: c.number,
      actorid: stored.actorId,
      actorname: stored.actorName,
      reason: null,
      hash: stored.hash,
      data: JSON.parse(JSON.stringify(stored.data)),
    });
  });

  it.each([
    { title: 'a cursor that is not one', variables: { after: 'not-a-cursor' }, path: 'after' },
    { title: 'first 0', variables: { first: 0 }, path: 'first' },
    { title: 'first 101', variables: { first: 101 }, path: 'first' },
    { title: 'a malformed type', variables: { filter: { types: ['complaint.created', 'DROP TABLE'] } }, path: 'filter/types/1' },
    { title: 'a wildcard inside a type', variables: { filter: { types: ['complaint.sta*'] } }, path: 'filter/types/0' },
    { title: '51 types', variables: { filter: { types: Array.from({ length: 51 }, () => 'complaint.created') } }, path: 'filter/types' },
    { title: 'a subject id that is not an ID', variables: { filter: { subjectIds: ['%%%'] } }, path: 'filter/subjectIds/0' },
  ])('refuses $title with BAD_USER_INPUT at its path', async ({ variables, path }) => {
    const result = await server.request(EventFeedDocument, variables);
    // first is refused before execution (no data at all), the rest by the resolver (data null).
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', path } }]);
  });

  it('accepts 100 per page and 50 types (the limits themselves)', async () => {
    const result = await server.request(EventFeedDocument, { first: 100, filter: { types: Array.from({ length: 50 }, () => 'complaint.created') } });
    expect(result.errors).toBeUndefined();
  });

  it("never shows another tenant's events; another tenant's cursor reads its own sequence", async () => {
    const other = await server.createTenant('feed-other', { withTemplates: false });
    const theirs = await server.query(EventFeedDocument, { first: 100 }, other.key);
    expect(theirs.events).toMatchObject({ edges: [], headSequence: 0 });
    const mine = await createComplaint();
    const byId = await server.query(EventFeedDocument, { first: 100, filter: { subjectIds: [mine.id] } }, other.key);
    expect(byId.events.edges).toEqual([]);
    const afterMine = await server.query(EventFeedDocument, { first: 100, after: eventCursor(0) }, other.key);
    expect(afterMine.events.edges).toEqual([]);
  });
});

describe('subscriptions', () => {
  it('events(after): replays from the cursor, then streams live, with no gap or repeat at the seam under concurrent commits', async () => {
    // A backlog of several pages, so the replay takes a while and live events arrive while it runs.
    for (let batch = 0; batch < 6; batch++) await Promise.all(Array.from({ length: 100 }, (_, i) => createComplaint(undefined, `backlog ${batch}/${i}`)));
    const from = 0;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing || i < 5; i++) await Promise.all(Array.from({ length: 5 }, (_, j) => createComplaint(undefined, `seam ${i}/${j}`)));
    })();
    await new Promise((r) => setTimeout(r, 30));
    const stream = await subscribeEvents(server.wsClient(), EventStreamDocument, { after: eventCursor(from) }, server.subscriptions);
    const received: number[] = [];
    while (received.length < 650) received.push((await stream.next()).sequence);
    writing = false;
    await writer;
    const total = (await storedEvents()).length;
    while (received.length < total - from) received.push((await stream.next()).sequence);
    await stream.expectNone(300);
    expect(received).toEqual(Array.from({ length: total - from }, (_, i) => from + 1 + i));
    stream.close();
  }, 90_000);

  it('resumes after a dropped connection from the last cursor received: every event once', async () => {
    const start = (await storedEvents()).length;
    let client = server.wsClient();
    let stream = await subscribeEvents(client, EventStreamDocument, { after: eventCursor(start) }, server.subscriptions);
    const received: EventFieldsFragment[] = [];
    const writing = (async () => {
      for (let i = 0; i < 20; i++) await createComplaint(undefined, `resume ${i}`);
    })();
    for (let i = 0; i < 5; i++) received.push((await stream.next()) as unknown as EventFieldsFragment);
    // The connection drops while changes keep committing.
    await client.dispose();
    await new Promise((r) => setTimeout(r, 100));
    client = server.wsClient();
    stream = await subscribeEvents(client, EventStreamDocument, { after: received.at(-1)!.cursor }, server.subscriptions);
    await writing;
    const total = (await storedEvents()).length;
    while (received.length < total - start) received.push((await stream.next()) as unknown as EventFieldsFragment);
    await stream.expectNone(300);
    expect(received.map((e) => e.sequence)).toEqual(Array.from({ length: total - start }, (_, i) => start + 1 + i));
    stream.close();
  });

  it('events(after, filter): replays only matching events from the record, then the live ones', async () => {
    const c = await createComplaint();
    await createComplaint();
    await server.query(UpdateComplaintDocument, { input: { id: c.id, version: c.version, data: productQualityData({ quantityAffected: 5 }) } });
    const stream = await subscribeEvents(server.wsClient(), EventStreamDocument, { after: eventCursor(0), filter: { subjectIds: [c.id] } }, server.subscriptions);
    expect((await stream.next()).type).toBe('complaint.created');
    expect((await stream.next()).type).toBe('complaint.updated');
    await stream.expectNone(200);
    await createComplaint();
    await server.query(UpdateComplaintDocument, { input: { id: c.id, version: c.version + 1, data: productQualityData({ quantityAffected: 6 }) } });
    expect(await stream.next()).toMatchObject({ type: 'complaint.updated', subjectId: c.id, data: { after: { data: { quantityAffected: 6 } } } });
    await stream.expectNone(200);
    stream.close();
  });

  it('events: live only without a cursor, filtered by type', async () => {
    const live = await subscribeEvents(server.wsClient(), EventStreamDocument, { filter: { types: ['complaint.updated'] } }, server.subscriptions);
    const c = await createComplaint();
    await server.query(UpdateComplaintDocument, { input: { id: c.id, version: c.version, data: productQualityData({ quantityAffected: 4 }) } });
    expect(await live.next()).toMatchObject({ type: 'complaint.updated', subjectId: c.id });
    await live.expectNone(200);
    live.close();
  });

  it('complaintStatusChanged: creation and status changes, filtered by status, type and department', async () => {
    type Change = ComplaintStatusChangedSubscription['complaintStatusChanged'];
    const client = server.wsClient();
    const all = await subscribeEvents<Change>(client, ComplaintStatusChangedDocument, undefined, server.subscriptions);
    const underReview = await subscribeEvents<Change>(client, ComplaintStatusChangedDocument, { filter: { statuses: ['UNDER_REVIEW'], types: ['product-quality'] } }, server.subscriptions);
    const otherType = await subscribeEvents<Change>(client, ComplaintStatusChangedDocument, { filter: { types: ['service'] } }, server.subscriptions);
    const c = await createComplaint();
    expect(await all.next()).toMatchObject({ from: null, to: 'RECEIVED', complaintType: 'product-quality', event: { type: 'complaint.created', subjectId: c.id }, complaint: { id: c.id } });
    const { startReview } = await server.query(StartReviewDocument, { input: { id: c.id, version: c.version } });
    if (startReview.__typename !== 'Complaint') throw new Error(startReview.__typename);
    const change = await underReview.next();
    expect(change).toMatchObject({ from: 'RECEIVED', to: 'UNDER_REVIEW', complaintType: 'product-quality', event: { type: 'complaint.status_changed', actor: { id: expect.any(String) } }, complaint: { id: c.id, status: 'UNDER_REVIEW' } });
    expect(await all.next()).toMatchObject({ to: 'UNDER_REVIEW' });

    // Department filter: accepting routes the complaint to a department by the type's rules.
    const { acceptComplaint } = await server.query(AcceptComplaintDocument, { input: { id: c.id, version: startReview.version, category: 'material' } });
    if (acceptComplaint.__typename !== 'Complaint') throw new Error(acceptComplaint.__typename);
    const accepted = await all.next();
    expect(accepted).toMatchObject({ to: 'ACCEPTED', department: acceptComplaint.department });
    expect(acceptComplaint.department).toBeTruthy();
    const inDept = await subscribeEvents<Change>(client, ComplaintStatusChangedDocument, { filter: { departments: [acceptComplaint.department!] } }, server.subscriptions);
    const elsewhere = await subscribeEvents<Change>(client, ComplaintStatusChangedDocument, { filter: { departments: ['no-such-department'] } }, server.subscriptions);
    const { addContainmentAction } = await server.query(AddContainmentActionDocument, { input: { id: c.id, version: acceptComplaint.version, description: 'freeze stock' } });
    expect(addContainmentAction).toMatchObject({ __typename: 'Complaint', status: 'CONTAINMENT' });
    expect(await inDept.next()).toMatchObject({ from: 'ACCEPTED', to: 'CONTAINMENT', department: acceptComplaint.department });
    expect(await all.next()).toMatchObject({ to: 'CONTAINMENT' });
    await underReview.expectNone(100);
    await Promise.all([otherType.expectNone(200), elsewhere.expectNone(200)]);
    for (const s of [all, underReview, otherType, inDept, elsewhere]) s.close();
  });

  it('investigationUpdated: opened and section steps, filtered by investigation, type and section', async () => {
    type Update = InvestigationUpdatedSubscription['investigationUpdated'];
    const crew = await createCrew(server);
    const client = server.wsClient();
    const all = await subscribeEvents<Update>(client, InvestigationUpdatedDocument, undefined, server.subscriptions);
    const c = await createComplaint();
    const inv = await investigationStep(server.query(OpenInvestigationDocument, { input: { title: '孔位偏移 hole offset', complaintIds: [c.id], reason: 'subscription test' } }, crew.engineer.key));
    expect(await all.next()).toMatchObject({ section: null, event: { type: 'investigation.opened', subjectId: inv.id }, investigation: { id: inv.id, status: 'OPEN' } });
    const d0SignOffs = await subscribeEvents<Update>(client, InvestigationUpdatedDocument, { filter: { investigationIds: [inv.id], sections: ['D0'], types: ['investigation.section_signed_off'] } }, server.subscriptions);
    const d1Only = await subscribeEvents<Update>(client, InvestigationUpdatedDocument, { filter: { sections: ['D1'] } }, server.subscriptions);
    await completeSection(server, { investigationId: inv.id, key: 'D0', version: await sectionVersion(server, inv.id, 'D0') }, eightD.D0(), { owner: crew.engineer, signer: crew.manager });
    expect(await d0SignOffs.next()).toMatchObject({ section: 'D0', event: { type: 'investigation.section_signed_off', subjectId: inv.id, actor: { id: crew.manager.id } } });
    expect((await all.next()).event.type).toBe('investigation.section_draft_saved');
    expect((await all.next()).event.type).toBe('investigation.section_submitted');
    expect((await all.next()).event.type).toBe('investigation.section_signed_off');
    await Promise.all([d0SignOffs.expectNone(200), d1Only.expectNone(200)]);
    for (const s of [all, d0SignOffs, d1Only]) s.close();
  });

  it("isolates tenants: a subscriber never receives another tenant's event", async () => {
    const other = await server.createTenant('stream-other');
    const theirs = await subscribeEvents(server.wsClient(other.key), EventStreamDocument, { after: eventCursor(0) }, server.subscriptions);
    // Their own history (templates published at creation) replays first.
    const theirHistory = await server.app.services.db.forTenant(other.tenantId).count(DomainEvent);
    for (let i = 0; i < theirHistory; i++) expect((await theirs.next()).type).toMatch(/^template\./);
    await createComplaint();
    await theirs.expectNone(300);
    const mine = await createComplaint(other.key);
    expect(await theirs.next()).toMatchObject({ type: 'complaint.created', subjectId: mine.id, sequence: theirHistory + 1 });
    theirs.close();
  });

  it.each([
    { title: 'a malformed cursor', variables: { after: '!!' }, path: 'after' },
    { title: 'a malformed type', variables: { filter: { types: ['*'] } }, path: 'filter/types/0' },
  ])('refuses $title with BAD_USER_INPUT', async ({ variables, path }) => {
    const client = server.wsClient();
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: EVENT_STREAM, variables }, { next: (r) => resolve(r), error: (e) => resolve(e), complete: () => undefined });
    });
    expect(outcome).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', path } }] });
  });
});

describe('verifyAuditTrail', () => {
  it('reports an intact chain, then the first broken link after one stored byte is changed, or an event removed', async () => {
    await createComplaint();
    const intact = await server.query(VerifyAuditTrailDocument);
    const stored = await storedEvents();
    expect(intact.verifyAuditTrail).toEqual({ intact: true, checked: stored.length, headSequence: stored.length, headHash: stored.at(-1)!.hash, firstBreak: null });

    const victim = stored[Math.floor(stored.length / 2)];
    const em = server.app.services.db.system() as SqlEntityManager;
    const sqlite = server.config.database.kind === 'sqlite';
    // Tampering needs the append-only triggers out of the way: only someone with the database's owner rights can.
    const unguard = sqlite ? 'drop trigger event_no_update' : 'alter table "event" disable trigger event_no_update_delete';
    const reguard = sqlite ? `create trigger event_no_update before update on event begin select raise(abort, 'event is append-only: update refused'); end` : 'alter table "event" enable trigger event_no_update_delete';
    const forged = `${victim.actorName.slice(0, -1)}${victim.actorName.at(-1) === 'X' ? 'Y' : 'X'}`;
    await em.execute(unguard);
    await em.execute(`update event set actor_name = ? where id = ?`, [forged, victim.id]);
    await em.execute(reguard);
    const broken = await server.query(VerifyAuditTrailDocument);
    expect(broken.verifyAuditTrail).toMatchObject({ intact: false, checked: victim.sequence - 1, firstBreak: { sequence: victim.sequence, eventId: victim.id, problem: 'HASH_MISMATCH' } });

    // Put the byte back and remove a later event instead: the chain has a hole there.
    const removed = stored.at(-2)!;
    const unguardDelete = sqlite ? 'drop trigger event_no_delete' : 'alter table "event" disable trigger event_no_update_delete';
    const reguardDelete = sqlite ? `create trigger event_no_delete before delete on event begin select raise(abort, 'event is append-only: delete refused'); end` : 'alter table "event" enable trigger event_no_update_delete';
    await em.execute(unguard);
    await em.execute(`update event set actor_name = ? where id = ?`, [victim.actorName, victim.id]);
    await em.execute(reguard);
    expect((await server.query(VerifyAuditTrailDocument)).verifyAuditTrail.intact).toBe(true);
    await em.execute(unguardDelete);
    await em.execute(`delete from event where id = ?`, [removed.id]);
    await em.execute(reguardDelete);
    const gap = await server.query(VerifyAuditTrailDocument);
    expect(gap.verifyAuditTrail).toMatchObject({ intact: false, checked: removed.sequence - 1, firstBreak: { sequence: removed.sequence, eventId: null, problem: 'SEQUENCE_GAP' } });
    // The triggers are back: the trail refuses changes again.
    await expect(em.execute(`update event set actor_name = 'x' where id = ?`, [victim.id])).rejects.toThrow(/append-only/);
  });
});

const EVENT_STREAM = 'subscription ($after: String, $filter: EventFilter) { events(after: $after, filter: $filter) { sequence } }';
