import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloseInvestigationDocument,
  CreateTemplateDraftDocument,
  InvestigationDocument,
  OpenInvestigationDocument,
  PublishTemplateDocument,
  RecordEffectivenessResultDocument,
  ReopenSectionDocument,
  SaveSectionDraftDocument,
  ScheduleEffectivenessCheckDocument,
  SetInvestigationTeamDocument,
  SubmitSectionDocument,
  TemplateDocument,
  UpdateTemplateDraftDocument,
  type TemplateKind,
} from '../../__generated__/graphql';
import { completeSection, createCrew, investigationStep, QUICK_FIX_KEY, quickFix, quickFixTemplate, sectionStep, type InvestigationView, type Member } from '../../fixtures/investigations';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/**
 * A company runs stage 2 on its own workflows, published through the template admin API: only the quality
 * manager may schedule the effectiveness check, record it and cancel (not the sections' signers, not the
 * leader), and a signed-off section stays signed off (no reopening). The shipped default lets all of them.
 */
let server: TestServer;
let crew: Awaited<ReturnType<typeof createCrew>>;
beforeAll(async () => {
  server = await startTestServer();
  crew = await createCrew(server);
});
afterAll(() => server?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

const SECTION_WORKFLOW = 'signed-is-final';

/** Puts `content` in the template's draft (created, or the one a refused publication left updated); returns the draft's version. */
async function draft(kind: TemplateKind, key: string, content: Json): Promise<number> {
  const left = drafts.get(`${kind}/${key}`);
  if (left === undefined) {
    const { createTemplateDraft } = await server.query(CreateTemplateDraftDocument, { input: { kind, key, content } });
    if (createTemplateDraft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(createTemplateDraft));
    return createTemplateDraft.version;
  }
  const { updateTemplateDraft } = await server.query(UpdateTemplateDraftDocument, { input: { kind, key, version: left, content } });
  if (updateTemplateDraft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(updateTemplateDraft));
  return updateTemplateDraft.version;
}
const drafts = new Map<string, number>();

async function publish(kind: TemplateKind, key: string, content: Json) {
  const version = await draft(kind, key, content);
  drafts.set(`${kind}/${key}`, version);
  return (await server.query(PublishTemplateDocument, { input: { kind, key, draftVersion: version, confirmBreaking: true, reason: 'company workflow' } })).publishTemplate;
}

async function published(kind: TemplateKind, key: string, content: Json): Promise<number> {
  const result = await publish(kind, key, content);
  if (result.__typename !== 'TemplateVersionInfo') throw new Error(JSON.stringify(result));
  drafts.delete(`${kind}/${key}`);
  return result.version;
}

const latest = async (key: string) => (await server.query(TemplateDocument, { kind: 'WORKFLOW', key })).template!;

/** Stage 2 as shipped, with only the quality manager scheduling, recording and cancelling (no leader). */
async function qualityManagerCloses(): Promise<Json> {
  const content: Json = (await latest('stage-2')).content;
  for (const t of content.transitions) {
    t.roles = ['quality-manager'];
    delete t.leader;
  }
  return content;
}

/** The shipped section workflow under another key, where a signed-off section is final. */
async function signedIsFinal(): Promise<Json> {
  const content: Json = structuredClone((await latest('report-section')).content);
  content.key = SECTION_WORKFLOW;
  content.title = { 'zh-CN': '签核即定稿的章节', en: 'Section: signed off is final' };
  content.states.find((s: Json) => s.key === 'SIGNED_OFF').category = 'closed';
  content.transitions.find((t: Json) => t.action === 'reopenSection').from = ['SUBMITTED'];
  return content;
}

const owners: Record<string, () => { owner: Member; signer: Member }> = {
  CONTAIN: () => ({ owner: crew.production, signer: crew.productionManager }),
  CAUSE: () => ({ owner: crew.engineer, signer: crew.manager }),
  FIX: () => ({ owner: crew.rd, signer: crew.rdManager }),
};
const sectionOf = (inv: InvestigationView, key: string) => inv.sections.find((s) => s.key === key)!;
const reload = async (id: string) => (await server.query(InvestigationDocument, { id })).investigation!;

/** A quick-fix investigation led by the production engineer who opens it. */
async function open(): Promise<InvestigationView> {
  const inv = await investigationStep(server.query(OpenInvestigationDocument, { input: { title: '标签贴错 wrong label on carton', templateKey: QUICK_FIX_KEY, department: 'logistics', severity: 'minor' } }, crew.production.key));
  const team = { id: inv.id, version: inv.version, leaderId: crew.production.id, members: [{ principalId: crew.rd.id, role: '研发 R&D' }] };
  return investigationStep(server.query(SetInvestigationTeamDocument, { input: team }, crew.production.key));
}

describe('publishing a workflow that breaks the engine\'s contract', () => {
  it.each([
    {
      title: 'an invented status',
      change: (t: Json) => {
        t.states.push({ key: 'ON_HOLD', title: { 'zh-CN': '暂停', en: 'On hold' }, category: 'closed' });
        t.transitions[3].to = 'ON_HOLD';
      },
      problems: [
        { path: '/states/3', code: 'UNREACHABLE_STATE' },
        { path: '/states/4/key', code: 'UNKNOWN_STATUS' },
        { path: '/transitions/3/to', code: 'UNSUPPORTED_TARGET' },
      ],
    },
    {
      title: 'closeInvestigation entering CLOSED',
      change: (t: Json) => (t.transitions[3].to = 'CLOSED'),
      problems: [
        { path: '/states/3', code: 'UNREACHABLE_STATE' },
        { path: '/transitions/3/to', code: 'UNSUPPORTED_TARGET' },
      ],
    },
    { title: '$approvers in stage 2', change: (t: Json) => t.transitions[0].roles.push('$approvers'), problems: [{ path: '/transitions/0/roles/1', code: 'UNKNOWN_ROLE_SET' }] },
  ])('is refused ($title) with the exact problems, and the latest version stays', async ({ change, problems }) => {
    const before = await latest('stage-2');
    const content: Json = structuredClone(before.content);
    change(content);
    const result = await publish('WORKFLOW', 'stage-2', content);
    expect(result.__typename).toBe('TemplateInvalidError');
    if (result.__typename !== 'TemplateInvalidError') return;
    expect(result.code).toBe('VALIDATION_FAILED');
    expect(result.problems.map(({ path, code, severity }) => ({ path, code, severity }))).toEqual(problems.map((p) => ({ ...p, severity: 'ERROR' })));
    const after = await latest('stage-2');
    expect({ version: after.version, content: after.content }).toEqual({ version: before.version, content: before.content });
  });
});

describe('an investigation on the company\'s workflows', () => {
  let inv: InvestigationView;
  beforeAll(async () => {
    expect(await published('WORKFLOW', 'stage-2', await qualityManagerCloses())).toBe(2);
    expect(await published('WORKFLOW', SECTION_WORKFLOW, await signedIsFinal())).toBe(1);
    expect(await published('INVESTIGATION', QUICK_FIX_KEY, { ...quickFixTemplate(), sectionWorkflow: SECTION_WORKFLOW })).toBe(1);
    inv = await open();
  });

  it('reopens a submitted section, but refuses to reopen a signed-off one', async () => {
    const ref = { investigationId: inv.id, section: 'CONTAIN' };
    const drafted = await sectionStep(server.query(SaveSectionDraftDocument, { input: { ...ref, version: sectionOf(inv, 'CONTAIN').version, data: quickFix.CONTAIN() } }, crew.production.key));
    const submitted = await sectionStep(server.query(SubmitSectionDocument, { input: { ...ref, version: drafted.version } }, crew.production.key));
    const reopened = await sectionStep(server.query(ReopenSectionDocument, { input: { ...ref, version: submitted.version, reason: '数量有误 wrong quantity' } }, crew.productionManager.key));
    expect(reopened).toMatchObject({ status: 'DRAFT' });
    const signed = await completeSection(server, { investigationId: inv.id, key: 'CONTAIN', version: reopened.version }, quickFix.CONTAIN(), owners.CONTAIN());
    expect(signed).toMatchObject({ status: 'SIGNED_OFF' });
    const { reopenSection } = await server.query(ReopenSectionDocument, { input: { ...ref, version: signed.version, reason: '再改一次 once more' } }, crew.productionManager.key);
    expect(reopenSection).toEqual({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', message: expect.any(String), action: 'reopenSection', status: 'SIGNED_OFF', allowedActions: [] });
    expect(sectionOf(await reload(inv.id), 'CONTAIN')).toMatchObject({ status: 'SIGNED_OFF', version: signed.version });
  });

  it('lets only the quality manager schedule the check, record it and cancel: not the sections\' signers, not the leader', async () => {
    inv = await reload(inv.id);
    await completeSection(server, { investigationId: inv.id, key: 'CAUSE', version: sectionOf(inv, 'CAUSE').version }, quickFix.CAUSE(), owners.CAUSE());
    await completeSection(server, { investigationId: inv.id, key: 'FIX', version: sectionOf(inv, 'FIX').version }, quickFix.FIX(), owners.FIX());
    inv = await reload(inv.id);
    const schedule = { id: inv.id, version: inv.version, scheduledFor: '2027-02-01', criteria: '一个月无错标 no wrong label for a month' };
    const refusal = (action: string) => ({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', message: expect.any(String), action, allowedRoles: ['quality-manager'] });
    for (const member of [crew.productionManager, crew.rdManager, crew.production]) {
      expect((await server.query(ScheduleEffectivenessCheckDocument, { input: schedule }, member.key)).scheduleEffectivenessCheck).toEqual(refusal('scheduleEffectivenessCheck'));
    }
    expect((await server.query(CloseInvestigationDocument, { input: { id: inv.id, version: inv.version, reason: '重复 duplicate' } }, crew.rdManager.key)).closeInvestigation).toEqual(refusal('closeInvestigation'));
    expect(await reload(inv.id)).toMatchObject({ status: 'OPEN', version: inv.version });

    inv = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: schedule }, crew.manager.key));
    expect(inv.status).toBe('EFFECTIVENESS_CHECK');
    const result = { id: inv.id, version: inv.version, passed: true, evidence: '二月零错标 none in February', reason: '提前判定 judged before the scheduled date' };
    for (const member of [crew.productionManager, crew.production]) {
      expect((await server.query(RecordEffectivenessResultDocument, { input: result }, member.key)).recordEffectivenessResult).toEqual(refusal('recordEffectivenessResult'));
    }
    inv = await investigationStep(server.query(RecordEffectivenessResultDocument, { input: result }, crew.manager.key));
    expect(inv).toMatchObject({ status: 'CLOSED', effectiveness: { result: 'passed' } });
  });
});
