import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Consequence, ResponsibilityDecision } from '../../../src/accountability/responsibility.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { ComplaintResponsibilityDocument, DecideResponsibilityDocument, type DecideResponsibilityInput } from '../../__generated__/graphql';
import { createUser } from '../../fixtures/auth';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { seedComplaint } from '../stats/stats-seed';

const clock = new ManualClock(new Date('2026-11-23T01:00:00Z'));
const LI = '李伟 Li Wei';
const WANG = '王芳 Wang Fang';

let server: TestServer;
const keys: Record<string, { key: string; principalId: string }> = {};
let li: { globalId: string; uuid: string };
let wang: { globalId: string; uuid: string };
let complaintId: string;

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  for (const role of ['quality-manager', 'hr-manager']) {
    const { key, apiKey } = await server.app.services.apiKeys.create(server.tenantId, role, [role]);
    keys[role] = { key, principalId: `api-key:${apiKey.id}` };
  }
  const user = async (username: string, displayName: string, departments: string[]) => {
    const globalId = await createUser(server, { username, displayName, roles: ['production-engineer'], departments, level: 'engineer' });
    return { globalId, uuid: localUuid(globalId, 'User')! };
  };
  li = await user('li.wei', LI, ['production']);
  wang = await user('wang.fang', WANG, ['quality']);
  complaintId = (await seedComplaint(server, clock, { received: '2026-11-02T02:00:00Z', product: 'BRK-2041', customer: '华东汽车', quantity: 40, closeAfterHours: 3, category: 'machining' })).id;
});
afterAll(() => server?.stop());

const input = (people: [string, string]): DecideResponsibilityInput => ({
  complaintId,
  evidence: '夹具定位销磨损未按保养计划更换 worn locating pin not replaced',
  parties: [
    { department: 'production', people: [people[0]], kind: 'DIRECT', share: '60' },
    { department: 'quality', people: [people[1]], kind: 'MANAGERIAL', share: '40' },
  ],
});

const decide = (i: DecideResponsibilityInput) => server.query(DecideResponsibilityDocument, { input: i }, keys['quality-manager'].key).then((r) => r.decideResponsibility);
const stored = async () => ({ decisions: await server.stored().count(ResponsibilityDecision, {}), consequences: await server.stored().count(Consequence, {}), events: await server.stored().count(DomainEvent, {}) });

describe('responsible people named as principals', () => {
  it.each([
    { title: 'an API key', people: () => [keys['hr-manager'].principalId, wang.globalId] as [string, string], path: '/input/parties/0/people/0' },
    { title: 'an API key by bare uuid', people: () => [li.globalId, keys['hr-manager'].principalId.slice('api-key:'.length)] as [string, string], path: '/input/parties/1/people/0' },
    { title: 'a user id of nobody', people: () => [`user:${randomUUID()}`, wang.globalId] as [string, string], path: '/input/parties/0/people/0' },
  ])('refuses $title as a responsible person with UNKNOWN_USER at $path, storing nothing', async ({ people, path }) => {
    const before = await stored();
    const r = await decide(input(people()));
    expect(r).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect((r as { problems: Array<{ path: string; code: string }> }).problems.map(({ path, code }) => ({ path, code }))).toEqual([{ path, code: 'UNKNOWN_USER' }]);
    expect(await stored()).toEqual(before);
  });

  it('takes users by principal id (as me.id gives it) and by bare uuid, and keeps them as the users with their names', async () => {
    const r = await decide(input([`user:${li.uuid}`, wang.uuid]));
    expect(r.__typename).toBe('ResponsibilityDecision');
    const hr = (await server.query(ComplaintResponsibilityDocument, { id: complaintId }, keys['hr-manager'].key)).complaint.responsibility!;
    expect(hr.parties).toMatchObject([
      { department: 'production', people: [{ userId: li.globalId, name: LI }] },
      { department: 'quality', people: [{ userId: wang.globalId, name: WANG }] },
    ]);
    const targets = (await server.stored().find(Consequence, { complaintId: localUuid(complaintId, 'Complaint')! })).map((c) => c.targetKey);
    expect(targets).toContain(`user:${li.uuid}`);
    expect(targets).toContain(`user:${wang.uuid}`);
  });
});
