import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Consequence, ResponsibilityDecision } from '../../../src/accountability/responsibility.entity';
import { LateHolding } from '../../../src/accountability/late-holding.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { Timer } from '../../../src/scheduler/timer.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import {
  AddCostItemDocument,
  AppealConsequenceDocument,
  ComplaintLateHoldersDocument,
  ComplaintResponsibilityDocument,
  type ConsequenceFieldsFragment,
  CreateComplaintDocument,
  DecideAppealDocument,
  DecideConsequenceDocument,
  DecideResponsibilityDocument,
  type DecideResponsibilityInput,
  RequestExportDocument,
  ReviseResponsibilityDocument,
  MyNotificationsDocument,
  StartReviewDocument,
  VerifySignatureDocument,
} from '../../__generated__/graphql';
import { Notification } from '../../../src/notifications/notification.entity';
import type { OrganizationTemplate } from '../../../src/__generated__';
import { calendarOf } from '../../../src/calendar/calendar-cache';
import { accessToken, createUser, PASSWORD } from '../../fixtures/auth';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { seedComplaint } from '../stats/stats-seed';

const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const clock = new ManualClock(at('2026-11-23T09:00:00'));
const EVIDENCE = 'EVIDENCE-MARK 夹具定位销磨损未按保养计划更换';
const LI = '李伟 Li Wei';
const WANG = '王芳 Wang Fang';
const ZHAO = '赵刚 Zhao Gang';

let server: TestServer;
const keys: Record<string, string> = {};
let li: { id: string; username: string };
let wang: { id: string; username: string };
/** A plant manager who logs in with a password: the consequence route's plant step takes an e-signature. */
let zhao: { id: string; username: string };
/** An HR manager with a user account: reminders reach users as well as API keys. */
let sun: { id: string; username: string };
/** A fresh access token: the tests move the app clock, and tokens are dated by it. */
const token = (u: { username: string }) => accessToken(server, u.username);

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  for (const role of ['quality-manager', 'hr-manager', 'plant-manager', 'general-manager', 'production-manager', 'customer-service-agent']) {
    keys[role] = (await server.app.services.apiKeys.create(server.tenantId, role, [role])).key;
  }
  const user = async (username: string, displayName: string, departments: string[]) => {
    const id = await createUser(server, { username, displayName, roles: ['production-engineer'], departments, level: 'engineer' });
    return { id, username };
  };
  li = await user('li.wei', LI, ['production']);
  wang = await user('wang.fang', WANG, ['quality']);
  sun = { id: await createUser(server, { username: 'sun.li', displayName: '孙丽 Sun Li', roles: ['hr-manager'], departments: ['hr'] }), username: 'sun.li' };
  zhao = { id: await createUser(server, { username: 'zhao.gang', displayName: ZHAO, roles: ['plant-manager'], departments: ['plant'], level: 'director' }), username: 'zhao.gang' };
}, 120_000);
afterAll(() => server?.stop());

/** A product-quality complaint accepted, remedied and closed by the customer's feedback. */
async function closedComplaint(received: string): Promise<string> {
  const c = await seedComplaint(server, clock, { received, product: 'BRK-2041', customer: '华东汽车', quantity: 40, closeAfterHours: 3, category: 'machining' });
  return c.id;
}

const input = (complaintId: string, shares: [string, string] = ['60', '40']): DecideResponsibilityInput => ({
  complaintId,
  evidence: EVIDENCE,
  parties: [
    { department: 'production', people: [li.id], kind: 'DIRECT', share: shares[0] },
    { department: 'quality', people: [wang.id], kind: 'MANAGERIAL', share: shares[1] },
  ],
});

const decide = (i: DecideResponsibilityInput, key = keys['quality-manager']) => server.query(DecideResponsibilityDocument, { input: i }, key).then((r) => r.decideResponsibility);
const stored = async () => ({ decisions: await server.stored().count(ResponsibilityDecision, {}), consequences: await server.stored().count(Consequence, {}), events: await server.stored().count(DomainEvent, { type: { $like: 'complaint.%responsib%' } }) });

async function decided(complaintId: string): Promise<{ id: string; version: number; consequences: ConsequenceFieldsFragment[] }> {
  const r = await decide(input(complaintId));
  if (r.__typename !== 'ResponsibilityDecision') throw new Error(JSON.stringify(r));
  // The quality manager decides but is no viewRole: the content is read as HR.
  expect(r).toMatchObject({ contentVisible: false, consequences: null });
  const hr = (await server.query(ComplaintResponsibilityDocument, { id: complaintId }, keys['hr-manager'])).complaint.responsibility!;
  return { id: r.id, version: r.version, consequences: hr.consequences! };
}

describe(`accountability (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  let complaintId: string;
  let consequences: ConsequenceFieldsFragment[];

  it.each([
    { title: '99 % in all', shares: ['60', '39'] as [string, string], path: '/input/parties', code: 'SHARE_TOTAL' },
    { title: '101 % in all', shares: ['61', '40'] as [string, string], path: '/input/parties', code: 'SHARE_TOTAL' },
    { title: 'a zero share', shares: ['0', '100'] as [string, string], path: '/input/parties/0/share', code: 'RANGE' },
    { title: 'three decimals', shares: ['60.005', '40'] as [string, string], path: '/input/parties/0/share', code: 'PRECISION' },
  ])('refuses $title with $code at $path and stores nothing', async ({ shares, path, code }) => {
    complaintId ??= await closedComplaint('2026-11-02T02:00:00Z');
    const before = await stored();
    const r = await decide(input(complaintId, shares));
    expect(r).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path, code }] });
    expect(await stored()).toEqual(before);
  });

  it.each([
    { title: 'an open complaint (neither closed nor from a root cause)', open: true, key: 'quality-manager', expected: { __typename: 'PrerequisitesNotMetError', code: 'PREREQUISITES_NOT_MET' } },
    { title: 'a role the policy does not name', open: false, key: 'customer-service-agent', expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', allowedRoles: ['quality-manager', 'plant-manager'] } },
  ])('refuses $title', async ({ open, key, expected }) => {
    let id = complaintId;
    if (open) {
      const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
      id = (createComplaint as { id: string }).id;
    }
    const before = await stored();
    expect(await decide(input(id), keys[key])).toMatchObject(expected);
    expect(await stored()).toEqual(before);
  });

  it('decides 60/40 and proposes the policy consequences scaled by share, exactly', async () => {
    const { addCostItem } = await server.query(AddCostItemDocument, { input: { subjectId: complaintId, kind: 'compensation', amount: '12000.00' } });
    expect(addCostItem.__typename).toBe('CostItem');
    const r = await decided(complaintId);
    consequences = r.consequences;
    expect(consequences.map((c) => [c.department, c.personName, c.rule, c.kind, c.amount, c.share, c.status, c.currentStep])).toEqual([
      ['production', LI, 'direct-points', 'performance-points', '6.0', '60', 'EFFECTIVE', null],
      // The cost (12000 CNY) is over 10000: bonus deduction 20 % x 60 %, through HR and the plant manager.
      ['production', LI, 'major-loss-bonus', 'bonus-deduction', '12.00', '60', 'PENDING_APPROVAL', 'hr-review'],
      ['production', null, 'department-score', 'department-points', '1.2', '60', 'EFFECTIVE', null],
      ['quality', WANG, 'managerial-points', 'performance-points', '2.0', '40', 'EFFECTIVE', null],
    ]);
    const rows = await server.stored().find(Consequence, { complaintId: localUuid(complaintId, 'Complaint')! }, { orderBy: { createdAt: 'asc' } });
    expect(rows.map((c) => [c.targetKey, c.amount, c.shareBp])).toEqual([
      [`user:${localUuid(li.id, 'User')}`, '6.0', 6000],
      [`user:${localUuid(li.id, 'User')}`, '12.00', 6000],
      ['department:production', '1.2', 6000],
      [`user:${localUuid(wang.id, 'User')}`, '2.0', 4000],
    ]);
    expect(await decide(input(complaintId))).toMatchObject({ __typename: 'AlreadyDecidedError', code: 'ALREADY_DECIDED' });
  });

  it('approves a consequence step by step, takes one appeal, and refuses a second', async () => {
    const bonus = consequences[1].id;
    const step = (key: string, approve: boolean) => server.query(DecideConsequenceDocument, { input: { id: bonus, approve, reason: approve ? '同意 agreed' : 'no' } }, key).then((r) => r.decideConsequence);
    expect(await step(keys['customer-service-agent'], true)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await step(keys['plant-manager'], true)).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', allowedRoles: ['hr-manager'] });
    expect(await step(keys['hr-manager'], true)).toMatchObject({ status: 'PENDING_APPROVAL', currentStep: 'plant-approval', approvalRoute: 'consequence', approvalRouteVersion: 1 });
    // The route's plant-manager step is signed: an API key cannot sign, and a refusal changes nothing.
    const row = () => server.stored().fork().findOneOrFail(Consequence, { id: localUuid(bonus, 'Consequence')! });
    const before = await row();
    expect(await step(keys['plant-manager'], true)).toMatchObject({ __typename: 'SignatureError', code: 'SIGNATURE_REQUIRED', allowedMeanings: ['approved', 'rejected'] });
    const signedBy = async (meaning: string, password = PASSWORD) =>
      (await server.query(DecideConsequenceDocument, { input: { id: bonus, approve: true, reason: '同意 agreed', signature: { password, meaning } } }, await token(zhao))).decideConsequence;
    expect(await signedBy('approved', 'not the password')).toMatchObject({ __typename: 'SignatureError', code: 'SIGNATURE_PASSWORD_INCORRECT' });
    expect(await signedBy('reviewed')).toMatchObject({ __typename: 'SignatureError', code: 'SIGNATURE_MEANING_NOT_ALLOWED', allowedMeanings: ['approved', 'rejected'] });
    expect(await row()).toMatchObject({ version: before.version, status: 'PENDING_APPROVAL', currentStep: 1 });
    const approved = await signedBy('approved');
    // The answer is the consequence as stored: its version is the stored row's.
    expect(approved).toMatchObject({ version: (await row()).version });
    expect((await row()).version).toBe(before.version + 1);
    expect(approved).toMatchObject({
      status: 'EFFECTIVE',
      currentStep: null,
      steps: [
        { key: 'hr-review', signatureRequired: false, decisions: [{ outcome: 'approve', signature: null }] },
        { key: 'plant-approval', signatureRequired: true, signatureMeanings: ['approved', 'rejected'], decisions: [{ outcome: 'approve', reason: '同意 agreed', signature: { signerName: ZHAO, meaning: 'approved' } }] },
      ],
    });
    if (approved.__typename !== 'Consequence') throw new Error(approved.__typename);
    // The signature is bound to this consequence's decision, and seen only by those who see the consequence.
    const signatureId = approved.steps[1].decisions[0].signature!.id;
    expect((await server.query(VerifySignatureDocument, { id: signatureId }, keys['hr-manager'])).verifySignature).toMatchObject({ valid: true, reason: null });
    const unseen = await server.request(VerifySignatureDocument, { id: signatureId }, { key: keys['customer-service-agent'] });
    expect(unseen.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);

    const appeal = (key: string) => server.query(AppealConsequenceDocument, { input: { id: bonus, reason: '保养计划由设备部制定 maintenance plan is not mine' } }, key).then((r) => r.appealConsequence);
    expect(await appeal(await token(wang))).toMatchObject({ __typename: 'NotFoundError' });
    expect(await appeal(await token(li))).toMatchObject({ __typename: 'Consequence', status: 'APPEALED', appeal: { by: `user:${localUuid(li.id, 'User')}`, onBehalf: false, decision: null } });
    const decideAppeal = (key: string) => server.query(DecideAppealDocument, { input: { id: bonus, uphold: true, reason: '证据充分 evidence holds' } }, key).then((r) => r.decideAppeal);
    expect(await decideAppeal(keys['plant-manager'])).toMatchObject({ __typename: 'NotAllowedError', allowedRoles: ['general-manager', 'hr-manager'] });
    expect(await decideAppeal(keys['general-manager'])).toMatchObject({ status: 'UPHELD', appeal: { decision: { outcome: 'uphold', reason: '证据充分 evidence holds' } } });
    expect(await appeal(await token(li))).toMatchObject({ __typename: 'AppealAlreadyUsedError', code: 'APPEAL_ALREADY_USED' });

    // The department head appeals the department's points on its behalf.
    const dept = await server.query(AppealConsequenceDocument, { input: { id: consequences[2].id, reason: '部门已整改 fixed' } }, keys['production-manager']);
    expect(dept.appealConsequence).toMatchObject({ status: 'APPEALED', appeal: { onBehalf: true } });

    const stored = await row();
    expect(stored.status).toBe('UPHELD');
    expect(stored.steps.map((s) => s.decisions.map((d) => d.byName))).toEqual([['hr-manager'], [ZHAO]]);
    expect(stored.appeal).toMatchObject({ byName: LI, decision: { byName: 'general-manager', outcome: 'uphold' } });
  });

  it('shows the content to viewRoles only; events and the complaint-list export carry none of it', async () => {
    const view = async (key: string) => (await server.query(ComplaintResponsibilityDocument, { id: complaintId }, key)).complaint.responsibility!;
    const hidden = await view(keys['customer-service-agent']);
    expect(hidden).toMatchObject({ contentVisible: false, evidence: null, history: null, consequences: null, parties: [{ department: 'production', share: '60', people: null }, { department: 'quality', share: '40', people: null }] });
    const hr = await view(keys['hr-manager']);
    expect(hr).toMatchObject({ contentVisible: true, evidence: EVIDENCE, parties: [{ people: [{ name: LI }] }, { people: [{ name: WANG }] }] });
    expect(hr.consequences).toHaveLength(4);
    // The person concerned sees their own consequences, nobody else's.
    expect((await view(await token(wang))).consequences!.map((c) => c.personName)).toEqual([WANG]);

    const events = await server.stored().find(DomainEvent, { subjectId: localUuid(complaintId, 'Complaint')!, type: { $like: 'complaint.%' } });
    const accountability = events.filter((e) => /responsib|consequence/.test(e.type));
    expect(accountability.map((e) => e.type).sort()).toEqual([
      'complaint.consequence_appeal_decided',
      'complaint.consequence_appealed',
      'complaint.consequence_appealed',
      'complaint.consequence_decided',
      'complaint.consequence_decided',
      'complaint.responsibility_decided',
    ]);
    const payloads = JSON.stringify(events.map((e) => [e.data, e.reason, e.actorName]));
    for (const secret of [LI, WANG, EVIDENCE, '12.00', '"6.0"', 'bonus-deduction', 'performance-points']) expect(payloads).not.toContain(secret);
    for (const e of accountability.filter((x) => x.type.includes('consequence'))) expect(Object.keys(e.data).sort()).toEqual(expect.arrayContaining(['consequenceId', 'decisionId', 'status']));

    // The plant manager both views consequences and may export the complaint list.
    const { requestExport } = await server.query(RequestExportDocument, { input: { kind: 'COMPLAINTS' as never, format: 'CSV' as never } }, keys['plant-manager']);
    if (requestExport.__typename !== 'ExportLink') throw new Error(JSON.stringify(requestExport));
    const csv = await (await fetch(new URL(requestExport.url, server.url))).text();
    expect(csv).toContain('BRK-2041');
    for (const secret of [LI, WANG, EVIDENCE]) expect(csv).not.toContain(secret);
  });

  it('revises with a reason: earlier consequences superseded, history kept, the event without people', async () => {
    const before = (await server.query(ComplaintResponsibilityDocument, { id: complaintId }, keys['hr-manager'])).complaint.responsibility!;
    const refused = await server.query(ReviseResponsibilityDocument, { input: { ...input(complaintId, ['50', '50']), version: before.version + 1, reason: 'x' } }, keys['quality-manager']);
    expect(refused.reviseResponsibility).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    const { reviseResponsibility: r } = await server.query(ReviseResponsibilityDocument, { input: { ...input(complaintId, ['50', '50']), version: before.version, reason: '复核后责任各半 shared equally on review' } }, keys['plant-manager']);
    if (r.__typename !== 'ResponsibilityDecision') throw new Error(JSON.stringify(r));
    expect(r).toMatchObject({ revision: 2, revisionReason: '复核后责任各半 shared equally on review', history: [{ revision: 1, evidence: EVIDENCE }] });
    expect(r.consequences!.filter((c) => c.status === 'SUPERSEDED')).toHaveLength(4);
    expect(r.consequences!.filter((c) => c.status !== 'SUPERSEDED').map((c) => [c.rule, c.amount])).toEqual([
      ['direct-points', '5.0'],
      ['major-loss-bonus', '10.00'],
      ['department-score', '1.0'],
      ['managerial-points', '2.5'],
    ]);
    const [event] = await server.stored().find(DomainEvent, { type: 'complaint.responsibility_revised' });
    expect(event.data).toMatchObject({ before: { revision: 1, parties: [{ department: 'production', share: '60', people: 1 }, { department: 'quality', share: '40', people: 1 }] }, after: { revision: 2 } });
    expect(JSON.stringify(event.data)).not.toContain(LI);

    // The new bonus deduction waits on HR with a reminder armed; superseded by a further revision, its reminder goes too.
    const pending = r.consequences!.find((c) => c.status === 'PENDING_APPROVAL')!;
    const reminders = () => server.stored().fork().count(Timer, { kind: 'consequence-approval', subjectId: localUuid(pending.id, 'Consequence')! });
    expect(await reminders()).toBe(1);
    const { reviseResponsibility: again } = await server.query(ReviseResponsibilityDocument, { input: { ...input(complaintId, ['60', '40']), version: r.version, reason: '再次复核 reviewed again' } }, keys['plant-manager']);
    expect(again).toMatchObject({ __typename: 'ResponsibilityDecision', revision: 3 });
    expect(await reminders()).toBe(0);
  });

  let warning: ConsequenceFieldsFragment;
  let second: string;

  it('counts a repeat offence on the next complaint (written warning and retraining)', async () => {
    second = await closedComplaint('2026-11-09T02:00:00Z');
    const r = await decided(second);
    const li = r.consequences.filter((c) => c.personName === LI);
    expect(li.map((c) => [c.kind, c.status])).toEqual([
      ['performance-points', 'EFFECTIVE'],
      ['written-warning', 'PENDING_APPROVAL'],
      ['retraining', 'EFFECTIVE'],
    ]);
    warning = li[1];
  });

  it("takes only the route's steps whose condition matches, and reminds the approvers of an overdue step and tells their manager", async () => {
    // The plant-manager step applies to bonus deductions only: a written warning goes through HR alone.
    const decidedAt = clock.now();
    expect(warning).toMatchObject({ approvalRoute: 'consequence', currentStep: 'hr-review', steps: [{ key: 'hr-review', roles: ['hr-manager'], mode: 'any', since: decidedAt.toISOString(), decisions: [] }] });
    expect(warning.steps).toHaveLength(1);
    const dueAt = new Date(warning.steps[0].dueAt!);
    // The step's timeout, two working days, in the organization's business calendar.
    const org = (await server.app.services.templates.latestTemplate<OrganizationTemplate>(server.stored(), server.tenantId, 'organization', 'default'))!.content;
    expect(dueAt).toEqual(calendarOf(org.calendar).add(decidedAt, { value: 2, unit: 'working-days' }));
    expect(dueAt.getTime() - decidedAt.getTime()).toBeGreaterThan(24 * 3600_000);
    // The revised decision's bonus deduction waits on HR too: only the warning's reminders are counted here.
    const overdue = async () => (await server.stored().fork().find(DomainEvent, { type: 'complaint.consequence_approval_overdue' })).filter((e) => e.data.consequenceId === localUuid(warning.id, 'Consequence'));
    clock.set(new Date(dueAt.getTime() - 60_000));
    await server.app.services.scheduler.tick();
    expect(await overdue()).toEqual([]);
    clock.set(new Date(dueAt.getTime() + 60_000));
    await server.app.services.scheduler.tick();
    const events = await overdue();
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ route: 'consequence', step: 'hr-review', approverRoles: ['hr-manager'], managerRoles: ['general-manager'] })]);
    for (const secret of [LI, 'written-warning']) expect(JSON.stringify(events.map((e) => [e.data, e.reason]))).not.toContain(secret);
    const notified = (await server.stored().fork().find(Notification, { kind: { $like: 'consequence-approval-%' } }, { orderBy: { kind: 'desc' } })).filter((n) => n.data.consequenceId === warning.id);
    const principal = (key: string) => server.app.services.auth.authenticate(`Bearer ${key}`).then((c) => c!.principal.id);
    expect(notified.map((n) => [n.kind, n.recipientId]).sort()).toEqual(
      [
        ['consequence-approval-overdue', await principal(keys['hr-manager'])],
        ['consequence-approval-overdue', `user:${localUuid(sun.id, 'User')}`],
        ['consequence-approval-escalated', await principal(keys['general-manager'])],
      ].sort(),
    );
    // The HR user reads the reminder in their own notifications: what it is about, no person, kind or amount.
    const mine = (await server.query(MyNotificationsDocument, { unreadOnly: true }, await token(sun))).myNotifications.filter((n) => n.data.consequenceId === warning.id);
    expect(mine.map((n) => [n.kind, n.subjectType, n.subjectId, n.data.consequenceId])).toEqual([['consequence-approval-overdue', 'Complaint', second, warning.id]]);
    expect(JSON.stringify(mine)).not.toContain(LI);
    // Decided after the reminder, the step completes and nothing more is due.
    const { decideConsequence } = await server.query(DecideConsequenceDocument, { input: { id: warning.id, approve: true, reason: '属实 confirmed' } }, keys['hr-manager']);
    expect(decideConsequence).toMatchObject({ status: 'EFFECTIVE', currentStep: null });
    clock.set(new Date(dueAt.getTime() + 24 * 3600_000));
    await server.app.services.scheduler.tick();
    expect(await overdue()).toHaveLength(1);
  });

  it('records who held the complaint while its acknowledge clock was breached', async () => {
    clock.set(at('2026-11-23T09:00:00'));
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ receivedAt: at('2026-11-23T09:00:00').toISOString() }) }) });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    const id = createComplaint.id;
    const holders = async () => (await server.query(ComplaintLateHoldersDocument, { id })).complaint.lateHolders;
    clock.set(at('2026-11-24T08:59:00'));
    await server.app.services.scheduler.tick();
    expect(await holders()).toEqual([]);
    // Tuesday 09:30: the 8 working hours to acknowledge ran out at 09:00.
    clock.set(at('2026-11-24T09:30:00'));
    expect(await server.app.services.scheduler.tick()).toMatchObject({ fired: 1, failed: 0 });
    expect(await holders()).toEqual([{ stage: 'response', clock: 'acknowledge', holderKind: 'unassigned', holderId: null, holderName: null, holderRoles: [], from: at('2026-11-24T09:00:00').toISOString(), to: null }]);
    // Reviewing meets the clock: the late holding ends then.
    clock.set(at('2026-11-24T10:15:00'));
    const { startReview } = await server.query(StartReviewDocument, { input: { id, version: createComplaint.version } });
    expect(startReview.__typename).toBe('Complaint');
    expect(await holders()).toEqual([expect.objectContaining({ clock: 'acknowledge', from: at('2026-11-24T09:00:00').toISOString(), to: at('2026-11-24T10:15:00').toISOString() })]);
    const subjectId = localUuid(id, 'Complaint')!;
    expect(await server.stored().count(LateHolding, { subjectId })).toBe(1);
    const events = await server.stored().find(DomainEvent, { subjectId, type: 'complaint.late_holders_changed' }, { orderBy: { sequence: 'asc' } });
    expect(events.map((e) => [(e.data.opened as unknown[]).length, (e.data.closed as unknown[]).length])).toEqual([[1, 0], [0, 1]]);
  });
});
