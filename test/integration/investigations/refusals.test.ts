import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation, InvestigationLink, InvestigationSection } from '../../../src/investigations/investigation.entity';
import { localUuid, toGlobalId } from '../../../src/shared/graphql/global-id';
import {
  CloseInvestigationDocument,
  CreateComplaintDocument,
  InvestigationDocument,
  LinkComplaintsDocument,
  OpenInvestigationDocument,
  RecordEffectivenessResultDocument,
  ReopenSectionDocument,
  SaveSectionDraftDocument,
  ScheduleEffectivenessCheckDocument,
  SetInvestigationTeamDocument,
  SignOffSectionDocument,
  SubmitSectionDocument,
  UnlinkComplaintDocument,
  type OpenInvestigationInput,
} from '../../__generated__/graphql';
import { createInput } from '../../fixtures/complaints';
import { completeSection, createCrew, eightD, investigationStep, sectionStep, sectionVersion, type InvestigationView } from '../../fixtures/investigations';
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- table cases return different result unions
type Json = any;

const standalone: OpenInvestigationInput = { title: '内部不合格：焊缝气孔 internal nonconformance: weld porosity', templateKey: '8d', severity: 'minor', department: 'quality' };

async function open(input: Partial<OpenInvestigationInput> = {}): Promise<InvestigationView> {
  return investigationStep(server.query(OpenInvestigationDocument, { input: { ...standalone, ...input } }, crew.engineer.key));
}

const reload = async (id: string) => (await server.query(InvestigationDocument, { id })).investigation;
const version = (id: string, key: string) => sectionVersion(server, id, key);
const ref = (inv: { id: string }, section: string) => ({ investigationId: inv.id, section });

async function draft(inv: InvestigationView, key: keyof typeof eightD) {
  return sectionStep(server.query(SaveSectionDraftDocument, { input: { ...ref(inv, key), version: await version(inv.id, key), data: eightD[key]() } }, crew.engineer.key));
}

async function submitted(inv: InvestigationView, key: keyof typeof eightD) {
  const d = await draft(inv, key);
  return sectionStep(server.query(SubmitSectionDocument, { input: { ...ref(inv, key), version: d.version } }, crew.engineer.key));
}

async function signed(inv: InvestigationView, key: keyof typeof eightD) {
  return completeSection(server, { investigationId: inv.id, key, version: await version(inv.id, key) }, eightD[key](), { owner: crew.engineer, signer: crew.manager });
}

/** What a refused step must leave as it was: the investigation, its sections, its links and every event. */
async function state(id: string) {
  const em = server.stored();
  const uuid = localUuid(id, 'Investigation')!;
  const inv = await em.findOneOrFail(Investigation, { id: uuid });
  const sections = await em.find(InvestigationSection, { investigationId: uuid }, { orderBy: { key: 'asc' } });
  return {
    investigation: { version: inv.version, status: inv.status, leaderId: inv.leaderId, team: inv.team, effectiveness: inv.effectiveness },
    sections: sections.map((s) => ({ key: s.key, status: s.status, version: s.version, draft: s.draft, data: s.data, signOffs: s.signOffs.length })),
    links: await em.count(InvestigationLink, { investigationId: uuid }),
    events: await em.count(DomainEvent, { subjectType: 'Investigation', subjectId: uuid }),
    allEvents: await em.count(DomainEvent, {}),
  };
}

async function unchanged(inv: InvestigationView, run: () => Promise<unknown>): Promise<Json> {
  const before = await state(inv.id);
  const result = await run();
  expect(await state(inv.id)).toEqual(before);
  return result;
}

const first = (data: Record<string, unknown>) => Object.values(data)[0];

describe('section steps refused with exact codes, changing nothing', () => {
  it.each([
    {
      title: 'D1 submitted before D0 is signed off',
      prepare: async (inv: InvestigationView) => void (await draft(inv, 'D1')),
      run: async (inv: InvestigationView) => server.query(SubmitSectionDocument, { input: { ...ref(inv, 'D1'), version: await version(inv.id, 'D1') } }, crew.engineer.key),
      expected: { __typename: 'PrerequisitesNotMetError', code: 'PREREQUISITES_NOT_MET', section: 'D1', missing: ['D0'] },
    },
    {
      title: 'D5 submitted with D3 signed off but D4 only submitted',
      prepare: async (inv: InvestigationView) => {
        for (const key of ['D0', 'D1', 'D2', 'D3'] as const) await signed(inv, key);
        await submitted(inv, 'D4');
        await draft(inv, 'D5');
      },
      run: async (inv: InvestigationView) => server.query(SubmitSectionDocument, { input: { ...ref(inv, 'D5'), version: await version(inv.id, 'D5') } }, crew.engineer.key),
      expected: { __typename: 'PrerequisitesNotMetError', code: 'PREREQUISITES_NOT_MET', section: 'D5', missing: ['D4'] },
    },
    {
      title: 'a draft saved by a role the template does not name',
      run: async (inv: InvestigationView) => server.query(SaveSectionDraftDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0'), data: eightD.D0() } }, crew.outsider.key),
      expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'saveSectionDraft', allowedRoles: ['quality-engineer'] },
    },
    {
      title: 'a section submitted by its signer instead of its owner',
      prepare: async (inv: InvestigationView) => void (await draft(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(SubmitSectionDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0') } }, crew.manager.key),
      expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'submitSection', allowedRoles: ['quality-engineer'] },
    },
    {
      title: 'a section signed off by its owner',
      prepare: async (inv: InvestigationView) => void (await submitted(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(SignOffSectionDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0') } }, crew.engineer.key),
      expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'signOffSection', allowedRoles: ['quality-manager'] },
    },
    {
      title: 'a section reopened by its owner',
      prepare: async (inv: InvestigationView) => void (await submitted(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(ReopenSectionDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0'), reason: 'typo' } }, crew.engineer.key),
      expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'reopenSection', allowedRoles: ['quality-manager'] },
    },
    {
      title: 'an empty section submitted',
      run: async (inv: InvestigationView) => server.query(SubmitSectionDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0') } }, crew.engineer.key),
      expected: { __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'submitSection', status: 'EMPTY', allowedActions: ['saveSectionDraft'] },
    },
    {
      title: 'a draft signed off before it is submitted',
      prepare: async (inv: InvestigationView) => void (await draft(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(SignOffSectionDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0') } }, crew.manager.key),
      expected: { __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'signOffSection', status: 'DRAFT', allowedActions: ['submitSection'] },
    },
    {
      title: 'a signed-off section signed off again',
      prepare: async (inv: InvestigationView) => void (await signed(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(SignOffSectionDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0') } }, crew.manager.key),
      expected: { __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'signOffSection', status: 'SIGNED_OFF', allowedActions: ['reopenSection'] },
    },
    {
      title: 'a submitted section edited without reopening it',
      prepare: async (inv: InvestigationView) => void (await submitted(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(SaveSectionDraftDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0'), data: eightD.D0({ symptom: 'changed' }) } }, crew.engineer.key),
      expected: { __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'saveSectionDraft', status: 'SUBMITTED', allowedActions: ['reopenSection'] },
    },
    {
      title: 'a draft reopened',
      prepare: async (inv: InvestigationView) => void (await draft(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(ReopenSectionDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0'), reason: 'x' } }, crew.manager.key),
      expected: { __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'reopenSection', status: 'DRAFT' },
    },
    {
      title: 'a section changed in a cancelled investigation',
      prepare: async (inv: InvestigationView) => void (await server.query(CloseInvestigationDocument, { input: { id: inv.id, version: inv.version, reason: '与 INV-1 重复 duplicate' } }, crew.manager.key)),
      run: async (inv: InvestigationView) => server.query(SaveSectionDraftDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0'), data: eightD.D0() } }, crew.engineer.key),
      expected: { __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'saveSectionDraft', status: 'CANCELLED' },
    },
    {
      title: 'a reopening without a reason',
      prepare: async (inv: InvestigationView) => void (await submitted(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(ReopenSectionDocument, { input: { ...ref(inv, 'D0'), version: await version(inv.id, 'D0'), reason: '  ' } }, crew.manager.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/reason', code: 'REQUIRED' }] },
    },
    {
      title: 'a section the template does not have',
      run: async (inv: InvestigationView) => server.query(SaveSectionDraftDocument, { input: { ...ref(inv, 'D9'), version: 1, data: {} } }, crew.engineer.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/section', code: 'UNKNOWN_SECTION' }] },
    },
    {
      title: 'a stale section version',
      prepare: async (inv: InvestigationView) => void (await draft(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(SaveSectionDraftDocument, { input: { ...ref(inv, 'D0'), version: 1, data: eightD.D0() } }, crew.engineer.key),
      expected: { __typename: 'ConflictError', code: 'CONFLICT', expectedVersion: 1, currentVersion: 2 },
    },
  ])('$title', async ({ prepare, run, expected }) => {
    const inv = await open();
    await prepare?.(inv);
    const result = first(await unchanged(inv, () => run(inv))) as Json;
    expect(result).toMatchObject(expected);
    if (expected.__typename === 'ValidationError') expect(result.problems.map(({ path, code }: Json) => ({ path, code }))).toEqual(expected.problems);
  });
});

describe('investigation steps refused with exact codes, changing nothing', () => {
  it.each([
    {
      title: 'the effectiveness check scheduled before every section is signed off',
      prepare: async (inv: InvestigationView) => void (await signed(inv, 'D0')),
      run: async (inv: InvestigationView) => server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: (await reload(inv.id)).version, scheduledFor: '2027-01-20', criteria: 'no recurrence' } }, crew.manager.key),
      expected: { __typename: 'PrerequisitesNotMetError', code: 'PREREQUISITES_NOT_MET', section: 'effectivenessCheck', missing: ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8'] },
    },
    {
      title: 'the effectiveness check scheduled by an engineer who does not lead it',
      run: async (inv: InvestigationView) => server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor: '2027-01-20', criteria: 'no recurrence' } }, crew.engineer.key),
      expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'scheduleEffectivenessCheck', allowedRoles: ['quality-manager'] },
    },
    {
      title: 'an effectiveness result with no check scheduled',
      run: async (inv: InvestigationView) => server.query(RecordEffectivenessResultDocument, { input: { id: inv.id, version: inv.version, passed: true, evidence: 'ok' } }, crew.manager.key),
      expected: { __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'recordEffectivenessResult', status: 'OPEN' },
    },
    {
      title: 'complaints linked by a role the template does not name',
      run: async (inv: InvestigationView) => server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [], reason: 'same cause' } }, crew.outsider.key),
      expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'linkComplaints', allowedRoles: ['quality-engineer', 'quality-manager'] },
    },
    {
      title: 'a complaint linked that does not exist',
      run: async (inv: InvestigationView) => server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [toGlobalId('Complaint', randomUUID())], reason: 'same cause' } }, crew.engineer.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/complaintIds/0', code: 'NOT_FOUND' }] },
    },
    {
      title: 'complaints linked without a reason',
      run: async (inv: InvestigationView) => server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [], reason: ' ' } }, crew.engineer.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/reason', code: 'REQUIRED' }] },
    },
    {
      title: 'a complaint unlinked that is not linked',
      run: async (inv: InvestigationView) => server.query(UnlinkComplaintDocument, { input: { id: inv.id, version: inv.version, complaintId: toGlobalId('Complaint', randomUUID()), reason: 'not the same cause' } }, crew.engineer.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/complaintId', code: 'NOT_LINKED' }] },
    },
    {
      title: 'a stale investigation version',
      prepare: async (inv: InvestigationView) => void (await server.query(SetInvestigationTeamDocument, { input: { id: inv.id, version: inv.version, leaderId: crew.engineer.id, members: [] } }, crew.engineer.key)),
      run: async (inv: InvestigationView) => server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [], reason: 'same cause' } }, crew.engineer.key),
      expected: { __typename: 'ConflictError', code: 'CONFLICT', expectedVersion: 1, currentVersion: 2 },
    },
    {
      title: 'a cancellation without a reason',
      run: async (inv: InvestigationView) => server.query(CloseInvestigationDocument, { input: { id: inv.id, version: inv.version, reason: '' } }, crew.manager.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/reason', code: 'REQUIRED' }] },
    },
    {
      title: 'a cancellation by an engineer',
      run: async (inv: InvestigationView) => server.query(CloseInvestigationDocument, { input: { id: inv.id, version: inv.version, reason: 'duplicate' } }, crew.engineer.key),
      expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'closeInvestigation', allowedRoles: ['quality-manager'] },
    },
    {
      title: 'a team set on a cancelled investigation',
      prepare: async (inv: InvestigationView) => void (await server.query(CloseInvestigationDocument, { input: { id: inv.id, version: inv.version, reason: 'duplicate' } }, crew.manager.key)),
      run: async (inv: InvestigationView) => server.query(SetInvestigationTeamDocument, { input: { id: inv.id, version: (await reload(inv.id)).version, leaderId: crew.engineer.id, members: [] } }, crew.engineer.key),
      expected: { __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'setInvestigationTeam', status: 'CANCELLED' },
    },
    {
      title: 'a leader below the level the severity needs',
      open: { severity: 'critical' },
      run: async (inv: InvestigationView) => server.query(SetInvestigationTeamDocument, { input: { id: inv.id, version: inv.version, leaderId: crew.manager.id, members: [] } }, crew.engineer.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/leaderId', code: 'LEADER_LEVEL_TOO_LOW' }] },
    },
    {
      title: 'a leader who is no principal',
      run: async (inv: InvestigationView) => server.query(SetInvestigationTeamDocument, { input: { id: inv.id, version: inv.version, leaderId: 'api-key:00000000-0000-4000-8000-000000000000', members: [] } }, crew.engineer.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/leaderId', code: 'UNKNOWN_PRINCIPAL' }] },
    },
    {
      title: 'a team member without a role',
      run: async (inv: InvestigationView) => server.query(SetInvestigationTeamDocument, { input: { id: inv.id, version: inv.version, leaderId: crew.engineer.id, members: [{ principalId: crew.production.id, role: 'process engineer' }, { principalId: crew.rd.id, role: ' ' }] } }, crew.engineer.key),
      expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/members/1', code: 'REQUIRED' }] },
    },
  ] as Array<{ title: string; prepare?: (inv: InvestigationView) => Promise<void>; open?: Partial<OpenInvestigationInput>; run: (inv: InvestigationView) => Promise<Record<string, unknown>>; expected: Json }>)(
    '$title',
    async ({ prepare, open: openInput, run, expected }) => {
      const inv = await open(openInput);
      await prepare?.(inv);
      const result = first(await unchanged(inv, () => run(inv))) as Json;
      expect(result).toMatchObject(expected);
      if (expected.__typename === 'ValidationError') expect(result.problems.map(({ path, code }: Json) => ({ path, code }))).toEqual(expected.problems);
    },
  );

  it('gives NOT_FOUND for an investigation or section step on an id that does not exist', async () => {
    const id = toGlobalId('Investigation', randomUUID());
    const events = await server.stored().count(DomainEvent, {});
    const result = await server.query(LinkComplaintsDocument, { input: { id, version: 1, complaintIds: [], reason: 'x' } }, crew.engineer.key);
    expect(result.linkComplaints).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', id });
    const section = await server.query(SaveSectionDraftDocument, { input: { investigationId: id, section: 'D0', version: 1, data: eightD.D0() } }, crew.engineer.key);
    expect(section.saveSectionDraft).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', id });
    const notAnId = await server.query(SubmitSectionDocument, { input: { investigationId: 'nonsense', section: 'D0', version: 1 } }, crew.engineer.key);
    expect(notAnId.submitSection).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', id: 'nonsense' });
    const query = await server.request(InvestigationDocument, { id });
    expect(query.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(await server.stored().count(DomainEvent, {})).toBe(events);
  });
});

describe('opening refused with exact codes, storing nothing', () => {
  async function stored() {
    return { investigations: await server.stored().count(Investigation, {}), sections: await server.stored().count(InvestigationSection, {}), events: await server.stored().count(DomainEvent, {}) };
  }

  it.each([
    { title: 'by a role no section names', key: () => crew.outsider.key, input: {}, expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'openInvestigation', allowedRoles: ['quality-engineer', 'quality-manager'] } },
    { title: 'without a title', input: { title: ' ' }, problems: [{ path: '/title', code: 'REQUIRED' }] },
    { title: 'standalone without a template', input: { templateKey: null }, problems: [{ path: '/templateKey', code: 'REQUIRED' }] },
    { title: 'with a template that does not exist', input: { templateKey: '9d' }, problems: [{ path: '/templateKey', code: 'UNKNOWN_TEMPLATE' }] },
    { title: 'with a department the organization does not have', input: { department: 'marketing' }, problems: [{ path: '/department', code: 'UNKNOWN_DEPARTMENT' }] },
    { title: 'a critical 8D led by an engineer (a director must lead it)', input: { severity: 'critical', leaderId: 'engineer' }, problems: [{ path: '/leaderId', code: 'LEADER_LEVEL_TOO_LOW' }] },
    { title: 'a critical 8D led by a manager', input: { severity: 'critical', leaderId: 'manager' }, problems: [{ path: '/leaderId', code: 'LEADER_LEVEL_TOO_LOW' }] },
    { title: 'led by someone who is no principal', input: { leaderId: 'li.na@example.cn' }, problems: [{ path: '/leaderId', code: 'UNKNOWN_PRINCIPAL' }] },
    { title: 'led by a principal of another tenant', input: { leaderId: 'other-tenant' }, problems: [{ path: '/leaderId', code: 'UNKNOWN_PRINCIPAL' }] },
    { title: 'for a complaint that does not exist', input: { complaintIds: ['missing'] }, expected: { __typename: 'NotFoundError', code: 'NOT_FOUND' } },
  ] as Array<{ title: string; key?: () => string; input: Record<string, unknown>; problems?: Array<{ path: string; code: string }>; expected?: Json }>)(
    '$title',
    async ({ key, input, problems, expected }) => {
      const leaders: Record<string, () => Promise<string>> = {
        engineer: async () => crew.engineer.id,
        manager: async () => crew.manager.id,
        'other-tenant': async () => {
          const other = await server.createTenant(`other-${randomUUID().slice(0, 8)}`, { withTemplates: false });
          return `api-key:${(await server.app.services.apiKeys.create(other.tenantId, 'director elsewhere', ['plant-manager'])).apiKey.id}`;
        },
      };
      const resolved = { ...input };
      if (typeof input.leaderId === 'string' && leaders[input.leaderId]) resolved.leaderId = await leaders[input.leaderId]();
      if (input.complaintIds) resolved.complaintIds = [toGlobalId('Complaint', randomUUID())];
      const before = await stored();
      const { openInvestigation: result } = await server.query(OpenInvestigationDocument, { input: { ...standalone, ...resolved } as OpenInvestigationInput }, key?.() ?? crew.engineer.key);
      expect(await stored()).toEqual(before);
      if (problems) {
        expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
        expect((result as Json).problems.map(({ path, code }: Json) => ({ path, code }))).toEqual(problems);
      } else {
        expect(result).toMatchObject(expected);
        if (resolved.complaintIds) expect(result).toMatchObject({ id: (resolved.complaintIds as string[])[0] });
      }
    },
  );

  it('lets a director lead a critical 8D and derives the level from the severity', async () => {
    const critical = await open({ severity: 'critical', leaderId: crew.director.id });
    expect(critical).toMatchObject({ leaderLevel: 'director', leaderId: crew.director.id, severity: 'critical' });
    const major = await open({ severity: 'major', leaderId: crew.manager.id });
    expect(major).toMatchObject({ leaderLevel: 'manager', leaderId: crew.manager.id });
    const minor = await open({ leaderId: crew.engineer.id });
    expect(minor).toMatchObject({ leaderLevel: 'engineer', leaderId: crew.engineer.id });
  });
});

describe('concurrency on one section', () => {
  it('lets one of two saves of the same version win; the other gets CONFLICT and appends nothing', async () => {
    const inv = await open();
    const d0 = inv.sections.find((s) => s.key === 'D0')!;
    const events = (await state(inv.id)).events;
    const results = await Promise.all(
      ['第一版 first', '第二版 second'].map((symptom) => server.query(SaveSectionDraftDocument, { input: { ...ref(inv, 'D0'), version: d0.version, data: eightD.D0({ symptom }) } }, crew.engineer.key)),
    );
    const outcomes = results.map((r) => r.saveSectionDraft);
    expect(outcomes.map((r) => r.__typename).sort()).toEqual(['ConflictError', 'InvestigationSection']);
    const winner = outcomes.find((r) => r.__typename === 'InvestigationSection')!;
    expect(outcomes.find((r) => r.__typename === 'ConflictError')).toMatchObject({ code: 'CONFLICT', expectedVersion: d0.version, currentVersion: d0.version + 1 });
    const after = await state(inv.id);
    expect(after.events).toBe(events + 1);
    expect(after.sections.find((s) => s.key === 'D0')).toMatchObject({ version: d0.version + 1, draft: (winner as Json).draft });
  });

  it('lets one of two sign-offs of the same version win', async () => {
    const inv = await open();
    const d0 = await submitted(inv, 'D0');
    const results = await Promise.all([crew.manager, crew.manager].map((m) => server.query(SignOffSectionDocument, { input: { ...ref(inv, 'D0'), version: d0.version } }, m.key)));
    expect(results.map((r) => r.signOffSection.__typename).sort()).toEqual(['ConflictError', 'InvestigationSection']);
    expect((await state(inv.id)).sections.find((s) => s.key === 'D0')).toMatchObject({ status: 'SIGNED_OFF', signOffs: 1 });
  });
});

describe('complaints of the opening', () => {
  it('refuses a complaint of another tenant as NOT_FOUND', async () => {
    const other = await server.createTenant(`t-${randomUUID().slice(0, 8)}`);
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() }, other.key);
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    const { openInvestigation } = await server.query(OpenInvestigationDocument, { input: { title: 'x', complaintIds: [createComplaint.id] } }, crew.engineer.key);
    expect(openInvestigation).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', id: createComplaint.id });
  });
});
