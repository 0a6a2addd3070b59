import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation, InvestigationSection } from '../../../src/investigations/investigation.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintDocument,
  CloseInvestigationDocument,
  ComplaintInvestigationsDocument,
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
  StartReviewDocument,
  SubmitSectionDocument,
  SuggestedInvestigationsDocument,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import {
  completeSection,
  createCrew,
  EIGHT_D_SECTIONS,
  eightD,
  investigationStep,
  sectionStep,
  sectionVersion,
  type InvestigationView,
  type Member,
} from '../../fixtures/investigations';
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event data is free-form JSON
type Json = any;

/** A product-quality complaint on `partNumber` accepted as minor in stamping (routed to production). */
async function acceptedComplaint(partNumber: string): Promise<{ id: string; number: string }> {
  const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ product: { partNumber, name: 'Brake bracket' } }) }) });
  if (c.__typename !== 'Complaint') throw new Error(c.__typename);
  const reviewed = await server.query(StartReviewDocument, { input: { id: c.id, version: c.version } });
  if (reviewed.startReview.__typename !== 'Complaint') throw new Error(reviewed.startReview.__typename);
  const { acceptComplaint: accepted } = await server.query(AcceptComplaintDocument, { input: { id: c.id, version: reviewed.startReview.version, category: 'stamping' } });
  if (accepted.__typename !== 'Complaint') throw new Error(accepted.__typename);
  expect(accepted).toMatchObject({ severity: 'minor', department: 'production' });
  return { id: c.id, number: c.number };
}

async function openFor(complaintId: string, leader: Member = crew.manager): Promise<InvestigationView> {
  return investigationStep(
    server.query(OpenInvestigationDocument, { input: { title: '制动支架安装孔位置偏移 Brake bracket mounting hole offset', complaintIds: [complaintId], leaderId: leader.id, championId: crew.director.id, reason: '客户要求 8D customer asks for an 8D' } }, crew.engineer.key),
  );
}

const sectionOf = (inv: InvestigationView, key: string) => {
  const section = inv.sections.find((s) => s.key === key);
  if (!section) throw new Error(`no section ${key}`);
  return section;
};

const reload = async (id: string) => (await server.query(InvestigationDocument, { id })).investigation;

/** Fills in, submits and signs off the given sections in order, by the quality engineer and manager. */
async function complete(inv: InvestigationView, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    const signed = await completeSection(server, { investigationId: inv.id, key, version: await sectionVersion(server, inv.id, key) }, eightD[key as keyof typeof eightD](), { owner: crew.engineer, signer: crew.manager });
    expect(signed).toMatchObject({ key, status: 'SIGNED_OFF', data: eightD[key as keyof typeof eightD]() });
  }
}

/** Runs a refused step and checks that the investigation, its sections and its events are as they were. */
async function unchanged<T>(inv: { id: string }, run: () => Promise<T>): Promise<T> {
  const uuid = localUuid(inv.id, 'Investigation')!;
  const snapshot = async () => ({
    investigation: await server.stored().findOneOrFail(Investigation, { id: uuid }).then((i) => ({ version: i.version, status: i.status, effectiveness: i.effectiveness })),
    sections: (await server.stored().find(InvestigationSection, { investigationId: uuid }, { orderBy: { key: 'asc' } })).map((s) => [s.key, s.status, s.version]),
    events: await server.stored().count(DomainEvent, {}),
  });
  const before = await snapshot();
  const result = await run();
  expect(await snapshot()).toEqual(before);
  return result;
}

const investigationEvents = (id: string) => server.stored().find(DomainEvent, { subjectType: 'Investigation', subjectId: localUuid(id, 'Investigation')! }, { orderBy: { sequence: 'asc' } });

describe('the shipped 8D template through GraphQL', () => {
  it('runs D0..D8 for a complaint: team, every section drafted, submitted and signed off, effectiveness passed, closed', async () => {
    const complaint = await acceptedComplaint('BRK-2041');
    let inv = await openFor(complaint.id);
    expect(inv).toMatchObject({
      number: expect.stringMatching(/^INV-\d{4}-\d{6}$/),
      templateKey: '8d',
      // Version 2: the shipped 8D republished without signatures (withoutSignatures).
      templateVersion: 2,
      status: 'OPEN',
      severity: 'minor',
      department: 'production',
      partNumber: 'BRK-2041',
      category: 'stamping',
      leaderLevel: 'engineer',
      leaderId: crew.manager.id,
      championId: crew.director.id,
      openedBy: crew.engineer.id,
      complaints: [{ id: complaint.id, number: complaint.number }],
      effectiveness: null,
      closure: null,
      version: 1,
    });
    expect(inv.sections.map((s) => [s.key, s.status, s.prerequisites, s.ownerRole, s.signOffRole])).toEqual([
      ['D0', 'EMPTY', [], 'quality-engineer', 'quality-manager'],
      ['D1', 'EMPTY', ['D0'], 'quality-engineer', 'quality-manager'],
      ['D2', 'EMPTY', ['D1'], 'quality-engineer', 'quality-manager'],
      ['D3', 'EMPTY', ['D2'], 'quality-engineer', 'quality-manager'],
      ['D4', 'EMPTY', ['D2'], 'quality-engineer', 'quality-manager'],
      ['D5', 'EMPTY', ['D3', 'D4'], 'quality-engineer', 'quality-manager'],
      ['D6', 'EMPTY', ['D5'], 'quality-engineer', 'quality-manager'],
      ['D7', 'EMPTY', ['D6'], 'quality-engineer', 'quality-manager'],
      ['D8', 'EMPTY', ['D7'], 'quality-engineer', 'quality-manager'],
    ]);
    expect(sectionOf(inv, 'D4').title).toBe('D4 Root cause');

    inv = await investigationStep(
      server.query(SetInvestigationTeamDocument, {
        input: { id: inv.id, version: inv.version, leaderId: crew.manager.id, championId: crew.director.id, members: [{ principalId: crew.engineer.id, role: 'quality engineer' }, { principalId: crew.production.id, role: 'process engineer' }] },
      }, crew.engineer.key),
    );
    expect(inv).toMatchObject({ version: 2, team: [{ principalId: crew.engineer.id, role: 'quality engineer' }, { principalId: crew.production.id, role: 'process engineer' }] });

    for (const key of EIGHT_D_SECTIONS) {
      const ref = { investigationId: inv.id, section: key };
      const draft = await sectionStep(server.query(SaveSectionDraftDocument, { input: { ...ref, version: await sectionVersion(server, inv.id, key), data: eightD[key]() } }, crew.engineer.key));
      expect(draft).toMatchObject({ key, status: 'DRAFT', draft: eightD[key](), data: null, problems: [] });
      const submitted = await sectionStep(server.query(SubmitSectionDocument, { input: { ...ref, version: draft.version } }, crew.engineer.key));
      expect(submitted).toMatchObject({ status: 'SUBMITTED', data: eightD[key](), submittedBy: crew.engineer.id, submittedAt: expect.any(String) });
      const signed = await sectionStep(server.query(SignOffSectionDocument, { input: { ...ref, version: submitted.version, meaning: 'reviewed and approved', comment: `${key} 同意` } }, crew.manager.key));
      expect(signed).toMatchObject({ status: 'SIGNED_OFF', version: submitted.version + 1, signOffs: [{ by: crew.manager.id, name: '周敏 QM', role: 'quality-manager', meaning: 'reviewed and approved', comment: `${key} 同意`, at: expect.any(String) }] });
    }

    inv = await reload(inv.id);
    expect(inv.sections.every((s) => s.status === 'SIGNED_OFF')).toBe(true);
    inv = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor: '2027-01-20', criteria: '6 周客户来料零缺陷 zero defects at the customer for 6 weeks' } }, crew.manager.key));
    expect(inv).toMatchObject({ status: 'EFFECTIVENESS_CHECK', effectiveness: { scheduledFor: '2027-01-20', criteria: expect.stringContaining('6 weeks'), result: null, evidence: null } });
    inv = await investigationStep(server.query(RecordEffectivenessResultDocument, { input: { id: inv.id, version: inv.version, passed: true, evidence: '48000 件零缺陷 48,000 parts, no defect', reason: '提前判定 judged before the scheduled date' } }, crew.manager.key));
    expect(inv).toMatchObject({
      status: 'CLOSED',
      closedAt: expect.any(String),
      effectiveness: { result: 'passed', evidence: '48000 件零缺陷 48,000 parts, no defect', recordedBy: crew.manager.id },
      closure: { how: 'effectiveness-passed', by: crew.manager.id, evidence: '48000 件零缺陷 48,000 parts, no defect' },
      history: [],
    });

    // Every change is one event with before and after: opened, team, 3 per section, scheduled, passed.
    const events = await investigationEvents(inv.id);
    expect(events.map((e) => e.type)).toEqual([
      'investigation.opened',
      'investigation.team_set',
      ...EIGHT_D_SECTIONS.flatMap(() => ['investigation.section_draft_saved', 'investigation.section_submitted', 'investigation.section_signed_off']),
      'investigation.effectiveness_check_scheduled',
      'investigation.effectiveness_passed',
    ]);
    for (const e of events) expect(Object.keys(e.data)).toEqual(expect.arrayContaining(['before', 'after']));
    expect(events[0].data).toMatchObject({ before: null, after: { status: 'OPEN' }, template: '8d@2', complaints: [complaint.number] });
    expect(events[1].data).toMatchObject({ before: { team: [] }, after: { team: [{ principalId: crew.engineer.id }, {}] } });
    const d4 = events.filter((e) => (e.data as Json).section === 'D4');
    expect(d4.map((e) => [(e.data as Json).before.status, (e.data as Json).after.status])).toEqual([['EMPTY', 'DRAFT'], ['DRAFT', 'SUBMITTED'], ['SUBMITTED', 'SIGNED_OFF']]);
    expect((d4[1].data as Json).after.data).toEqual(eightD.D4());
    expect(events.at(-1)!.data).toMatchObject({ before: { status: 'EFFECTIVENESS_CHECK' }, after: { status: 'CLOSED' } });
    expect(events.every((e) => e.actorId.startsWith('api-key:'))).toBe(true);

    const { investigation } = await server.query(InvestigationDocument, { id: inv.id });
    expect(investigation.historyEvents.map((e) => e.type)).toEqual([...events.map((e) => e.type)]);

    // A later complaint on the same part and category is a recurrence: the rules open a new 8D, the closed one is
    // suggested, and linking it too (parts shipped before the fix) is a person's recorded decision.
    const recurrence = await acceptedComplaint('BRK-2041');
    const { complaint: recurred } = await server.query(ComplaintInvestigationsDocument, { id: recurrence.id });
    expect(recurred).toMatchObject({ record: { investigation: { decision: 'required', byRule: true, reason: expect.stringContaining(inv.number) } }, suggestedInvestigations: [{ id: inv.id, number: inv.number }] });
    expect(recurred.investigations).toMatchObject([{ status: 'OPEN', templateKey: '8d' }]);
    expect(recurred.investigations[0].id).not.toBe(inv.id);
    const { suggestedInvestigations } = await server.query(SuggestedInvestigationsDocument, { complaintId: recurrence.id });
    expect(suggestedInvestigations).toEqual([{ id: inv.id, number: inv.number, partNumber: 'BRK-2041', category: 'stamping', status: 'CLOSED' }]);
    const linked = await investigationStep(server.query(LinkComplaintsDocument, { input: { id: inv.id, version: inv.version, complaintIds: [recurrence.id], reason: '修正前发货的零件 parts shipped before the fix' } }, crew.engineer.key));
    expect(linked).toMatchObject({ status: 'CLOSED', complaints: [{ id: complaint.id }, { id: recurrence.id }] });
    expect((await server.query(SuggestedInvestigationsDocument, { complaintId: recurrence.id })).suggestedInvestigations.map((i) => i.id)).not.toContain(inv.id);
  });

  it('keeps an invalid draft with its problems but does not submit it; the valid draft then submits', async () => {
    const inv = await openFor((await acceptedComplaint('BRK-3001')).id);
    const d0 = sectionOf(inv, 'D0');
    const ref = { investigationId: inv.id, section: 'D0' };
    const invalid = { symptom: '', emergencyResponseNeeded: 'yes', actions: [{ action: '冻结库存' }], notes: '?' };
    const draft = await sectionStep(server.query(SaveSectionDraftDocument, { input: { ...ref, version: d0.version, data: invalid } }, crew.engineer.key));
    expect(draft).toMatchObject({ status: 'DRAFT', draft: invalid, data: null, version: d0.version + 1 });
    expect(draft.problems.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: '/data/notes', code: 'ADDITIONAL_PROPERTIES' },
      { path: '/data/symptom', code: 'MIN_LENGTH' },
      { path: '/data/emergencyResponseNeeded', code: 'TYPE' },
      { path: '/data/actions/0/owner', code: 'REQUIRED' },
    ]);
    const stored = await server.stored().findOneOrFail(InvestigationSection, { investigationId: localUuid(inv.id, 'Investigation')!, key: 'D0' });
    expect(stored).toMatchObject({ status: 'DRAFT', draft: invalid, data: null, version: draft.version });
    const saved = (await investigationEvents(inv.id)).at(-1)!;
    expect(saved).toMatchObject({ type: 'investigation.section_draft_saved', data: { section: 'D0', after: { status: 'DRAFT', draft: invalid }, draftProblems: expect.arrayContaining([{ path: '/data/symptom', code: 'MIN_LENGTH', message: expect.any(String) }]) } });

    const eventsBefore = (await investigationEvents(inv.id)).length;
    const refused = await server.query(SubmitSectionDocument, { input: { ...ref, version: draft.version } }, crew.engineer.key);
    expect(refused.submitSection).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    if (refused.submitSection.__typename !== 'ValidationError') throw new Error('unreachable');
    expect(refused.submitSection.problems.map(({ path, code }) => ({ path, code }))).toEqual(draft.problems.map(({ path, code }) => ({ path, code })));
    expect(await server.stored().fork().findOneOrFail(InvestigationSection, { id: stored.id })).toMatchObject({ status: 'DRAFT', version: draft.version, data: null });
    expect(await investigationEvents(inv.id)).toHaveLength(eventsBefore);

    const fixed = await sectionStep(server.query(SaveSectionDraftDocument, { input: { ...ref, version: draft.version, data: eightD.D0() } }, crew.engineer.key));
    expect(fixed).toMatchObject({ status: 'DRAFT', problems: [] });
    expect(await sectionStep(server.query(SubmitSectionDocument, { input: { ...ref, version: fixed.version } }, crew.engineer.key))).toMatchObject({ status: 'SUBMITTED', data: eightD.D0() });
  });

  it('reopens D4 and what depends on it (D5..D8) with the evidence when the effectiveness check fails; re-signed and passed, it closes', async () => {
    // Led by an engineer (a minor complaint): not a signer, but the leader schedules and records the check.
    let inv = await openFor((await acceptedComplaint('BRK-3002')).id, crew.engineer);
    await complete(inv, EIGHT_D_SECTIONS);
    inv = await reload(inv.id);
    for (const [scheduledFor, criteria, problems] of [
      ['2027-02-30', 'zero recurrences', [{ path: '/scheduledFor', code: 'FORMAT' }]],
      ['20.01.2027', ' ', [{ path: '/scheduledFor', code: 'FORMAT' }, { path: '/criteria', code: 'REQUIRED' }]],
    ] as const) {
      const { scheduleEffectivenessCheck: refused } = await unchanged(inv, () => server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor, criteria } }, crew.engineer.key));
      expect(refused).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
      expect((refused as Json).problems.map(({ path, code }: Json) => ({ path, code }))).toEqual(problems);
    }
    inv = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor: '2027-01-20', criteria: 'zero recurrences in 6 weeks' } }, crew.engineer.key));
    expect(inv).toMatchObject({ status: 'EFFECTIVENESS_CHECK', effectiveness: { scheduledFor: '2027-01-20', result: null } });
    const checked = inv;
    const locked = await unchanged(inv, async () => server.query(ReopenSectionDocument, { input: { investigationId: checked.id, section: 'D4', version: await sectionVersion(server, checked.id, 'D4'), reason: 'x' } }, crew.manager.key));
    expect(locked.reopenSection).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'reopenSection', status: 'EFFECTIVENESS_CHECK', allowedActions: ['linkComplaints', 'unlinkComplaint', 'setInvestigationTeam', 'recordEffectivenessResult', 'closeInvestigation'] });
    const noEvidence = await unchanged(inv, () => server.query(RecordEffectivenessResultDocument, { input: { id: checked.id, version: checked.version, passed: false, evidence: ' ', reason: '提前判定 judged before the scheduled date' } }, crew.engineer.key));
    expect(noEvidence.recordEffectivenessResult).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/evidence', code: 'REQUIRED' }] });

    const evidence = '2027-01-12 客户再次发现 3 件孔位偏移 three more offset holes at the customer on 2027-01-12';
    inv = await investigationStep(server.query(RecordEffectivenessResultDocument, { input: { id: inv.id, version: inv.version, passed: false, evidence, reason: '提前判定 judged before the scheduled date' } }, crew.engineer.key));
    expect(inv).toMatchObject({ status: 'OPEN', effectiveness: null, closure: null, closedAt: null, history: [{ result: 'failed', evidence, criteria: 'zero recurrences in 6 weeks', scheduledFor: '2027-01-20', recordedBy: crew.engineer.id }] });
    const reopened = ['D4', 'D5', 'D6', 'D7', 'D8'];
    for (const s of inv.sections) {
      if (reopened.includes(s.key)) {
        expect(s, s.key).toMatchObject({ status: 'DRAFT', draft: eightD[s.key as keyof typeof eightD](), reopenings: [{ by: crew.engineer.id, fromStatus: 'SIGNED_OFF', reason: `effectiveness check failed: ${evidence}` }] });
      } else {
        expect(s, s.key).toMatchObject({ status: 'SIGNED_OFF', reopenings: [] });
      }
    }
    const failed = (await investigationEvents(inv.id)).at(-1)!;
    expect(failed).toMatchObject({ type: 'investigation.effectiveness_failed', reason: '提前判定 judged before the scheduled date', data: { reopened, check: { result: 'failed', evidence, recordedBy: crew.engineer.id, scheduledFor: '2027-01-20' }, before: { status: 'EFFECTIVENESS_CHECK', effectiveness: { result: null } }, after: { status: 'OPEN', effectiveness: null } } });

    // D5 waits for D4 again; the rest re-signs in order and the second check passes.
    const early = await server.query(SubmitSectionDocument, { input: { investigationId: inv.id, section: 'D5', version: sectionOf(inv, 'D5').version } }, crew.engineer.key);
    expect(early.submitSection).toMatchObject({ __typename: 'PrerequisitesNotMetError', code: 'PREREQUISITES_NOT_MET', section: 'D5', missing: ['D4'] });
    const noCheckYet = await server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor: '2027-03-01', criteria: 'x' } }, crew.manager.key);
    expect(noCheckYet.scheduleEffectivenessCheck).toMatchObject({ __typename: 'PrerequisitesNotMetError', section: 'effectivenessCheck', missing: reopened });

    await complete(inv, reopened);
    inv = await reload(inv.id);
    inv = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor: '2027-03-01', criteria: 'zero recurrences in 6 more weeks' } }, crew.manager.key));
    inv = await investigationStep(server.query(RecordEffectivenessResultDocument, { input: { id: inv.id, version: inv.version, passed: true, evidence: '6 周零缺陷 six weeks without a defect', reason: '提前判定 judged before the scheduled date' } }, crew.manager.key));
    expect(inv).toMatchObject({ status: 'CLOSED', effectiveness: { result: 'passed', scheduledFor: '2027-03-01' }, closure: { how: 'effectiveness-passed', by: crew.manager.id }, history: [{ result: 'failed', evidence }] });
    expect(sectionOf(inv, 'D4')).toMatchObject({ status: 'SIGNED_OFF', signOffs: [{ by: crew.manager.id }, { by: crew.manager.id }], reopenings: [{ fromStatus: 'SIGNED_OFF' }] });

    const closed = inv;
    const cancel = await unchanged(closed, () => server.query(CloseInvestigationDocument, { input: { id: closed.id, version: closed.version, reason: 'duplicate' } }, crew.manager.key));
    expect(cancel.closeInvestigation).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', action: 'closeInvestigation', status: 'CLOSED', allowedActions: ['linkComplaints'] });
    const edit = await unchanged(closed, async () => server.query(ReopenSectionDocument, { input: { investigationId: closed.id, section: 'D8', version: await sectionVersion(server, closed.id, 'D8'), reason: 'x' } }, crew.manager.key));
    expect(edit.reopenSection).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', status: 'CLOSED' });
  });
});
