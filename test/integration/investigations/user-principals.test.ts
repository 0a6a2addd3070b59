import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation, InvestigationSection } from '../../../src/investigations/investigation.entity';
import { localUuid, toGlobalId } from '../../../src/shared/graphql/global-id';
import {
  DisableUserDocument,
  InvestigationDocument,
  InvestigationPeopleDocument,
  InvestigationReportDocument,
  InvestigationsPeopleDocument,
  InvestigationsDocument,
  OpenInvestigationDocument,
  type OpenInvestigationInput,
  SaveSectionDraftDocument,
  SetInvestigationTeamDocument,
  SignedSignOffSectionDocument,
  SignOffSectionDocument,
  SubmitSectionDocument,
} from '../../__generated__/graphql';
import { accessToken, createUser, PASSWORD } from '../../fixtures/auth';
import { createCrew, EIGHT_D_SECTIONS, eightD, investigationStep, sectionStep, sectionVersion, type InvestigationView } from '../../fixtures/investigations';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { pageTexts, squeeze } from '../../unit/reports/pdf-reader';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- report JSON and event data are free-form
type Json = any;

/** A user: its global ID (as `users` lists it), principal id (as `me.id` gives it), bare uuid, display name and access token. */
interface Person {
  globalId: string;
  principalId: string;
  uuid: string;
  name: string;
  token: string;
}

let server: TestServer;
let crew: Awaited<ReturnType<typeof createCrew>>;
const people: Record<'qualityManager' | 'qualityEngineer' | 'plantManager' | 'processEngineer' | 'seniorEngineer' | 'leaver', Person> = {} as never;

beforeAll(async () => {
  // The shipped 8D as it comes: D4, D5 and D8 need a user's electronic signature.
  server = await startTestServer();
  crew = await createCrew(server);
  const make = async (username: string, name: string, roles: string[], departments: string[], level: string): Promise<Person> => {
    const globalId = await createUser(server, { username, displayName: name, roles, departments, level });
    const uuid = localUuid(globalId, 'User')!;
    return { globalId, uuid, principalId: `user:${uuid}`, name, token: await accessToken(server, username) };
  };
  people.qualityManager = await make('zhou.min', '周敏 Zhou Min', ['quality-manager'], ['quality'], 'manager');
  people.qualityEngineer = await make('chen.xiaoming', '陈晓明 Chen Xiaoming', ['quality-engineer'], ['quality'], 'engineer');
  people.plantManager = await make('wang.jianguo', '王建国 Wang Jianguo', ['plant-manager'], ['plant'], 'director');
  // Sees only production's records and those they are on the team of.
  people.processEngineer = await make('zhao.lei', '赵磊 Zhao Lei', ['production-engineer'], ['production'], 'engineer');
  // An engineer's role, a director's own level: the higher counts.
  people.seniorEngineer = await make('li.na', '李娜 Li Na', ['quality-engineer'], ['quality'], 'director');
  people.leaver = await make('sun.tao', '孙涛 Sun Tao', ['quality-engineer'], ['quality'], 'engineer');
  const { disableUser } = await server.query(DisableUserDocument, { id: people.leaver.globalId });
  expect(disableUser.__typename).toBe('User');
});
afterAll(() => server?.stop());

const standalone: OpenInvestigationInput = { title: '内部不合格：焊缝气孔 internal nonconformance: weld porosity', templateKey: '8d', severity: 'major', department: 'quality' };

const open = (input: Partial<OpenInvestigationInput>) => server.query(OpenInvestigationDocument, { input: { ...standalone, ...input } }, crew.engineer.key);

const reload = async (id: string): Promise<InvestigationView> => (await server.query(InvestigationDocument, { id })).investigation;

/** What a refusal must leave as it was. */
async function storedState() {
  const em = server.stored().fork();
  return {
    investigations: (await em.find(Investigation, {}, { orderBy: { id: 'asc' } })).map((i) => [i.id, i.version, i.leaderId, i.championId, i.team]),
    sections: await em.count(InvestigationSection, {}),
    events: await em.count(DomainEvent, {}),
  };
}

describe('users as leader, champion and team of an 8D', () => {
  let inv: InvestigationView;

  it('opens an 8D led by a user named as me.id gives it, with a champion named by bare uuid, both stored as user:<uuid>', async () => {
    inv = await investigationStep(open({ leaderId: people.qualityManager.principalId, championId: people.plantManager.uuid }));
    expect(inv).toMatchObject({ leaderLevel: 'manager', leaderId: people.qualityManager.principalId, championId: people.plantManager.principalId });
  });

  it('sets a team of users named by bare uuid, principal id and global ID, storing each as user:<uuid>', async () => {
    inv = await investigationStep(
      server.query(
        SetInvestigationTeamDocument,
        {
          input: {
            id: inv.id,
            version: inv.version,
            leaderId: people.qualityManager.uuid,
            championId: people.plantManager.globalId,
            members: [
              { principalId: people.qualityEngineer.principalId, role: '质量工程 quality engineering' },
              { principalId: people.processEngineer.uuid, role: '工艺 process engineering' },
              { principalId: toGlobalId('ApiKey', crew.production.id.slice('api-key:'.length)), role: '生产 production' },
            ],
          },
        },
        people.qualityEngineer.token,
      ),
    );
    expect(inv).toMatchObject({
      leaderId: people.qualityManager.principalId,
      championId: people.plantManager.principalId,
      team: [
        { principalId: people.qualityEngineer.principalId, role: '质量工程 quality engineering' },
        { principalId: people.processEngineer.principalId, role: '工艺 process engineering' },
        { principalId: crew.production.id, role: '生产 production' },
      ],
    });
    // Stored by the id the user acts under, the team member sees the quality department's investigation.
    expect((await server.query(InvestigationDocument, { id: inv.id }, people.processEngineer.token)).investigation.id).toBe(inv.id);
  });

  it('names the leader, champion and team by display name beside their ids, over GraphQL as in the report', async () => {
    const { investigation } = await server.query(InvestigationPeopleDocument, { id: inv.id }, people.qualityEngineer.token);
    expect(investigation).toEqual({
      leaderId: people.qualityManager.principalId,
      leaderName: '周敏 Zhou Min',
      championId: people.plantManager.principalId,
      championName: '王建国 Wang Jianguo',
      team: [
        { principalId: people.qualityEngineer.principalId, name: '陈晓明 Chen Xiaoming', role: '质量工程 quality engineering' },
        { principalId: people.processEngineer.principalId, name: '赵磊 Zhao Lei', role: '工艺 process engineering' },
        { principalId: crew.production.id, name: '赵磊 PE', role: '生产 production' },
      ],
    });
    // A list resolves them too (batched per level), and an investigation without a leader names none.
    const { investigations } = await server.query(InvestigationsPeopleDocument, { first: 100 });
    const byId = new Map(investigations.edges.map((e) => [e.node.id, e.node]));
    expect(byId.get(inv.id)).toEqual({ id: inv.id, leaderName: '周敏 Zhou Min', team: [{ name: '陈晓明 Chen Xiaoming' }, { name: '赵磊 Zhao Lei' }, { name: '赵磊 PE' }] });
  });

  it('finds the investigations a user leads by any of their ids', async () => {
    for (const leaderId of [people.qualityManager.principalId, people.qualityManager.uuid, people.qualityManager.globalId]) {
      const { investigations } = await server.query(InvestigationsDocument, { first: 10, filter: { leaderId } });
      expect(investigations.edges.map((e) => e.node.id)).toEqual([inv.id]);
    }
  });

  it.each([
    { title: 'a leader id of no user or key', input: () => ({ leaderId: `user:${randomUUID()}` }), problems: [{ path: '/leaderId', code: 'UNKNOWN_PRINCIPAL' }] },
    { title: 'a champion by bare uuid of nobody', input: () => ({ championId: randomUUID() }), problems: [{ path: '/championId', code: 'UNKNOWN_PRINCIPAL' }] },
    { title: 'a disabled user as a member', input: () => ({ members: [{ principalId: people.qualityEngineer.uuid, role: 'QE' }, { principalId: people.leaver.principalId, role: 'QE' }] }), problems: [{ path: '/members/1/principalId', code: 'UNKNOWN_PRINCIPAL' }] },
    { title: 'a member who is no principal', input: () => ({ members: [{ principalId: 'chen.xiaoming', role: 'QE' }] }), problems: [{ path: '/members/0/principalId', code: 'UNKNOWN_PRINCIPAL' }] },
    { title: 'the same user twice, once by bare uuid', input: () => ({ members: [{ principalId: people.qualityEngineer.principalId, role: 'QE' }, { principalId: people.qualityEngineer.uuid, role: 'QE' }] }), problems: [{ path: '/members/1/principalId', code: 'DUPLICATE' }] },
    { title: 'an engineer user leading a major 8D', input: () => ({ leaderId: people.qualityEngineer.principalId }), problems: [{ path: '/leaderId', code: 'LEADER_LEVEL_TOO_LOW' }] },
    {
      title: 'several unknown principals at once',
      input: () => ({ leaderId: 'user:nobody', championId: `api-key:${randomUUID()}`, members: [{ principalId: people.processEngineer.principalId, role: 'PE' }, { principalId: people.leaver.uuid, role: 'QE' }] }),
      problems: [
        { path: '/leaderId', code: 'UNKNOWN_PRINCIPAL' },
        { path: '/championId', code: 'UNKNOWN_PRINCIPAL' },
        { path: '/members/1/principalId', code: 'UNKNOWN_PRINCIPAL' },
      ],
    },
  ])('refuses a team with $title at the exact path, changing nothing', async ({ input, problems }) => {
    const current = await reload(inv.id);
    const before = await storedState();
    const { setInvestigationTeam: result } = await server.query(
      SetInvestigationTeamDocument,
      { input: { id: inv.id, version: current.version, leaderId: people.qualityManager.principalId, members: [], ...input() } },
      people.qualityEngineer.token,
    );
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect((result as Json).problems.map(({ path, code }: Json) => ({ path, code }))).toEqual(problems);
    expect(await storedState()).toEqual(before);
  });

  it.each([
    { title: 'a disabled user as leader', input: () => ({ leaderId: people.leaver.principalId, severity: 'minor' }), problems: [{ path: '/leaderId', code: 'UNKNOWN_PRINCIPAL' }] },
    { title: 'an unknown champion', input: () => ({ leaderId: people.qualityManager.uuid, championId: `user:${randomUUID()}` }), problems: [{ path: '/championId', code: 'UNKNOWN_PRINCIPAL' }] },
    { title: 'a user of another tenant as leader', input: async () => ({ leaderId: await otherTenantUser() }), problems: [{ path: '/leaderId', code: 'UNKNOWN_PRINCIPAL' }] },
  ])('refuses to open an 8D with $title, storing nothing', async ({ input, problems }) => {
    const resolved = await input();
    const before = await storedState();
    const { openInvestigation: result } = await open(resolved);
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    expect((result as Json).problems.map(({ path, code }: Json) => ({ path, code }))).toEqual(problems);
    expect(await storedState()).toEqual(before);
  });

  it("lets a user lead a critical 8D by their own level though their role is an engineer's", async () => {
    const critical = await investigationStep(open({ severity: 'critical', leaderId: people.seniorEngineer.uuid }));
    expect(critical).toMatchObject({ leaderLevel: 'director', leaderId: people.seniorEngineer.principalId });
  });

  it('runs D0..D4 with users: the engineer drafts and submits, the manager signs off and signs D4 with their e-signature', async () => {
    for (const key of EIGHT_D_SECTIONS.slice(0, 5)) {
      const ref = { investigationId: inv.id, section: key };
      const draft = await sectionStep(server.query(SaveSectionDraftDocument, { input: { ...ref, version: await sectionVersion(server, inv.id, key), data: eightD[key]() } }, people.qualityEngineer.token));
      expect(draft.problems).toEqual([]);
      const submitted = await sectionStep(server.query(SubmitSectionDocument, { input: { ...ref, version: draft.version } }, people.qualityEngineer.token));
      expect(submitted).toMatchObject({ status: 'SUBMITTED', submittedBy: people.qualityEngineer.principalId });
      if (key !== 'D4') {
        const signed = await sectionStep(server.query(SignOffSectionDocument, { input: { ...ref, version: submitted.version, comment: `${key} 同意 approved` } }, people.qualityManager.token));
        expect(signed).toMatchObject({ status: 'SIGNED_OFF', signOffs: [{ by: people.qualityManager.principalId, name: people.qualityManager.name }] });
        continue;
      }
      const { signOffSection: d4 } = await server.query(SignedSignOffSectionDocument, { input: { ...ref, version: submitted.version, comment: 'D4 根因确认 root cause confirmed', signature: { password: PASSWORD, meaning: 'approved' } } }, people.qualityManager.token);
      expect(d4).toMatchObject({ __typename: 'InvestigationSection', status: 'SIGNED_OFF', signOffs: [{ by: people.qualityManager.principalId, name: people.qualityManager.name, meaning: 'approved', signature: { meaning: 'approved' } }] });
    }
  });

  it('prints the users by display name in the JSON report, each beside their id', async () => {
    const report = (await server.query(InvestigationReportDocument, { id: inv.id })).investigation.report as Json;
    const person = (p: Person) => ({ id: p.principalId, name: p.name });
    expect(report.leader).toEqual(person(people.qualityManager));
    expect(report.champion).toEqual(person(people.plantManager));
    expect(report.team).toEqual([
      { ...person(people.qualityEngineer), role: expect.objectContaining({ key: '质量工程 quality engineering' }) },
      { ...person(people.processEngineer), role: expect.objectContaining({ key: '工艺 process engineering' }) },
      { id: crew.production.id, name: '赵磊 PE', role: expect.objectContaining({ key: '生产 production' }) },
    ]);
    const d4 = report.sections.find((s: Json) => s.key === 'D4');
    expect(d4.submittedBy).toEqual(person(people.qualityEngineer));
    expect(d4.signOffs).toEqual([expect.objectContaining({ by: person(people.qualityManager), meaning: 'approved', signature: expect.objectContaining({ id: expect.any(String) }) })]);
    const json = await (await fetch(new URL((await server.query(InvestigationReportDocument, { id: inv.id })).investigation.reportPdfPath.replace(/\.pdf$/, '.json'), server.url), { headers: { authorization: `Bearer ${people.qualityManager.token}` } })).json();
    expect(json).toMatchObject({ leader: person(people.qualityManager), team: [person(people.qualityEngineer), person(people.processEngineer), { id: crew.production.id }] });
  });

  it('prints the users by display name in the PDF report, never by id', async () => {
    const { reportPdfPath } = (await server.query(InvestigationReportDocument, { id: inv.id })).investigation;
    const response = await fetch(new URL(`${reportPdfPath}?lang=en`, server.url), { headers: { authorization: `Bearer ${people.processEngineer.token}` } });
    expect(response.status).toBe(200);
    const text = squeeze((await pageTexts(Buffer.from(await response.arrayBuffer()))).join('\n'));
    for (const p of [people.qualityManager, people.plantManager, people.qualityEngineer, people.processEngineer]) expect(text).toContain(squeeze(p.name));
    expect(text).not.toContain('user:');
    for (const p of [people.qualityManager, people.plantManager, people.qualityEngineer, people.processEngineer]) expect(text).not.toContain(p.uuid);
  });
});

/** The principal id of a plant manager user of another tenant. */
async function otherTenantUser(): Promise<string> {
  const other = await server.createTenant(`other-${randomUUID().slice(0, 8)}`);
  const id = await createUser(server, { username: 'wang.jianguo', displayName: '王建国 elsewhere', roles: ['plant-manager'], departments: [], level: 'director' }, other.key);
  return `user:${localUuid(id, 'User')}`;
}
