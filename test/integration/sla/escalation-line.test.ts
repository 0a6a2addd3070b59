import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { Notification } from '../../../src/notifications/notification.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { fromGlobalId } from '../../../src/shared/graphql/global-id';
import { AcceptComplaintDocument, CreateComplaintDocument, CreateTemplateDraftDocument, CreateUserDocument, ProposeRemedyDocument, PublishTemplateDocument, StartReviewDocument, SubmitRemedyDocument, type TransitionFieldsFragment } from '../../__generated__/graphql';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { draftEdit, editAndPublish, type Json } from '../../fixtures/templates';

/**
 * An outside process (issue #20, part 3): a building-materials distributor whose branches are departments,
 *   hq > region-north > branch-tianjin, branch-beijing
 *   hq > region-south > branch-guangzhou, branch-shenzhen
 * configured through GraphQL only. Delivery complaints are routed to the branch that sold the order (by the
 * order number's prefix) and escalate on the respond clock to the branch manager level, then to the regional
 * manager level and the branch's head, each resolved in the branch's line, never company-wide.
 * Calendar: the shipped one (Asia/Shanghai, Mon-Fri 08:30-17:30, lunch 12:00-13:00); times are Shanghai wall-clock.
 */
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const iso = (shanghai: string) => at(shanghai).toISOString();

let server: TestServer;
const clock = new ManualClock(at('2026-11-23T09:00:00'));
const people: Record<string, string> = {};

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const byPrefix = (prefix: string, department: string) => ({
  when: { type: 'object', properties: { data: { type: 'object', properties: { orderNumber: { type: 'string', pattern: `^${prefix}-` } }, required: ['orderNumber'] } }, required: ['data'] },
  department,
});

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  await editAndPublish(server, 'ORGANIZATION', 'default', (org: Json) => {
    org.levels.push({ key: 'branch-manager', title: text('分公司经理级', 'Branch manager level'), rank: 3 }, { key: 'regional-manager', title: text('大区经理级', 'Regional manager level'), rank: 4 });
    org.roles.push(
      { key: 'sales-rep', title: text('销售代表', 'Sales representative'), level: 'engineer' },
      { key: 'branch-manager', title: text('分公司经理', 'Branch manager'), level: 'branch-manager' },
      { key: 'regional-service-lead', title: text('大区售后主管', 'Regional service lead'), level: 'branch-manager' },
      { key: 'regional-manager', title: text('大区经理', 'Regional manager'), level: 'regional-manager' },
      { key: 'distribution-ceo', title: text('分销总裁', 'Distribution CEO'), level: 'vp' },
    );
    org.departments.push(
      { key: 'hq', title: text('分销总部', 'Distribution HQ'), headRole: 'distribution-ceo' },
      { key: 'region-north', title: text('北方大区', 'Region North'), parent: 'hq', headRole: 'regional-manager' },
      { key: 'region-south', title: text('南方大区', 'Region South'), parent: 'hq', headRole: 'regional-manager' },
      { key: 'branch-tianjin', title: text('天津分公司', 'Branch Tianjin'), parent: 'region-north', headRole: 'branch-manager' },
      { key: 'branch-beijing', title: text('北京分公司', 'Branch Beijing'), parent: 'region-north', headRole: 'branch-manager' },
      { key: 'branch-guangzhou', title: text('广州分公司', 'Branch Guangzhou'), parent: 'region-south', headRole: 'branch-manager' },
      { key: 'branch-shenzhen', title: text('深圳分公司', 'Branch Shenzhen'), parent: 'region-south', headRole: 'branch-manager' },
    );
  });
  const policyDraft = await draftEdit(server, 'ESCALATION_POLICY', 'branch-line', () => undefined, {
    kind: 'escalation-policy',
    key: 'branch-line',
    title: text('分公司升级', 'Branch escalation'),
    stages: {
      response: [
        { key: 'branch-manager', title: text('答复超时，通知分公司经理', 'Response overdue: branch manager told'), clock: 'respond', at: { overdue: { value: 1, unit: 'working-hours' } }, notify: [{ level: 'branch-manager' }] },
        {
          key: 'region',
          title: text('答复超时，升级至大区', 'Response overdue: escalated to the region'),
          clock: 'respond',
          at: { overdue: { value: 4, unit: 'working-hours' } },
          notify: [{ level: 'regional-manager' }, { departmentHead: true }, { role: 'sales-rep', department: '$responsible' }],
        },
      ],
      investigation: [],
    },
  });
  const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'ESCALATION_POLICY', key: 'branch-line', draftVersion: policyDraft } });
  expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 1 });
  await editAndPublish(server, 'COMPLAINT_TYPE', 'delivery', (t: Json) => {
    t.routing.rules = [byPrefix('TJ', 'branch-tianjin'), byPrefix('BJ', 'branch-beijing'), byPrefix('GZ', 'branch-guangzhou'), byPrefix('SZ', 'branch-shenzhen')];
    t.routing.defaultDepartment = 'hq';
    t.escalationPolicy = 'branch-line';
  });
  const user = async (username: string, roles: string[], departments: string[]) => {
    const { createUser } = await server.query(CreateUserDocument, { input: { username, displayName: username, password: 'correct horse battery staple 20', roles, departments } });
    if (createUser.__typename !== 'User') throw new Error(JSON.stringify(createUser));
    people[username] = `user:${fromGlobalId(createUser.id)?.localId ?? createUser.id}`;
  };
  // Created in this order (oldest first).
  await user('bm.tianjin', ['branch-manager'], ['branch-tianjin']);
  await user('bm.beijing', ['branch-manager'], ['branch-beijing']);
  await user('lead.north', ['regional-service-lead'], ['region-north']);
  await user('lead.south', ['regional-service-lead'], ['region-south']);
  await user('rm.north', ['regional-manager'], ['region-north']);
  await user('rm.south', ['regional-manager'], ['region-south']);
  await user('sales.tianjin', ['sales-rep'], ['branch-tianjin']);
  await user('sales.guangzhou', ['sales-rep'], ['branch-guangzhou']);
  await user('ceo', ['distribution-ceo'], ['hq']);
});
afterAll(() => server?.stop());

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<{ id: string; version: number }> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}

/** A delivery complaint received Monday 23 Nov 2026 09:00 on an order of the given number, reviewed and accepted (routed by the prefix). */
async function acceptedComplaint(orderNumber: string): Promise<string> {
  clock.set(at('2026-11-23T09:00:00'));
  const data = { customer: { organization: '津南建材商行 Jinnan Building Supplies', contactName: '赵经理' }, receivedAt: iso('2026-11-23T09:00:00'), channel: 'phone', orderNumber, issue: 'late', description: '水泥晚到两天 cement two days late' };
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: { typeKey: 'delivery', data } });
  if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
  let c = await step(server.query(StartReviewDocument, { input: { id: createComplaint.id, version: createComplaint.version } }));
  c = await step(server.query(AcceptComplaintDocument, { input: { id: c.id, version: c.version, category: 'logistics-delay' } }));
  return fromGlobalId(c.id)!.localId;
}

const tickAt = (shanghai: string) => {
  clock.set(at(shanghai));
  return server.app.services.scheduler.tick();
};
const notified = async (subjectId: string, step: string) =>
  (await server.stored().find(Notification, { subjectId, kind: 'escalation' })).filter((n) => (n.data as { step?: string }).step === step).map((n) => n.recipientId).sort();
const escalation = async (subjectId: string, step: string) => (await server.stored().find(DomainEvent, { subjectId, type: 'complaint.escalated' })).find((e) => (e.data as { step: string }).step === step)!;
const ids = (...names: string[]) => names.map((n) => people[n]).sort();

describe('escalation in the responsible department line (a distributor with branches)', () => {
  it('tells the holders of a level in the branch, else in its nearest ancestor that has any, never another branch', async () => {
    const tianjin = await acceptedComplaint('TJ-2026-0042');
    const guangzhou = await acceptedComplaint('GZ-2026-0107');
    const shenzhen = await acceptedComplaint('SZ-2026-0009');

    // Minor delivery complaint: respond target 2 working days from Mon 09:00 = Wed 25 Nov 09:00.
    // Step "branch-manager" at overdue + 1 working hour = Wed 10:00; step "region" at + 4 working hours:
    // 09:00-12:00 (3 h), lunch, 13:00-14:00 (1 h) = Wed 14:00.
    expect(await tickAt('2026-11-25T09:59:00')).toMatchObject({ failed: 0 });
    expect(await notified(tianjin, 'branch-manager')).toEqual([]);
    expect(await tickAt('2026-11-25T10:00:00')).toMatchObject({ failed: 0 });

    // {level: branch-manager} for branch-tianjin: branch-tianjin itself has bm.tianjin -> only him
    // (not bm.beijing in the sibling branch, not lead.north one level up, not lead.south).
    expect(await notified(tianjin, 'branch-manager')).toEqual(ids('bm.tianjin'));
    expect((await escalation(tianjin, 'branch-manager')).data).toMatchObject({ recipients: [people['bm.tianjin']] });
    expect((await escalation(tianjin, 'branch-manager')).data).not.toHaveProperty('unresolved');
    // branch-guangzhou: no one of the level in the branch -> region-south: lead.south (not lead.north, not the branch managers of the north).
    expect(await notified(guangzhou, 'branch-manager')).toEqual(ids('lead.south'));
    expect(await notified(shenzhen, 'branch-manager')).toEqual(ids('lead.south'));

    expect(await tickAt('2026-11-25T14:00:00')).toMatchObject({ failed: 0 });
    // Step "region" for branch-tianjin:
    //   {level: regional-manager}: none in the branch -> region-north: rm.north;
    //   {departmentHead: true}: the branch-manager standing in branch-tianjin: bm.tianjin;
    //   {role: sales-rep, department: $responsible}: sales.tianjin (not sales.guangzhou).
    expect(await notified(tianjin, 'region')).toEqual(ids('rm.north', 'bm.tianjin', 'sales.tianjin'));
    // For branch-guangzhou: rm.south; its head is vacant -> the head of region-south, rm.south again; sales.guangzhou.
    expect(await notified(guangzhou, 'region')).toEqual(ids('rm.south', 'sales.guangzhou'));
    // For branch-shenzhen: rm.south; head vacant -> rm.south; no sales rep in shenzhen, region-south or hq: unresolved, recorded, not widened.
    expect(await notified(shenzhen, 'region')).toEqual(ids('rm.south'));
    expect((await escalation(shenzhen, 'region')).data).toMatchObject({
      recipients: [people['rm.south']],
      unresolved: [{ target: { role: 'sales-rep', department: '$responsible' }, department: 'branch-shenzhen' }],
    });
  });

  it("reminds an overdue approval step's approvers in the branch's line and tells their manager, not every holder of the role", async () => {
    clock.set(at('2026-11-30T10:00:00'));
    const data = { customer: { organization: '滨海建材 Binhai Building Materials', contactName: '钱工' }, receivedAt: iso('2026-11-30T10:00:00'), channel: 'phone', orderNumber: 'TJ-2026-0077', issue: 'late', description: '瓷砖晚到 tiles late' };
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: { typeKey: 'delivery', data } });
    if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
    let c = await step(server.query(StartReviewDocument, { input: { id: createComplaint.id, version: createComplaint.version } }));
    c = await step(server.query(AcceptComplaintDocument, { input: { id: c.id, version: c.version, category: 'logistics-delay' } }));
    c = await step(server.query(ProposeRemedyDocument, { input: { id: c.id, version: c.version, type: 'compensation', amount: 15000 } }));
    c = await step(server.query(SubmitRemedyDocument, { input: { id: c.id, version: c.version } }));
    const subjectId = fromGlobalId(c.id)!.localId;
    // The shipped remedy route's first step: the head of the complaint's department (the branch-manager role for
    // branch-tianjin), timeout 1 working day: Mon 30 Nov 10:00 -> Tue 1 Dec 10:00.
    expect(await tickAt('2026-12-01T10:00:00')).toMatchObject({ failed: 0 });
    const event = await server.stored().findOneOrFail(DomainEvent, { subjectId, type: 'complaint.approval_overdue' });
    // Approvers: holders of branch-manager standing in branch-tianjin's line, nearest first: bm.tianjin (not bm.beijing).
    // Their manager: bm.tianjin heads branch-tianjin, so the head of region-north: rm.north (not rm.south).
    expect(event.data).toMatchObject({ approverRoles: ['branch-manager'], reminded: [people['bm.tianjin']], escalatedTo: [people['rm.north']] });
    const told = await server.stored().find(Notification, { subjectId }, { orderBy: { kind: 'asc' } });
    expect(told.map((n) => [n.kind, n.recipientId])).toEqual([
      ['approval-escalated', people['rm.north']],
      ['approval-overdue', people['bm.tianjin']],
    ]);
  });

  it('escalates a complaint no one has accepted yet in the line of the department the routing rules give its intake', async () => {
    clock.set(at('2026-12-02T09:00:00'));
    const data = { customer: { organization: '塘沽建材 Tanggu Building Materials', contactName: '孙经理' }, receivedAt: iso('2026-12-02T09:00:00'), channel: 'phone', orderNumber: 'TJ-2026-0101', issue: 'late', description: '石膏板晚到 plasterboard late' };
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: { typeKey: 'delivery', data } });
    if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
    const subjectId = fromGlobalId(createComplaint.id)!.localId;
    // Never reviewed nor accepted: no department of its own; the routing rules on the intake (prefix TJ) give branch-tianjin.
    const stored = await server.stored().findOneOrFail(Complaint, { id: subjectId });
    expect(stored.department).toBeNull();
    expect(stored.record.provisional).toMatchObject({ department: 'branch-tianjin' });
    // Minor (late): respond target 2 working days from Wed 2 Dec 09:00 = Fri 4 Dec 09:00; step "branch-manager" at
    // overdue + 1 working hour = Fri 10:00.
    expect(await tickAt('2026-12-04T09:59:00')).toMatchObject({ failed: 0 });
    expect(await notified(subjectId, 'branch-manager')).toEqual([]);
    expect(await tickAt('2026-12-04T10:00:00')).toMatchObject({ failed: 0 });
    // {level: branch-manager} in branch-tianjin's line: bm.tianjin only, and nothing unresolved.
    expect(await notified(subjectId, 'branch-manager')).toEqual(ids('bm.tianjin'));
    expect((await escalation(subjectId, 'branch-manager')).data).not.toHaveProperty('unresolved');
  });

  it.each([
    { title: 'an unknown department', key: 'bad-department', target: { level: 'branch-manager', department: 'branch-harbin' }, path: '/stages/response/0/notify/0/department', code: 'UNKNOWN_REFERENCE' },
    { title: 'a department that is no key', key: 'bad-department-key', target: { role: 'sales-rep', department: 'Branch Tianjin' }, path: '/stages/response/0/notify/0/department', code: 'PATTERN' },
  ])('refuses a recipient naming $title', async ({ key, target, path, code }) => {
    const content = {
      kind: 'escalation-policy',
      key,
      title: text('错误', 'Bad'),
      stages: { response: [{ key: 'late', title: text('超时', 'Overdue'), clock: 'respond', at: { shareOfTarget: 1 }, notify: [target] }], investigation: [] },
    };
    const { createTemplateDraft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'ESCALATION_POLICY', key, content } });
    if (createTemplateDraft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(createTemplateDraft));
    expect(createTemplateDraft.problems.filter((p) => p.severity === 'ERROR').map((p) => [p.path, p.code])).toEqual([[path, code]]);
  });
});
