import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTemplateDraftDocument,
  InvestigationDocument,
  OpenInvestigationDocument,
  PublishTemplateDocument,
  RecordEffectivenessResultDocument,
  SaveSectionDraftDocument,
  ScheduleEffectivenessCheckDocument,
  SetInvestigationTeamDocument,
  SignOffSectionDocument,
  SubmitSectionDocument,
  TemplateDocument,
} from '../../__generated__/graphql';
import { completeSection, createCrew, investigationStep, QUICK_FIX_KEY, quickFix, quickFixTemplate, sectionStep, type InvestigationView, type Member } from '../../fixtures/investigations';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let crew: Awaited<ReturnType<typeof createCrew>>;
beforeAll(async () => {
  server = await startTestServer();
  crew = await createCrew(server);
});
afterAll(() => server?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

/** Publishes `content` as the next version of the quick-fix template through the admin API (confirming a breaking change: the edits are deliberate); returns the version. */
async function publish(content: Record<string, unknown>): Promise<number> {
  const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'INVESTIGATION', key: QUICK_FIX_KEY, content } });
  if (draft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(draft));
  expect(draft.problems).toEqual([]);
  const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'INVESTIGATION', key: QUICK_FIX_KEY, draftVersion: draft.version, confirmBreaking: true, reason: 'test set-up' } });
  if (publishTemplate.__typename !== 'TemplateVersionInfo') throw new Error(JSON.stringify(publishTemplate));
  return publishTemplate.version;
}

const owners: Record<string, () => { owner: Member; signer: Member }> = {
  CONTAIN: () => ({ owner: crew.production, signer: crew.productionManager }),
  CAUSE: () => ({ owner: crew.engineer, signer: crew.manager }),
  FIX: () => ({ owner: crew.rd, signer: crew.rdManager }),
};

const sectionOf = (inv: InvestigationView, key: string) => inv.sections.find((s) => s.key === key)!;
const reload = async (id: string) => (await server.query(InvestigationDocument, { id })).investigation;

/** Opens one for logistics, with R&D on the team: the FIX section's owner works outside logistics and sees it as a team member. */
async function open(input: { severity?: string; leaderId?: string } = {}): Promise<InvestigationView> {
  const inv = await investigationStep(
    server.query(OpenInvestigationDocument, { input: { title: '标签贴错 wrong label on carton', templateKey: QUICK_FIX_KEY, department: 'logistics', severity: 'minor', ...input } }, crew.production.key),
  );
  const team = { id: inv.id, version: inv.version, leaderId: inv.leaderId ?? crew.production.id, members: [{ principalId: crew.rd.id, role: '研发 R&D' }] };
  return investigationStep(server.query(SetInvestigationTeamDocument, { input: team }, crew.production.key));
}

describe('a 3-section investigation template configured only through the API', () => {
  let v1: number;
  beforeAll(async () => {
    v1 = await publish(quickFixTemplate());
  });

  it('is published as its first version and opens with its sections, owners and sign-off roles', async () => {
    expect(v1).toBe(1);
    const { template } = await server.query(TemplateDocument, { kind: 'INVESTIGATION', key: QUICK_FIX_KEY });
    expect((template.content as Json).sections.map((s: Json) => s.key)).toEqual(['CONTAIN', 'CAUSE', 'FIX']);
    const inv = await open();
    expect(inv).toMatchObject({ templateKey: QUICK_FIX_KEY, templateVersion: 1, status: 'OPEN', leaderLevel: 'engineer', department: 'logistics', severity: 'minor', complaints: [] });
    expect(inv.sections.map((s) => [s.key, s.title, s.status, s.ownerRole, s.signOffRole, s.prerequisites])).toEqual([
      ['CONTAIN', 'Containment', 'EMPTY', 'production-engineer', 'production-manager', []],
      ['CAUSE', 'Cause', 'EMPTY', 'quality-engineer', 'quality-manager', ['CONTAIN']],
      ['FIX', 'Fix', 'EMPTY', 'rd-engineer', 'rd-manager', ['CAUSE']],
    ]);
  });

  it("runs it: each section by its template's roles, prerequisites enforced, a failed check reopens CAUSE and FIX, a passed one closes", async () => {
    let inv = await open();
    const ref = (key: string) => ({ investigationId: inv.id, section: key });

    const fixDraft = await sectionStep(server.query(SaveSectionDraftDocument, { input: { ...ref('FIX'), version: sectionOf(inv, 'FIX').version, data: quickFix.FIX() } }, crew.rd.key));
    const early = await server.query(SubmitSectionDocument, { input: { ...ref('FIX'), version: fixDraft.version } }, crew.rd.key);
    expect(early.submitSection).toMatchObject({ __typename: 'PrerequisitesNotMetError', code: 'PREREQUISITES_NOT_MET', section: 'FIX', missing: ['CAUSE'] });
    const byQuality = await server.query(SaveSectionDraftDocument, { input: { ...ref('CONTAIN'), version: sectionOf(inv, 'CONTAIN').version, data: quickFix.CONTAIN() } }, crew.engineer.key);
    expect(byQuality.saveSectionDraft).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'saveSectionDraft', allowedRoles: ['production-engineer'] });

    await completeSection(server, { investigationId: inv.id, key: 'CONTAIN', version: sectionOf(inv, 'CONTAIN').version }, quickFix.CONTAIN(), owners.CONTAIN());
    await completeSection(server, { investigationId: inv.id, key: 'CAUSE', version: sectionOf(inv, 'CAUSE').version }, quickFix.CAUSE(), owners.CAUSE());
    const fixSubmitted = await sectionStep(server.query(SubmitSectionDocument, { input: { ...ref('FIX'), version: fixDraft.version } }, crew.rd.key));
    const byQualityManager = await server.query(SignOffSectionDocument, { input: { ...ref('FIX'), version: fixSubmitted.version } }, crew.manager.key);
    expect(byQualityManager.signOffSection).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'signOffSection', allowedRoles: ['rd-manager'] });
    const fix = await sectionStep(server.query(SignOffSectionDocument, { input: { ...ref('FIX'), version: fixSubmitted.version, meaning: 'design impact reviewed' } }, crew.rdManager.key));
    expect(fix).toMatchObject({ status: 'SIGNED_OFF', signOffs: [{ by: crew.rdManager.id, role: 'rd-manager', meaning: 'design impact reviewed' }] });

    inv = await reload(inv.id);
    // Signers of any section may schedule the check.
    inv = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor: '2027-02-01', criteria: '一个月无错标 no wrong label for a month' } }, crew.productionManager.key));
    inv = await investigationStep(server.query(RecordEffectivenessResultDocument, { input: { id: inv.id, version: inv.version, passed: false, evidence: '1 月 12 日又发现一箱 another carton on Jan 12', reason: '提前判定 judged before the scheduled date' } }, crew.rdManager.key));
    expect(inv.sections.map((s) => [s.key, s.status])).toEqual([['CONTAIN', 'SIGNED_OFF'], ['CAUSE', 'DRAFT'], ['FIX', 'DRAFT']]);
    expect(sectionOf(inv, 'CAUSE')).toMatchObject({ draft: quickFix.CAUSE(), reopenings: [{ reason: 'effectiveness check failed: 1 月 12 日又发现一箱 another carton on Jan 12', fromStatus: 'SIGNED_OFF' }] });

    const cause = quickFix.CAUSE({ rootCause: '打印机模板未锁定 the printer template was not locked' });
    await completeSection(server, { investigationId: inv.id, key: 'CAUSE', version: sectionOf(inv, 'CAUSE').version }, cause, owners.CAUSE());
    await completeSection(server, { investigationId: inv.id, key: 'FIX', version: sectionOf(inv, 'FIX').version }, quickFix.FIX({ action: '锁定打印模板 lock the printer template' }), owners.FIX());
    inv = await reload(inv.id);
    inv = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor: '2027-03-01', criteria: 'no wrong label for a month' } }, crew.manager.key));
    inv = await investigationStep(server.query(RecordEffectivenessResultDocument, { input: { id: inv.id, version: inv.version, passed: true, evidence: '二月零错标 none in February', reason: '提前判定 judged before the scheduled date' } }, crew.manager.key));
    expect(inv).toMatchObject({ status: 'CLOSED', history: [{ result: 'failed' }], effectiveness: { result: 'passed' } });
    expect(sectionOf(inv, 'CAUSE').data).toEqual(cause);
  });

  it('names every role of the template when an outsider tries to open one, and derives the leader level from its rules', async () => {
    const { openInvestigation } = await server.query(OpenInvestigationDocument, { input: { title: 'x', templateKey: QUICK_FIX_KEY, severity: 'minor' } }, crew.outsider.key);
    expect(openInvestigation).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'NOT_ALLOWED',
      action: 'openInvestigation',
      allowedRoles: ['production-engineer', 'production-manager', 'quality-engineer', 'quality-manager', 'rd-engineer', 'rd-manager'],
    });
    const tooLow = await server.query(OpenInvestigationDocument, { input: { title: 'x', templateKey: QUICK_FIX_KEY, severity: 'critical', leaderId: crew.rd.id } }, crew.production.key);
    expect(tooLow.openInvestigation).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/leaderId', code: 'LEADER_LEVEL_TOO_LOW' }] });
    expect(await open({ severity: 'critical', leaderId: crew.rdManager.id })).toMatchObject({ leaderLevel: 'manager', leaderId: crew.rdManager.id });
  });

  it('keeps an open investigation on the version it was opened under when a new version is published', async () => {
    const pinned = await open();
    const content: Json = quickFixTemplate();
    content.sections[2].schema.properties.verifiedBy = { type: 'string', minLength: 1, maxLength: 100, 'x-title': { 'zh-CN': '验证人', en: 'Verified by' } };
    content.sections[2].schema.required.push('verifiedBy');
    const v2 = await publish(content);
    expect(v2).toBe(v1 + 1);

    const fresh = await open();
    expect([pinned.templateVersion, fresh.templateVersion]).toEqual([v1, v2]);
    const save = (inv: InvestigationView) => sectionStep(server.query(SaveSectionDraftDocument, { input: { investigationId: inv.id, section: 'FIX', version: sectionOf(inv, 'FIX').version, data: quickFix.FIX() } }, crew.rd.key));
    expect((await save(pinned)).problems).toEqual([]);
    expect((await save(fresh)).problems.map(({ path, code }) => ({ path, code }))).toEqual([{ path: '/data/verifiedBy', code: 'REQUIRED' }]);
  });
});
