import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  AddContainmentActionDocument,
  AssignComplaintDocument,
  ComplaintDocument,
  ComplaintsDocument,
  CreateComplaintDocument,
  DisableUserDocument,
  StartReviewDocument,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import { accessToken, createUser } from '../../fixtures/auth';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stage-1 record is free-form JSON
type Json = any;
type Complaintish = Extract<TransitionFieldsFragment, { __typename: 'Complaint' }>;

let server: TestServer;
/** A production engineer: sees production's complaints and those they own. */
let zhao: { globalId: string; uuid: string; token: string };
let leaverId: string;

beforeAll(async () => {
  server = await startTestServer();
  const globalId = await createUser(server, { username: 'zhao.lei', displayName: '赵磊 Zhao Lei', roles: ['production-engineer'], departments: ['production'], level: 'engineer' });
  zhao = { globalId, uuid: localUuid(globalId, 'User')!, token: await accessToken(server, 'zhao.lei') };
  const leaver = await createUser(server, { username: 'sun.tao', displayName: '孙涛 Sun Tao', roles: ['sqe'], departments: ['sqe'], level: 'engineer' });
  expect((await server.query(DisableUserDocument, { id: leaver })).disableUser.__typename).toBe('User');
  leaverId = `user:${localUuid(leaver, 'User')}`;
});
afterAll(() => server?.stop());

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Complaintish> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}

const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });

/** A material complaint accepted: routed to SQE, which the production engineer does not see. */
async function accepted(): Promise<Complaintish> {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ defectType: 'material' }) }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  const reviewed = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
  return step(server.query(AcceptComplaintDocument, { input: { ...ref(reviewed), category: 'material' } }));
}

const snapshot = async (id: string) => {
  const c = await server.stored().fork().findOneOrFail(Complaint, { id: localUuid(id, 'Complaint')! });
  return { version: c.version, ownerId: c.ownerId, record: c.record, events: await server.stored().count(DomainEvent, {}) };
};

describe('complaint owners named as principals', () => {
  it('assigns a user named by bare uuid as user:<uuid>, so the owner sees the complaint', async () => {
    const c = await accepted();
    expect(c.department).toBe('sqe');
    const hidden = await server.request(ComplaintDocument, { id: c.id }, { key: zhao.token });
    expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const assigned = await step(server.query(AssignComplaintDocument, { input: { ...ref(c), ownerId: zhao.uuid } }));
    expect(assigned.ownerId).toBe(`user:${zhao.uuid}`);
    expect((await server.query(ComplaintDocument, { id: c.id }, zhao.token)).complaint.id).toBe(c.id);
    // The owner filter takes the same ids.
    for (const ownerId of [`user:${zhao.uuid}`, zhao.uuid, zhao.globalId]) {
      const { complaints } = await server.query(ComplaintsDocument, { first: 10, filter: { ownerIds: [ownerId] } });
      expect(complaints.edges.map((e) => e.node.id)).toEqual([c.id]);
    }
  });

  it('names a containment action owner by global ID, stored as user:<uuid>', async () => {
    const c = await accepted();
    const contained = await step(server.query(AddContainmentActionDocument, { input: { ...ref(c), description: '冻结库存 freeze stock', ownerId: zhao.globalId } }));
    expect(contained).toMatchObject({ status: 'CONTAINMENT', ownerId: `user:${zhao.uuid}` });
    expect((contained.record as Json).containment).toEqual([expect.objectContaining({ ownerId: `user:${zhao.uuid}` })]);
  });

  it.each([
    { title: 'assignComplaint to a user id of nobody', run: (c: Complaintish) => server.query(AssignComplaintDocument, { input: { ...ref(c), ownerId: `user:${randomUUID()}` } }) },
    { title: 'assignComplaint to a disabled user', run: (c: Complaintish) => server.query(AssignComplaintDocument, { input: { ...ref(c), ownerId: leaverId } }) },
    { title: 'assignComplaint to a made-up key id', run: (c: Complaintish) => server.query(AssignComplaintDocument, { input: { ...ref(c), ownerId: 'api-key:sqe-wang', department: 'production', reason: 'assembly' } }) },
    { title: 'addContainmentAction owned by nobody', run: (c: Complaintish) => server.query(AddContainmentActionDocument, { input: { ...ref(c), description: 'sort stock', ownerId: randomUUID() } }) },
  ])('refuses $title with UNKNOWN_PRINCIPAL at /ownerId, changing nothing', async ({ run }) => {
    const c = await accepted();
    const before = await snapshot(c.id);
    const result = Object.values(await run(c))[0] as Json;
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect(result.problems.map(({ path, code }: Json) => ({ path, code }))).toEqual([{ path: '/ownerId', code: 'UNKNOWN_PRINCIPAL' }]);
    expect(await snapshot(c.id)).toEqual(before);
  });
});
