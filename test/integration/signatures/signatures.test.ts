import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptComplaintDocument,
  CreateComplaintDocument,
  DecideApprovalDocument,
  DisableUserDocument,
  OpenInvestigationDocument,
  ProposeRemedyDocument,
  SaveSectionDraftDocument,
  ScheduleEffectivenessCheckDocument,
  SignedCloseInvestigationDocument,
  SignedDecideApprovalDocument,
  SignedInvestigationDocument,
  SignedRecordEffectivenessResultDocument,
  SignedSignOffSectionDocument,
  SignOffSectionDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  SubmitSectionDocument,
  type TransitionFieldsFragment,
  VerifySignatureDocument,
} from '../../__generated__/graphql';
import { LoginThrottle } from '../../../src/auth/session.entity';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation, InvestigationSection } from '../../../src/investigations/investigation.entity';
import { canonicalJson, sha256 } from '../../../src/shared/canonical-json';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { Signature } from '../../../src/signatures/signature.entity';
import { accessToken, createUser, login, PASSWORD } from '../../fixtures/auth';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { completeSection, createCrew, EIGHT_D_SECTIONS, eightD, investigationStep, sectionStep, sectionVersion, type EightDSection, type Member } from '../../fixtures/investigations';
import { editAndPublish } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stage-1 record and closure are free-form JSON
type Json = any;
type Complaintish = Extract<TransitionFieldsFragment, { __typename: 'Complaint' }>;

const MAX_FAILURES = 3;
let server: TestServer;
let crew: Awaited<ReturnType<typeof createCrew>>;
const keys: Record<string, string> = {};
/** Users (they can sign): their access token and principal id. */
const users: Record<'plantManager' | 'qualityManager' | 'locked', Member & { name: string; username: string; globalId: string }> = {} as never;

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_FAILURES: String(MAX_FAILURES) });
  crew = await createCrew(server);
  for (const role of ['logistics-manager', 'plant-manager']) keys[role] = (await server.app.services.apiKeys.create(server.tenantId, role, [role])).key;
  const make = async (username: string, name: string, role: string) => {
    const id = await createUser(server, { username, displayName: name, roles: [role] });
    return { username, name, globalId: id, id: `user:${localUuid(id, 'User')}`, key: await accessToken(server, username) };
  };
  users.plantManager = await make('wang.jianguo', '王建国 Wang Jianguo', 'plant-manager');
  users.qualityManager = await make('zhou.min', '周敏 Zhou Min', 'quality-manager');
  users.locked = await make('li.lei', '李雷 Li Lei', 'plant-manager');
});
afterAll(() => server?.stop());

const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });
const sign = (meaning: string, password = PASSWORD) => ({ password, meaning });

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Complaintish> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}

/** A compensation above CNY 10,000, approved by the department head (unsigned step): the plant manager's step, which needs a signature, is next. */
async function atPlantManagerStep(amount = 15_000): Promise<Complaintish> {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ defectType: 'packaging' }) }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
  c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'packaging' } }));
  c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'compensation', amount, currency: 'CNY' } }));
  c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
  c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE', comment: '部门同意' } }, keys['logistics-manager']));
  expect((c.record as Json).approval.steps[(c.record as Json).approval.current].key).toBe('plant-manager');
  return c;
}

const open = async (templateKey: string) =>
  investigationStep(server.query(OpenInvestigationDocument, { input: { title: '焊点开裂 weld cracks', templateKey, severity: 'minor', department: 'sqe', leaderId: crew.manager.id, reason: 'audit finding' } }, crew.engineer.key));

/** A standalone 8D with the sections before `key` completed (unsigned ones by keys, signed ones by the quality manager) and `key` submitted. */
async function submittedSection(key: EightDSection): Promise<{ investigationId: string; section: string; version: number }> {
  const inv = await open('8d');
  for (const k of EIGHT_D_SECTIONS.slice(0, EIGHT_D_SECTIONS.indexOf(key))) await completeSigned(inv.id, k);
  return submit(inv.id, key);
}

/** A 3D (the shipped template that asks for no signature) with its D1 submitted. */
async function submittedThreeD(): Promise<{ investigationId: string; section: string; version: number }> {
  const inv = await open('3d');
  return submit(inv.id, 'D1', { problemStatement: '来料尺寸超差 incoming parts out of tolerance' });
}

async function submit(investigationId: string, key: EightDSection, data: Record<string, unknown> = eightD[key]()): Promise<{ investigationId: string; section: string; version: number }> {
  const section = { investigationId, section: key };
  const draft = await sectionStep(server.query(SaveSectionDraftDocument, { input: { ...section, version: await sectionVersion(server, investigationId, key), data } }, crew.engineer.key));
  expect(draft.problems).toEqual([]);
  const submitted = await sectionStep(server.query(SubmitSectionDocument, { input: { ...section, version: draft.version } }, crew.engineer.key));
  return { ...section, version: submitted.version };
}

/** Completes a section: signed by the quality manager where the shipped 8D requires it (D4, D5, D8), else signed off by a key. */
async function completeSigned(investigationId: string, key: EightDSection): Promise<void> {
  if (!['D4', 'D5', 'D8'].includes(key)) {
    await completeSection(server, { investigationId, key, version: await sectionVersion(server, investigationId, key) }, eightD[key](), { owner: crew.engineer, signer: crew.manager });
    return;
  }
  const input = { ...(await submit(investigationId, key)), signature: sign('approved') };
  const { signOffSection } = await server.query(SignedSignOffSectionDocument, { input }, users.qualityManager.key);
  expect(signOffSection).toMatchObject({ __typename: 'InvestigationSection', status: 'SIGNED_OFF' });
}

/** An 8D with every section complete and its effectiveness check scheduled: recording a passed check closes it. */
async function inEffectivenessCheck(): Promise<{ id: string; version: number }> {
  const { investigationId } = await submittedSection('D8');
  await server.query(SignedSignOffSectionDocument, { input: { investigationId, section: 'D8', version: await sectionVersion(server, investigationId, 'D8'), signature: sign('responsible') } }, users.qualityManager.key);
  const version = (await server.stored().findOneOrFail(Investigation, { id: localUuid(investigationId, 'Investigation')! })).version;
  const scheduled = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: investigationId, version, scheduledFor: '2027-02-01', criteria: '三个月无再发 no recurrence in 3 months' } }, crew.manager.key));
  expect(scheduled.status).toBe('EFFECTIVENESS_CHECK');
  return { id: investigationId, version: scheduled.version };
}

/** What a refusal must leave as it was: signatures, events and the record's version. */
async function storedState(record: { type: 'Complaint' | 'Investigation' | 'InvestigationSection'; id: string; key?: string }) {
  const em = server.stored().fork();
  const version =
    record.type === 'Complaint'
      ? (await em.findOneOrFail(Complaint, { id: localUuid(record.id, 'Complaint')! })).version
      : record.type === 'Investigation'
        ? (await em.findOneOrFail(Investigation, { id: localUuid(record.id, 'Investigation')! })).version
        : (await em.findOneOrFail(InvestigationSection, { investigationId: localUuid(record.id, 'Investigation')!, key: record.key! })).version;
  return { version, signatures: await em.count(Signature, {}), events: await em.count(DomainEvent, {}) };
}

describe('signing an approval decision', () => {
  it('stores a signature bound to the decision, shows it on the record and in the event, and verifies it', async () => {
    const c = await atPlantManagerStep();
    const { decideApproval: result } = await server.query(SignedDecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE', comment: '同意赔偿 approved', signature: sign('approved') } }, users.plantManager.key);
    if (result.__typename !== 'Complaint') throw new Error(JSON.stringify(result));
    expect(result.status).toBe('REMEDY_APPROVED');
    const decision = (result.record as Json).approval.steps[1].decisions[0];
    expect(decision).toMatchObject({ by: users.plantManager.id, decision: 'approve', signature: { signerId: users.plantManager.id, signerName: users.plantManager.name, meaning: 'approved', signedAt: decision.at } });
    expect(result.signatures).toEqual([
      expect.objectContaining({ id: decision.signature.id, signerName: users.plantManager.name, meaning: 'approved', recordType: 'ApprovalDecision', recordId: c.id, verification: { valid: true, reason: null } }),
    ]);

    const stored = await server.stored().fork().findOneOrFail(Signature, { id: localUuid(decision.signature.id, 'Signature')! });
    const approval = (result.record as Json).approval;
    const { signature: _summary, ...signedDecision } = decision;
    const content = { complaintId: localUuid(c.id, 'Complaint'), number: (await server.stored().fork().findOneOrFail(Complaint, { id: localUuid(c.id, 'Complaint')! })).number, route: 'remedy', routeVersion: approval.routeVersion, remedy: approval.remedy, step: 'plant-manager', decision: signedDecision };
    expect(stored).toMatchObject({ recordType: 'ApprovalDecision', recordId: localUuid(c.id, 'Complaint'), signerId: users.plantManager.id, meaning: 'approved', contentHash: sha256(canonicalJson(content)) });
    expect(approval.remedy).toMatchObject({ type: 'compensation', amount: 15_000 });
    expect(stored.mac).toMatch(/^[0-9a-f]{64}$/);

    const event = await server.stored().fork().findOneOrFail(DomainEvent, { subjectId: localUuid(c.id, 'Complaint')!, type: 'approval.decided', actorId: users.plantManager.id });
    expect(event.data).toMatchObject({ step: 'plant-manager', signature: { id: decision.signature.id, meaning: 'approved', signerName: users.plantManager.name } });
  });

  it('leaves an unsigned step unsigned: the department head decides without a signature', async () => {
    const c = await atPlantManagerStep();
    expect((c.record as Json).approval.steps[0].decisions[0].signature).toBeUndefined();
    expect(await server.stored().fork().count(Signature, { recordId: localUuid(c.id, 'Complaint')! })).toBe(0);
  });
});

describe('signing section sign-offs and the closure', () => {
  it('signs D4 with the stated meaning, shows it on the sign-off and verifies it', async () => {
    const input = { ...(await submittedSection('D4')), signature: sign('reviewed') };
    const { signOffSection: section } = await server.query(SignedSignOffSectionDocument, { input }, users.qualityManager.key);
    if (section.__typename !== 'InvestigationSection') throw new Error(JSON.stringify(section));
    expect(section.signOffs).toEqual([expect.objectContaining({ by: users.qualityManager.id, name: users.qualityManager.name, meaning: 'reviewed', signature: expect.objectContaining({ signerName: users.qualityManager.name, meaning: 'reviewed' }) })]);
    const { investigation } = await server.query(SignedInvestigationDocument, { id: input.investigationId });
    const signature = investigation!.signatures.find((s) => s.id === section.signOffs[0].signature!.id)!;
    expect(signature).toMatchObject({ recordType: 'InvestigationSection', meaning: 'reviewed', verification: { valid: true, reason: null } });
    // The report export shows it too.
    const d4 = (investigation!.report as Json).sections.find((x: Json) => x.key === 'D4');
    expect(d4.signOffs).toEqual([expect.objectContaining({ by: { id: users.qualityManager.id, name: users.qualityManager.name }, meaning: 'reviewed', signature: { id: signature.id, signedAt: signature.signedAt } })]);
    const stored = await server.stored().fork().findOneOrFail(InvestigationSection, { investigationId: localUuid(input.investigationId, 'Investigation')!, key: 'D4' });
    expect(stored.signOffs[0].signature).toMatchObject({ id: signature.id, meaning: 'reviewed' });
    const event = await server.stored().fork().findOneOrFail(DomainEvent, { subjectId: stored.investigationId, type: 'investigation.section_signed_off', actorId: users.qualityManager.id });
    expect((event.data as Json).after.signOffs[0].signature.id).toBe(signature.id);
  });

  it('signs the closure by a passed effectiveness check', async () => {
    const inv = await inEffectivenessCheck();
    const { recordEffectivenessResult: closed } = await server.query(SignedRecordEffectivenessResultDocument, { input: { ...ref(inv), passed: true, evidence: '90 天零投诉 zero complaints in 90 days', reason: '提前判定 judged before the scheduled date', signature: sign('verified') } }, users.qualityManager.key);
    if (closed.__typename !== 'Investigation') throw new Error(JSON.stringify(closed));
    expect(closed.status).toBe('CLOSED');
    expect(closed.closureSignature).toMatchObject({ signerId: users.qualityManager.id, signerName: users.qualityManager.name, meaning: 'verified' });
    expect((closed.closure as Json).signature.id).toBe(closed.closureSignature!.id);
    expect(closed.signatures.map((s) => s.recordType)).toEqual(['InvestigationSection', 'InvestigationSection', 'InvestigationSection', 'InvestigationClosure']);
    expect(closed.signatures.every((s) => s.verification.valid)).toBe(true);
    const event = await server.stored().fork().findOneOrFail(DomainEvent, { subjectId: localUuid(inv.id, 'Investigation')!, type: 'investigation.effectiveness_passed' });
    expect((event.data as Json).after.closure.signature).toMatchObject({ id: closed.closureSignature!.id, meaning: 'verified' });
  });

  it('signs closing without completing', async () => {
    const { investigationId } = await submittedSection('D1');
    const version = (await server.stored().fork().findOneOrFail(Investigation, { id: localUuid(investigationId, 'Investigation')! })).version;
    const { closeInvestigation: closed } = await server.query(SignedCloseInvestigationDocument, { input: { id: investigationId, version, reason: '重复立项 duplicate of another 8D', signature: sign('approved') } }, users.qualityManager.key);
    expect(closed).toMatchObject({ __typename: 'Investigation', status: 'CANCELLED', closureSignature: { meaning: 'approved', signerName: users.qualityManager.name } });
  });

  it('takes no signature where the template asks for none (the 3D method)', async () => {
    const { investigationId, version } = await submittedThreeD();
    const { signOffSection } = await server.query(SignOffSectionDocument, { input: { investigationId, section: 'D1', version } }, crew.manager.key);
    expect(signOffSection).toMatchObject({ __typename: 'InvestigationSection', status: 'SIGNED_OFF' });
    expect(await server.stored().fork().count(Signature, { recordId: (await server.stored().fork().findOneOrFail(InvestigationSection, { investigationId: localUuid(investigationId, 'Investigation')!, key: 'D1' })).id })).toBe(0);
  });
});

describe('refused signatures change nothing', () => {
  type Case = { title: string; code: string; allowedMeanings?: string[]; path?: string; run: () => Promise<{ result: Json; record: Parameters<typeof storedState>[0]; before: Awaited<ReturnType<typeof storedState>> }> };
  const approval = (by: () => string, signature?: { password: string; meaning: string }) => async () => {
    const c = await atPlantManagerStep();
    const record = { type: 'Complaint' as const, id: c.id };
    const before = await storedState(record);
    const { decideApproval } = await server.query(SignedDecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE', signature } }, by());
    return { result: decideApproval, record, before };
  };
  const signOff = (key: EightDSection | '3D-D1', by: () => string, signature?: { password: string; meaning: string }, extra: Record<string, unknown> = {}) => async () => {
    const input = key === '3D-D1' ? await submittedThreeD() : await submittedSection(key);
    const record = { type: 'InvestigationSection' as const, id: input.investigationId, key: input.section };
    const before = await storedState(record);
    const { signOffSection } = await server.query(SignedSignOffSectionDocument, { input: { ...input, signature, ...extra } }, by());
    return { result: signOffSection, record, before };
  };
  const closure = (by: () => string, signature?: { password: string; meaning: string }, passed = true) => async () => {
    const inv = await inEffectivenessCheck();
    const record = { type: 'Investigation' as const, id: inv.id };
    const before = await storedState(record);
    const { recordEffectivenessResult } = await server.query(SignedRecordEffectivenessResultDocument, { input: { ...ref(inv), passed, evidence: 'checked', reason: '提前判定 judged before the scheduled date', signature } }, by());
    return { result: recordEffectivenessResult, record, before };
  };
  const meanings = { approval: ['approved', 'rejected', 'reviewed'], d4: ['approved', 'reviewed', 'responsible'], closure: ['verified', 'approved', 'responsible'] };

  const cases: Case[] = [
    { title: 'approval without a signature where the step requires one', code: 'SIGNATURE_REQUIRED', allowedMeanings: meanings.approval, run: approval(() => users.plantManager.key) },
    { title: 'D4 sign-off without a signature', code: 'SIGNATURE_REQUIRED', allowedMeanings: meanings.d4, run: signOff('D4', () => users.qualityManager.key) },
    { title: 'closure without a signature', code: 'SIGNATURE_REQUIRED', allowedMeanings: meanings.closure, run: closure(() => users.qualityManager.key) },
    { title: 'approval signed by an API key', code: 'SIGNER_NOT_A_USER', run: approval(() => keys['plant-manager'], sign('approved')) },
    { title: 'D4 signed by an API key', code: 'SIGNER_NOT_A_USER', run: signOff('D4', () => crew.manager.key, sign('approved')) },
    { title: 'approval with a wrong password', code: 'SIGNATURE_PASSWORD_INCORRECT', run: approval(() => users.plantManager.key, sign('approved', 'not the password at all')) },
    { title: 'closure with a wrong password', code: 'SIGNATURE_PASSWORD_INCORRECT', run: closure(() => users.qualityManager.key, sign('verified', 'not the password at all')) },
    { title: 'approval with a meaning the step does not allow', code: 'SIGNATURE_MEANING_NOT_ALLOWED', allowedMeanings: meanings.approval, run: approval(() => users.plantManager.key, sign('responsible')) },
    { title: 'D4 with a meaning the section does not allow', code: 'SIGNATURE_MEANING_NOT_ALLOWED', allowedMeanings: meanings.d4, run: signOff('D4', () => users.qualityManager.key, sign('verified')) },
    { title: 'a signature where the template asks for none (3D)', code: 'SIGNATURE_MEANING_NOT_ALLOWED', allowedMeanings: [], run: signOff('3D-D1', () => users.qualityManager.key, sign('approved')) },
    { title: 'a sign-off meaning that differs from its signature', code: 'VALIDATION_FAILED', path: '/meaning', run: signOff('D4', () => users.qualityManager.key, sign('approved'), { meaning: 'reviewed' }) },
    { title: 'a signature on a failed effectiveness check', code: 'VALIDATION_FAILED', path: '/signature', run: closure(() => users.qualityManager.key, sign('verified'), false) },
  ];

  it.each(cases)('$title: $code', async ({ code, allowedMeanings, path, run }) => {
    const { result, record, before } = await run();
    expect(result.code).toBe(code);
    if (allowedMeanings) expect(result.allowedMeanings).toEqual(allowedMeanings);
    if (path) expect(result.problems.map((p: Json) => p.path)).toEqual([path]);
    expect(await storedState(record)).toEqual(before);
  });
});

describe('a wrong signing password counts toward the login lockout', () => {
  it('locks signing and login after the limit, and says for how long', async () => {
    const c = await atPlantManagerStep();
    const decide = (password: string) => server.query(SignedDecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE', signature: sign('approved', password) } }, users.locked.key);
    const failures = async () => (await server.app.services.db.system().fork().findOne(LoginThrottle, { tenantSlug: server.config.defaultTenant, username: users.locked.username }))?.failures ?? 0;
    for (let i = 1; i <= MAX_FAILURES; i++) {
      expect((await decide('wrong password ' + i)).decideApproval).toMatchObject({ code: 'SIGNATURE_PASSWORD_INCORRECT' });
      expect(await failures()).toBe(i);
    }
    const locked = (await decide(PASSWORD)).decideApproval;
    expect(locked).toMatchObject({ __typename: 'SignatureError', code: 'SIGNER_LOCKED', retryAfterSeconds: expect.any(Number) });
    expect((locked as Json).retryAfterSeconds).toBeGreaterThan(0);
    const loginAttempt = await login(server, users.locked.username, PASSWORD);
    expect(loginAttempt.status).toBe(429);
    expect(await server.stored().fork().count(Signature, { recordId: localUuid(c.id, 'Complaint')! })).toBe(0);
  });
});

describe('verification', () => {
  it.each([
    {
      title: 'a signature row moved onto another complaint',
      reason: 'BOUND_TO_OTHER_RECORD',
      tamper: async (signature: Signature) => {
        const other = await atPlantManagerStep();
        await server.stored().fork().nativeUpdate(Signature, { id: signature.id }, { recordId: localUuid(other.id, 'Complaint')! });
      },
    },
    {
      title: 'the approved amount changed after signing',
      reason: 'CONTENT_CHANGED',
      tamper: async (signature: Signature) => {
        const em = server.stored().fork();
        const c = await em.findOneOrFail(Complaint, { id: signature.recordId });
        const record = structuredClone(c.record) as Json;
        record.approval.remedy.amount = 1_500;
        c.record = record;
        await em.flush();
      },
    },
    {
      title: "the signature's meaning altered in the database",
      reason: 'MAC_MISMATCH',
      tamper: async (signature: Signature) => {
        await server.stored().fork().nativeUpdate(Signature, { id: signature.id }, { meaning: 'reviewed' });
      },
    },
  ])('$title fails verification with $reason', async ({ reason, tamper }) => {
    const c = await atPlantManagerStep();
    const { decideApproval } = await server.query(SignedDecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE', signature: sign('approved') } }, users.plantManager.key);
    if (decideApproval.__typename !== 'Complaint') throw new Error(JSON.stringify(decideApproval));
    const id = decideApproval.signatures[0].id;
    expect((await server.query(VerifySignatureDocument, { id })).verifySignature).toEqual({ valid: true, reason: null, signature: { id, meaning: 'approved' } });
    await tamper(await server.stored().fork().findOneOrFail(Signature, { id: localUuid(id, 'Signature')! }));
    expect((await server.query(VerifySignatureDocument, { id })).verifySignature).toMatchObject({ valid: false, reason });
  });

  it('detects a section changed after it was signed (CONTENT_CHANGED)', async () => {
    const input = { ...(await submittedSection('D4')), signature: sign('approved') };
    const { signOffSection } = await server.query(SignedSignOffSectionDocument, { input }, users.qualityManager.key);
    if (signOffSection.__typename !== 'InvestigationSection') throw new Error(JSON.stringify(signOffSection));
    const id = signOffSection.signOffs[0].signature!.id;
    expect((await server.query(VerifySignatureDocument, { id })).verifySignature.valid).toBe(true);
    const em = server.stored().fork();
    const section = await em.findOneOrFail(InvestigationSection, { investigationId: localUuid(input.investigationId, 'Investigation')!, key: 'D4' });
    section.data = { ...section.data, rootCause: '操作员失误 operator error' };
    await em.flush();
    expect((await server.query(VerifySignatureDocument, { id })).verifySignature).toMatchObject({ valid: false, reason: 'CONTENT_CHANGED' });
  });

  it("is NOT_FOUND for another tenant's signature", async () => {
    const c = await atPlantManagerStep();
    const { decideApproval } = await server.query(SignedDecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE', signature: sign('approved') } }, users.plantManager.key);
    if (decideApproval.__typename !== 'Complaint') throw new Error(JSON.stringify(decideApproval));
    const other = await server.createTenant('sig-other');
    const result = await server.request(VerifySignatureDocument, { id: decideApproval.signatures[0].id }, { key: other.key });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

// Last: it changes the shipped approval route for the rest of the file.
describe('a step every approver must approve (mode "all")', () => {
  it('waits for every active holder of the role, users as well as API keys, but not disabled users', async () => {
    await editAndPublish(server, 'APPROVAL_ROUTE', 'remedy', (route) => {
      const step = route.steps.find((st: Json) => st.key === 'plant-manager');
      step.mode = 'all';
      delete step.signature;
    });
    await server.query(DisableUserDocument, { id: users.locked.globalId });
    let c = await atPlantManagerStep();
    // Holders of plant-manager: two API keys and two users, one of them disabled.
    for (const key of [keys['plant-manager'], crew.director.key]) c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, key));
    expect((c.record as Json).approval).toMatchObject({ current: 1, outcome: 'pending' });
    c = await step(server.query(DecideApprovalDocument, { input: { ...ref(c), decision: 'APPROVE' } }, users.plantManager.key));
    expect(c).toMatchObject({ status: 'REMEDY_APPROVED', record: { approval: { outcome: 'approved' } } });
    expect((c.record as Json).approval.steps[1].decisions.map((d: Json) => d.by)).toEqual([expect.stringMatching(/^api-key:/), crew.director.id, users.plantManager.id]);
  });
});
