import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation } from '../../../src/investigations/investigation.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { ComplaintEventsDocument } from '../../__generated__/graphql';
import { accessToken, createUser } from '../../fixtures/auth';
import { shippedTypeSamples } from '../../fixtures/complaints';
import { subscribeEvents } from '../../fixtures/subscriptions';
import { editAndPublish, type Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
/** Access tokens: an engineer of production (department A), one of the plant (A's parent), a manager of production. */
let engineer: string;
let plantEngineer: string;
let manager: string;
let engineerId: string;
let leaderKey: { key: string; id: string };
/** A: routed to production; B: routed to logistics. */
let a: { id: string; version: number; number: string };
let b: { id: string; version: number; number: string };
/** Routed to customer service, which is not under the plant. */
let c: { id: string };
let invA: { id: string; version: number };
let invB: { id: string; version: number };
let costB: string;

async function gql(query: string, variables: Record<string, unknown> = {}, key?: string) {
  return server.request(parse(query) as TypedDocumentNode<Json, Record<string, unknown>>, variables, { key });
}
async function data(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<Json> {
  const result = await gql(query, variables, key);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const TRANSITION = `__typename ... on Complaint { id version number department ownerId } ... on ErrorResult { code }`;

/** A complaint of a shipped type, reviewed and accepted by the admin: routed by the type's rules. */
async function routed(sample: (typeof shippedTypeSamples)[number]): Promise<{ id: string; version: number; number: string }> {
  const created = (await data(`mutation($input: CreateComplaintInput!) { r: createComplaint(input: $input) { ${TRANSITION} } }`, { input: { typeKey: sample.typeKey, data: sample.data } })).r;
  const reviewed = (await data(`mutation($input: ComplaintStepInput!) { r: startReview(input: $input) { ${TRANSITION} } }`, { input: { id: created.id, version: created.version } })).r;
  const accepted = (await data(`mutation($input: AcceptComplaintInput!) { r: acceptComplaint(input: $input) { ${TRANSITION} } }`, { input: { id: reviewed.id, version: reviewed.version, category: sample.category } })).r;
  expect(accepted.department).toBe(sample.department);
  return accepted;
}

async function openInvestigation(department: string, complaintId: string): Promise<{ id: string; version: number }> {
  const r = (
    await data(`mutation($input: OpenInvestigationInput!) { r: openInvestigation(input: $input) { __typename ... on Investigation { id version department } ... on ErrorResult { code message } } }`, {
      input: { title: `8D ${department}`, templateKey: '8d', department, severity: 'minor', complaintIds: [complaintId] },
    })
  ).r;
  expect(r).toMatchObject({ __typename: 'Investigation', department });
  return r;
}

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' });
  // The engineers may change complaints and costs, so what stops them is visibility alone.
  await editAndPublish(server, 'ORGANIZATION', 'default', (org: Json) => {
    for (const p of ['complaint.update', 'cost.write', 'export.complaints']) org.permissions[p].push('production-engineer');
  });
  const user = async (username: string, roles: string[], departments: string[], level: string) => {
    const id = await createUser(server, { username, roles, departments, level });
    return { id: `user:${localUuid(id, 'User')}`, token: await accessToken(server, username) };
  };
  const e = await user('eng-production', ['production-engineer'], ['production'], 'engineer');
  engineer = e.token;
  engineerId = e.id;
  plantEngineer = (await user('eng-plant', ['production-engineer'], ['plant'], 'engineer')).token;
  manager = (await user('mgr-production', ['production-manager'], ['production'], 'manager')).token;
  const leader = await server.app.services.apiKeys.create(server.tenantId, 'QE leader', ['quality-engineer']);
  leaderKey = { key: leader.key, id: `api-key:${leader.apiKey.id}` };

  a = await routed(shippedTypeSamples[0]);
  b = await routed(shippedTypeSamples[1]);
  c = await routed(shippedTypeSamples[2]);
  invA = await openInvestigation('production', a.id);
  invB = await openInvestigation('logistics', b.id);
  const cost = (await data(`mutation { r: addCostItem(input: { subjectId: "${b.id}", kind: "freight", amount: "80.00" }) { __typename ... on CostItem { id } } }`)).r;
  costB = cost.id;
});
afterAll(() => server?.stop());

const errorCode = async (query: string, variables: Record<string, unknown>, key: string) => (await gql(query, variables, key)).errors?.[0]?.extensions?.code;

describe('an engineer of department A', () => {
  it.each([
    { title: 'complaint(id)', query: `query($id: ID!) { complaint(id: $id) { id } }`, id: () => b.id },
    { title: 'node(id) of the complaint', query: `query($id: ID!) { node(id: $id) { id } }`, id: () => b.id },
    { title: 'investigation(id)', query: `query($id: ID!) { investigation(id: $id) { id } }`, id: () => invB.id },
    { title: 'node(id) of a cost item of the complaint', query: `query($id: ID!) { node(id: $id) { id } }`, id: () => costB },
  ])("gets NOT_FOUND from $title of department B's record", async ({ query, id }) => {
    expect(await errorCode(query, { id: id() }, engineer)).toBe('NOT_FOUND');
  });

  it("reads its own department's complaint and investigation; the plant's engineer reads those of every department under the plant", async () => {
    expect((await data(`query($id: ID!) { complaint(id: $id) { number } }`, { id: a.id }, engineer)).complaint.number).toBe(a.number);
    expect((await data(`query($id: ID!) { investigation(id: $id) { id } }`, { id: invA.id }, engineer)).investigation.id).toBe(invA.id);
    expect((await data(`query($id: ID!) { complaint(id: $id) { number } }`, { id: a.id }, plantEngineer)).complaint.number).toBe(a.number);
    expect((await data(`query($id: ID!) { complaint(id: $id) { number } }`, { id: b.id }, plantEngineer)).complaint.number).toBe(b.number);
    expect(await errorCode(`query($id: ID!) { complaint(id: $id) { id } }`, { id: c.id }, plantEngineer)).toBe('NOT_FOUND');
  });

  it('lists only visible records, with totals that match the pages and cursors that work', async () => {
    const all = await server.stored().count(Complaint, {});
    const visible = await server.stored().count(Complaint, { department: 'production' });
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    do {
      const page: Json = (await data(`query($after: String) { complaints(first: 1, after: $after) { totalCount edges { node { id department } } pageInfo { hasNextPage endCursor } } }`, { after }, engineer)).complaints;
      total = page.totalCount;
      seen.push(...page.edges.map((e: Json) => e.node.id));
      expect(page.edges.every((e: Json) => e.node.department === 'production')).toBe(true);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(total).toBe(visible);
    expect(seen).toHaveLength(visible);
    expect(seen).toContain(a.id);
    expect(seen).not.toContain(b.id);
    expect(all).toBeGreaterThan(visible);
    const investigations = (await data(`{ investigations(first: 100) { totalCount edges { node { id } } } }`, {}, engineer)).investigations;
    expect(investigations.edges.map((e: Json) => e.node.id)).toEqual([invA.id]);
    expect(investigations.totalCount).toBe(1);
  });

  it.each([
    {
      title: 'updateComplaint',
      query: `mutation($input: UpdateComplaintInput!) { r: updateComplaint(input: $input) { __typename ... on ErrorResult { code } } }`,
      input: () => ({ id: b.id, version: b.version, data: shippedTypeSamples[1].data }),
    },
    { title: 'a stage-1 transition (assign)', query: `mutation($input: AssignComplaintInput!) { r: assignComplaint(input: $input) { __typename ... on ErrorResult { code } } }`, input: () => ({ id: b.id, version: b.version, ownerId: engineerId }) },
    {
      title: 'addCostItem',
      query: `mutation($input: AddCostItemInput!) { r: addCostItem(input: $input) { __typename ... on ErrorResult { code } } }`,
      input: () => ({ subjectId: b.id, kind: 'freight', amount: '10.00' }),
    },
    { title: 'voidCostItem', query: `mutation($input: VoidCostItemInput!) { r: voidCostItem(input: $input) { __typename ... on ErrorResult { code } } }`, input: () => ({ id: costB, reason: 'wrong' }) },
    {
      title: 'an investigation step (setInvestigationTeam)',
      query: `mutation($input: SetInvestigationTeamInput!) { r: setInvestigationTeam(input: $input) { __typename ... on ErrorResult { code } } }`,
      input: () => ({ id: invB.id, version: invB.version, leaderId: engineerId, members: [] }),
    },
  ])("gets NOT_FOUND from $title on department B's record, and nothing changes", async ({ query, input }) => {
    const events = await server.stored().count(DomainEvent, {});
    const before = await server.stored().findOneOrFail(Complaint, { id: localUuid(b.id, 'Complaint')! });
    const { data: result } = await gql(query, { input: input() }, engineer);
    expect(result!.r).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await server.stored().count(DomainEvent, {})).toBe(events);
    const after = await server.stored().findOneOrFail(Complaint, { id: localUuid(b.id, 'Complaint')! });
    expect(after.version).toBe(before.version);
  });

  it("gets no event about B's records from the event feed, page by page", async () => {
    const subjects = new Set<string>();
    let after: string | null = null;
    let more = true;
    while (more) {
      const feed: Json = (await data(`query($after: String) { events(first: 5, after: $after) { edges { node { subjectId type } } pageInfo { hasNextPage endCursor } } }`, { after }, engineer)).events;
      for (const e of feed.edges) subjects.add(e.node.subjectId);
      more = feed.pageInfo.hasNextPage;
      after = feed.pageInfo.endCursor;
    }
    expect(subjects).toContain(a.id);
    expect(subjects).toContain(invA.id);
    expect(subjects).not.toContain(b.id);
    expect(subjects).not.toContain(invB.id);
    const adminSubjects = (await data(`{ events(first: 100) { edges { node { subjectId } } } }`)).events.edges.map((e: Json) => e.node.subjectId);
    expect(adminSubjects).toContain(b.id);
  });

  it("is not delivered B's events by a subscription", async () => {
    const client = server.wsClient(engineer);
    try {
      const stream = await subscribeEvents(client, ComplaintEventsDocument, {}, server.subscriptions);
      await data(`mutation($input: AddContainmentActionInput!) { r: addContainmentAction(input: $input) { ${TRANSITION} } }`, { input: { id: b.id, version: b.version, description: 'B: 冻结库存 freeze stock' } }).then((r) => (b = r.r));
      await data(`mutation($input: AddContainmentActionInput!) { r: addContainmentAction(input: $input) { ${TRANSITION} } }`, { input: { id: a.id, version: a.version, description: 'A: 冻结库存 freeze stock' } }).then((r) => (a = r.r));
      // B's change committed first; the first event delivered is A's.
      const first = await stream.next();
      expect(first.subjectId).toBe(a.id);
      stream.close();
    } finally {
      await client.dispose();
    }
  });

  it('exports only the visible complaints', async () => {
    const link = (await data(`mutation { r: requestExport(input: { kind: COMPLAINTS, format: CSV }) { __typename ... on ExportLink { url } } }`, {}, engineer)).r;
    const csv = await (await fetch(new URL(link.url, server.url))).text();
    expect(csv).toContain(a.number);
    expect(csv).not.toContain(b.number);
    const adminLink = (await data(`mutation { r: requestExport(input: { kind: COMPLAINTS, format: CSV }) { __typename ... on ExportLink { url } } }`)).r;
    expect(await (await fetch(new URL(adminLink.url, server.url))).text()).toContain(b.number);
  });

  it("gets NOT_FOUND from B's investigation report, and A's report", async () => {
    const report = (id: string) => fetch(new URL(`/reports/investigations/${encodeURIComponent(id)}.json`, server.url), { headers: { authorization: `Bearer ${engineer}` } });
    const refused = await report(invB.id);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as Json).errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await report(invA.id)).status).toBe(200);
  });

  it("gets NOT_FOUND from customer messages, signatures and lessons of records it may not see", async () => {
    const preview = `query($input: PreviewMessageInput!) { previewMessage(input: $input) { __typename ... on ErrorResult { code } ... on MessagePreview { subject } } }`;
    const input = (id: string) => ({ input: { complaintId: id, messageKey: 'acknowledgement', locale: 'EN', channel: 'LETTER' } });
    expect((await data(preview, input(b.id), engineer)).previewMessage).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect((await data(preview, input(a.id), engineer)).previewMessage.__typename).toBe('MessagePreview');

    // A complaint under review (no department yet) is at its closing step: only the admin's search finds its lesson.
    const created = (await data(`mutation($input: CreateComplaintInput!) { r: createComplaint(input: $input) { ${TRANSITION} } }`, { input: { typeKey: shippedTypeSamples[1].typeKey, data: shippedTypeSamples[1].data } })).r;
    const reviewed = (await data(`mutation($input: ComplaintStepInput!) { r: startReview(input: $input) { ${TRANSITION} } }`, { input: { id: created.id, version: created.version } })).r;
    const lesson = 'visibility-lesson 可见性教训';
    const recorded = (
      await data(`mutation($input: RecordClosingEvaluationInput!) { r: recordClosingEvaluation(input: $input) { __typename ... on ClosingEvaluation { id } ... on ErrorResult { code } } }`, {
        input: { subjectId: reviewed.id, wentWell: '', wentWrong: '', lessonsLearned: lesson, prevention: [], trainingExample: false },
      })
    ).r;
    expect(recorded.__typename).toBe('ClosingEvaluation');
    const search = `query($text: String!) { lessons(first: 10, filter: { text: $text }) { totalCount edges { node { subjectId } } } }`;
    expect((await data(search, { text: '可见性' })).lessons).toMatchObject({ totalCount: 1, edges: [{ node: { subjectId: reviewed.id } }] });
    expect((await data(search, { text: '可见性' }, engineer)).lessons).toEqual({ totalCount: 0, edges: [] });
    const again = `mutation($input: RecordClosingEvaluationInput!) { r: recordClosingEvaluation(input: $input) { __typename ... on ErrorResult { code } } }`;
    expect((await data(again, { input: { subjectId: reviewed.id, version: 1, wentWell: '', wentWrong: '', lessonsLearned: 'x', prevention: [], trainingExample: false } }, engineer)).r).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it("sees B's complaint once made its owner, and B's investigation once on its team", async () => {
    const assigned = (await data(`mutation($input: AssignComplaintInput!) { r: assignComplaint(input: $input) { ${TRANSITION} } }`, { input: { id: b.id, version: b.version, ownerId: engineerId } })).r;
    expect(assigned).toMatchObject({ __typename: 'Complaint', ownerId: engineerId });
    b = assigned;
    expect((await data(`query($id: ID!) { complaint(id: $id) { number } }`, { id: b.id }, engineer)).complaint.number).toBe(b.number);
    expect(await errorCode(`query($id: ID!) { investigation(id: $id) { id } }`, { id: invB.id }, engineer)).toBe('NOT_FOUND');

    const stored = await server.stored().findOneOrFail(Investigation, { id: localUuid(invB.id, 'Investigation')! });
    const team = (
      await data(`mutation($input: SetInvestigationTeamInput!) { r: setInvestigationTeam(input: $input) { __typename ... on Investigation { version } ... on ErrorResult { code message } } }`, {
        input: { id: invB.id, version: stored.version, leaderId: leaderKey.id, members: [{ principalId: engineerId, role: '物流工程 logistics engineering' }] },
      })
    ).r;
    expect(team.__typename).toBe('Investigation');
    expect((await data(`query($id: ID!) { investigation(id: $id) { id } }`, { id: invB.id }, engineer)).investigation.id).toBe(invB.id);
    const feed = (await data(`{ events(first: 100) { edges { node { subjectId } } } }`, {}, engineer)).events.edges.map((e: Json) => e.node.subjectId);
    expect(feed).toContain(b.id);
    expect(feed).toContain(invB.id);
  });
});

describe('a manager', () => {
  it('sees every complaint and investigation, by level', async () => {
    expect((await data(`query($id: ID!) { complaint(id: $id) { number } }`, { id: b.id }, manager)).complaint.number).toBe(b.number);
    expect((await data(`query($id: ID!) { investigation(id: $id) { id } }`, { id: invB.id }, manager)).investigation.id).toBe(invB.id);
    const list = (await data(`{ complaints(first: 100) { totalCount edges { node { id } } } }`, {}, manager)).complaints;
    expect(list.totalCount).toBe(await server.stored().count(Complaint, {}));
    expect(list.edges).toHaveLength(list.totalCount);
  });
});

describe('an API key, judged by its roles', () => {
  it('sees all with a role at manager level, only its own records with an engineer role', async () => {
    const { key: managerKey } = await server.app.services.apiKeys.create(server.tenantId, 'rd manager key', ['rd-manager']);
    const { key: engineerKey } = await server.app.services.apiKeys.create(server.tenantId, 'rd engineer key', ['rd-engineer']);
    expect((await data(`query($id: ID!) { complaint(id: $id) { number } }`, { id: a.id }, managerKey)).complaint.number).toBe(a.number);
    expect(await errorCode(`query($id: ID!) { complaint(id: $id) { id } }`, { id: a.id }, engineerKey)).toBe('NOT_FOUND');
    expect((await data(`{ complaints(first: 10) { totalCount } }`, {}, engineerKey)).complaints.totalCount).toBe(0);
  });
});
