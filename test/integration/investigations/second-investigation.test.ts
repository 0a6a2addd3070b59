import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation, InvestigationLink, InvestigationSection } from '../../../src/investigations/investigation.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import {
  AcceptComplaintOpeningDocument,
  CloseInvestigationDocument,
  ComplaintActionsDocument,
  CreateComplaintDocument,
  DecideInvestigationCheckedDocument,
  OpenInvestigationDocument,
  StartReviewDocument,
  type OpenedInvestigationFieldsFragment,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { createCrew, investigationStep } from '../../fixtures/investigations';
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

type Accepted = Extract<OpenedInvestigationFieldsFragment, { __typename: 'Complaint' }>;
const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });

let parts = 0;
/** A part number no other test uses (recurrence rules look at the part). */
const newPart = () => `BRK-2ND-${process.pid}-${++parts}`;

/** A product-quality complaint reviewed and accepted; 1,500 parts affected make it major (the rules then open an 8D). */
async function accept(quantityAffected: number): Promise<Accepted> {
  const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ quantityAffected, product: { partNumber: newPart(), name: 'Brake bracket' } }) }) });
  if (c.__typename !== 'Complaint') throw new Error(c.__typename);
  const reviewed = await server.query(StartReviewDocument, { input: ref(c) });
  if (reviewed.startReview.__typename !== 'Complaint') throw new Error(reviewed.startReview.__typename);
  const { acceptComplaint } = await server.query(AcceptComplaintOpeningDocument, { input: { ...ref(reviewed.startReview), category: 'stamping' } });
  if (acceptComplaint.__typename !== 'Complaint') throw new Error(`accept refused: ${JSON.stringify(acceptComplaint)}`);
  return acceptComplaint;
}

/** What a refusal must leave as it was: investigations, their sections and links, and the event log. */
async function stored() {
  const em = server.stored();
  return { investigations: await em.count(Investigation, {}), sections: await em.count(InvestigationSection, {}), links: await em.count(InvestigationLink, {}), events: await em.count(DomainEvent, {}) };
}

const actionsOf = async (id: string) => (await server.query(ComplaintActionsDocument, { id })).complaint;

describe('the 8D the rules open on acceptance', () => {
  it('is shown in the accept answer, and decideInvestigation is no longer offered', async () => {
    const before = await server.stored().count(Investigation, {});
    const c = await accept(1500);
    expect(c).toMatchObject({ status: 'ACCEPTED', severity: 'major', openedInvestigation: { id: expect.any(String), number: expect.stringMatching(/^INV-\d{4}-\d{6}$/), status: 'OPEN', templateKey: '8d' } });
    expect(await server.stored().count(Investigation, {})).toBe(before + 1);
    expect(c.allowedActions).not.toContain('decideInvestigation');

    const view = await actionsOf(c.id);
    expect(view.investigations).toEqual([{ id: c.openedInvestigation!.id, number: c.openedInvestigation!.number, status: 'OPEN' }]);
    expect(view.availableActions.map((a) => a.action)).toEqual(view.allowedActions);
    expect([...view.allowedActions].sort()).toEqual(['assign', 'classify', 'proposeRemedy', 'startContainment']);
    // Only a step's answer shows what the step opened.
    expect(view.openedInvestigation).toBeNull();
  });

  it('is not in the answer of a minor complaint, which keeps decideInvestigation', async () => {
    const c = await accept(120);
    expect(c).toMatchObject({ severity: 'minor', openedInvestigation: null });
    expect(c.allowedActions).toContain('decideInvestigation');
  });
});

describe('a second open investigation for a complaint', () => {
  it('is refused with INVESTIGATION_ALREADY_OPEN naming the open one and the complaint, and nothing is created', async () => {
    const minor = await accept(120);
    const major = await accept(1500);
    const existing = major.openedInvestigation!;
    const before = await stored();
    const refused = await server.query(OpenInvestigationDocument, { input: { title: '孔位偏移 hole offset', complaintIds: [minor.id, major.id], reason: '同一模具 same die' } }, crew.engineer.key);
    expect(refused.openInvestigation).toEqual({
      __typename: 'InvestigationAlreadyOpenError',
      code: 'INVESTIGATION_ALREADY_OPEN',
      message: `An investigation is already open (${major.number}: ${existing.number})`,
      existing: [{ path: '/complaintIds/1', complaintId: major.id, complaintNumber: major.number, investigationId: existing.id, investigationNumber: existing.number, investigationStatus: 'OPEN' }],
    });
    expect(await stored()).toEqual(before);

    const zh = await server.request(OpenInvestigationDocument, { input: { title: '孔位偏移', complaintIds: [major.id] } }, { key: crew.engineer.key, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.data?.openInvestigation).toMatchObject({ code: 'INVESTIGATION_ALREADY_OPEN', message: `客诉已有进行中的调查（${major.number}: ${existing.number}）`, existing: [{ path: '/complaintIds/0' }] });
    // A blank reason is no reason.
    const blank = await server.query(OpenInvestigationDocument, { input: { title: '孔位偏移', complaintIds: [major.id], secondInvestigationReason: '  ' } }, crew.engineer.key);
    expect(blank.openInvestigation).toMatchObject({ code: 'INVESTIGATION_ALREADY_OPEN', existing: [{ path: '/complaintIds/0', investigationNumber: existing.number }] });
    expect(await stored()).toEqual(before);
  });

  it('is opened when the caller states why, and the reason is recorded', async () => {
    const major = await accept(1500);
    const existing = major.openedInvestigation!;
    const second = await investigationStep(
      server.query(OpenInvestigationDocument, { input: { title: '包装破损 damaged packaging', complaintIds: [major.id], reason: '同一客诉 same complaint', secondInvestigationReason: '第二个独立原因：包装 a second, independent cause: packaging' } }, crew.engineer.key),
    );
    expect(second).toMatchObject({ status: 'OPEN', complaints: [{ id: major.id }] });
    expect((await actionsOf(major.id)).investigations.map((i) => i.id)).toEqual([existing.id, second.id]);
    const opened = await server.stored().findOneOrFail(DomainEvent, { type: 'investigation.opened', subjectId: localUuid(second.id, 'Investigation')! });
    expect(opened).toMatchObject({ reason: '同一客诉 same complaint', data: { complaints: [major.number], alongside: { reason: '第二个独立原因：包装 a second, independent cause: packaging', investigations: [existing.number] } } });
  });

  it('is not refused once the open one is cancelled (a closed or cancelled investigation is not open)', async () => {
    const major = await accept(1500);
    const existing = major.openedInvestigation!;
    const investigation = await server.stored().findOneOrFail(Investigation, { id: localUuid(existing.id, 'Investigation')! });
    await investigationStep(server.query(CloseInvestigationDocument, { input: { id: existing.id, version: investigation.version, reason: '重复 duplicate of an older 8D' } }, crew.manager.key));
    const again = await investigationStep(server.query(OpenInvestigationDocument, { input: { title: '孔位偏移 hole offset', complaintIds: [major.id], reason: 'reopened analysis' } }, crew.engineer.key));
    expect(again.status).toBe('OPEN');
  });
});

describe('decideInvestigation while an investigation is open', () => {
  it('is refused with INVESTIGATION_ALREADY_OPEN at /id, changing nothing; offered again with a reason to decide once it is cancelled', async () => {
    const major = await accept(1500);
    const existing = major.openedInvestigation!;
    const before = await stored();
    const refused = await server.query(DecideInvestigationCheckedDocument, { input: { ...ref(major), required: true, reason: 'already under way' } }, crew.engineer.key);
    expect(refused.decideInvestigation).toEqual({
      __typename: 'InvestigationAlreadyOpenError',
      code: 'INVESTIGATION_ALREADY_OPEN',
      message: `An investigation is already open (${major.number}: ${existing.number})`,
      existing: [{ path: '/id', complaintId: major.id, complaintNumber: major.number, investigationId: existing.id, investigationNumber: existing.number, investigationStatus: 'OPEN' }],
    });
    expect(await stored()).toEqual(before);
    expect((await server.stored().findOneOrFail(Complaint, { id: localUuid(major.id, 'Complaint')! })).version).toBe(major.version);

    const inv = await server.stored().findOneOrFail(Investigation, { id: localUuid(existing.id, 'Investigation')! });
    await investigationStep(server.query(CloseInvestigationDocument, { input: { id: existing.id, version: inv.version, reason: '重复 duplicate' } }, crew.manager.key));
    const view = await actionsOf(major.id);
    expect(view.allowedActions).toContain('decideInvestigation');
    // The rule still requires one for a major complaint: "not needed" stays refused.
    const notNeeded = await server.query(DecideInvestigationCheckedDocument, { input: { ...ref(view), required: false, reason: 'busy' } }, crew.engineer.key);
    expect(notNeeded.decideInvestigation).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/required', code: 'RULE_REQUIRES_INVESTIGATION' }] });
  });
});
