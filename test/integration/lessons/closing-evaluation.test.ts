import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { ClosingEvaluation } from '../../../src/lessons/closing-evaluation.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import {
  ComplaintEvaluationDocument,
  CreateComplaintDocument,
  LessonsDocument,
  RecordClosingEvaluationDocument,
  RejectComplaintDocument,
  StartReviewDocument,
  ClassifyComplaintDocument,
  OpenInvestigationDocument,
  type RecordClosingEvaluationInput,
} from '../../__generated__/graphql';
import { createUser, accessToken } from '../../fixtures/auth';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { investigationStep } from '../../fixtures/investigations';
import { editAndPublish, type Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' });
  // The company requires a closing evaluation before a complaint is rejected or closed by hand.
  await editAndPublish(server, 'WORKFLOW', 'stage-1', (wf: Json) => {
    for (const t of wf.transitions) if (t.action === 'reject' || t.action === 'close') t.requires = [...(t.requires ?? []), 'closingEvaluation'];
    // Lets the search tests classify complaints while under review (their closing step here).
    for (const e of wf.edits) if (e.action === 'classify') e.states = [...e.states, 'UNDER_REVIEW'];
  });
});
afterAll(() => server?.stop());

type Ref = { id: string; version: number };

async function complaint(data: Record<string, unknown> = {}, review = true): Promise<Ref & { number: string }> {
  const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData(data) }) });
  if (c.__typename !== 'Complaint') throw new Error(c.__typename);
  if (!review) return c;
  const { startReview: r } = await server.query(StartReviewDocument, { input: { id: c.id, version: c.version } });
  if (r.__typename !== 'Complaint') throw new Error(r.__typename);
  return { ...r, number: c.number };
}

const evaluation = (subjectId: string, overrides: Partial<RecordClosingEvaluationInput> = {}): RecordClosingEvaluationInput => ({
  subjectId,
  wentWell: '客服当天回复，挑选及时。Same-day reply; sorting started at once.',
  wentWrong: '来料检验未发现孔位偏移。Incoming inspection missed the hole offset.',
  lessonsLearned: '首件检验必须测量孔位。First-article inspection must measure hole positions.',
  prevention: [{ kind: 'process', action: '更新控制计划：孔位 100% 检测 Update the control plan: 100 % hole check' }],
  trainingExample: false,
  ...overrides,
});

const record = async (input: RecordClosingEvaluationInput, key?: string) => (await server.query(RecordClosingEvaluationDocument, { input }, key)).recordClosingEvaluation;
const reject = (c: Ref) => server.query(RejectComplaintDocument, { input: { id: c.id, version: c.version, reasonCode: 'within-specification' } }).then((r) => r.rejectComplaint);

describe('recordClosingEvaluation', () => {
  it('records at the closing step, edits with the version (before/after events), and stores the search form', async () => {
    const c = await complaint();
    const first = await record(evaluation(c.id));
    expect(first).toMatchObject({
      __typename: 'ClosingEvaluation',
      subjectType: 'Complaint',
      subjectId: c.id,
      prevention: [{ kind: 'process', kindTitle: 'Process', action: expect.stringContaining('control plan') }],
      product: 'BRK-2041',
      version: 1,
      createdBy: expect.stringMatching(/^api-key:/),
    });
    const edited = await record(evaluation(c.id, { version: 1, trainingExample: true, prevention: [{ kind: 'training', action: '培训检验员 Train inspectors' }] }));
    expect(edited).toMatchObject({ __typename: 'ClosingEvaluation', version: 2, trainingExample: true, prevention: [{ kind: 'training', kindTitle: 'Training' }] });

    const stored = await server.stored().findOneOrFail(ClosingEvaluation, { subjectId: localUuid(c.id, 'Complaint')! });
    expect(stored).toMatchObject({ subjectType: 'Complaint', preventionKinds: '|training|', trainingExample: true, product: 'BRK-2041', version: 2 });
    expect(stored.searchText).toContain('first-article inspection must measure hole positions');
    const events = await server.stored().find(DomainEvent, { subjectId: stored.subjectId, type: { $like: 'closing_evaluation.%' } }, { orderBy: { sequence: 'asc' } });
    expect(events.map((e) => [e.type, e.subjectType, e.subjectNumber])).toEqual([
      ['closing_evaluation.recorded', 'Complaint', c.number],
      ['closing_evaluation.updated', 'Complaint', c.number],
    ]);
    expect(events[0].data).toMatchObject({ before: null, after: { trainingExample: false, version: 1 } });
    expect(events[1].data).toMatchObject({ before: { trainingExample: false, version: 1 }, after: { trainingExample: true, version: 2, prevention: [{ kind: 'training' }] } });
    const { complaint: read } = await server.query(ComplaintEvaluationDocument, { id: c.id });
    expect(read?.closingEvaluation).toMatchObject({ version: 2, trainingExample: true });
  });

  it.each([
    { title: 'an empty lesson', input: { lessonsLearned: '  ' }, path: '/lessonsLearned', code: 'REQUIRED' },
    { title: 'an unknown prevention kind', input: { prevention: [{ kind: 'astrology', action: 'x' }] }, path: '/prevention/0/kind', code: 'UNKNOWN_PREVENTION_KIND' },
    { title: 'an empty action', input: { prevention: [{ kind: 'design', action: ' ' }] }, path: '/prevention/0/action', code: 'LENGTH' },
    { title: 'a text over 10000 characters', input: { wentWell: 'x'.repeat(10_001) }, path: '/wentWell', code: 'MAX_LENGTH' },
  ])('refuses $title with VALIDATION_FAILED at its path and stores nothing', async ({ input, path, code }) => {
    const c = await complaint();
    expect(await record(evaluation(c.id, input))).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path, code }] });
    expect(await server.stored().count(ClosingEvaluation, { subjectId: localUuid(c.id, 'Complaint')! })).toBe(0);
  });

  it('refuses a complaint before its closing step (NOT_AT_CLOSE), a stale or missing version (CONFLICT), an unknown id (NOT_FOUND) and a role that may not close (NOT_ALLOWED)', async () => {
    const received = await complaint({}, false);
    expect(await record(evaluation(received.id))).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/subjectId', code: 'NOT_AT_CLOSE' }] });
    const c = await complaint();
    await record(evaluation(c.id));
    expect(await record(evaluation(c.id))).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', expectedVersion: 0, currentVersion: 1 });
    expect(await record(evaluation(c.id, { version: 7 }))).toMatchObject({ __typename: 'ConflictError', expectedVersion: 7, currentVersion: 1 });
    expect(await record(evaluation('Q29tcGxhaW50OjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA'))).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    // A manager sees every complaint (visibility) but takes no closing transition.
    await createUser(server, { username: 'lesson.outsider', roles: ['production-manager'], level: 'manager' });
    const outsider = await accessToken(server, 'lesson.outsider');
    expect(await record(evaluation(c.id, { version: 1 }), outsider)).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', action: 'recordClosingEvaluation' });
    expect(await server.stored().findOneOrFail(ClosingEvaluation, { subjectId: localUuid(c.id, 'Complaint')! })).toMatchObject({ version: 1 });
  });

  it('refuses an open investigation (NOT_AT_CLOSE): it is evaluated at its effectiveness check or closed', async () => {
    const c = await complaint();
    const inv = await investigationStep(server.query(OpenInvestigationDocument, { input: { title: '孔位偏移 hole offset', complaintIds: [c.id], reason: 'lessons test' } }));
    expect(inv.status).toBe('OPEN');
    expect(await record(evaluation(inv.id))).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/subjectId', code: 'NOT_AT_CLOSE' }] });
    expect(await server.stored().count(ClosingEvaluation, { subjectType: 'Investigation' })).toBe(0);
  });

  it('is required before a transition whose template requires it: refused with MISSING_REQUIREMENT, then allowed once recorded', async () => {
    const c = await complaint();
    expect(await reject(c)).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/closingEvaluation', code: 'MISSING_REQUIREMENT' }] });
    expect(await server.stored().findOneOrFail('Complaint', { id: localUuid(c.id, 'Complaint')! })).toMatchObject({ status: 'UNDER_REVIEW', version: c.version });
    await record(evaluation(c.id));
    expect(await reject(c)).toMatchObject({ __typename: 'Complaint', status: 'REJECTED' });
    // Closed: still editable, each version an event.
    expect(await record(evaluation(c.id, { version: 1, wentWell: 'updated after close' }))).toMatchObject({ __typename: 'ClosingEvaluation', version: 2 });
  });
});

describe('lessons: search across complaints', () => {
  const made: Record<'damp' | 'label' | 'oil', { id: string; number: string }> = {} as never;

  beforeAll(async () => {
    const lessons = [
      { name: 'damp', part: 'LSN-1', category: 'packaging', text: '包装箱受潮导致生锈。Damp CARTONS caused rust.', kind: 'design', training: true },
      { name: 'label', part: 'LSN-1', category: 'labeling', text: '标签打印错位 Label misprint', kind: 'process', training: false },
      { name: 'oil', part: 'LSN-2', category: 'packaging', text: '防锈油涂覆不足 Not enough anti-rust oil; cartons too', kind: 'supplier', training: true },
    ] as const;
    for (const l of lessons) {
      const c = await complaint({ product: { partNumber: l.part, name: 'Lesson part' } });
      const { classifyComplaint: k } = await server.query(ClassifyComplaintDocument, { input: { id: c.id, version: c.version, category: l.category, reason: 'lessons test' } });
      expect(k.__typename).toBe('Complaint');
      const r = await record(evaluation(c.id, { wentWell: '', wentWrong: '', lessonsLearned: l.text, prevention: [{ kind: l.kind, action: 'follow up' }], trainingExample: l.training }));
      expect(r).toMatchObject({ __typename: 'ClosingEvaluation', category: l.category, product: l.part });
      made[l.name] = c;
    }
  });

  const find = async (filter: Record<string, unknown>, first = 20, after?: string) => (await server.query(LessonsDocument, { filter, first, after })).lessons;
  const numbers = (page: Awaited<ReturnType<typeof find>>) => page.edges.map((e) => e.node.complaint?.number).sort();
  const of = (...names: Array<keyof typeof made>) => names.map((n) => made[n].number).sort();

  it.each([
    { title: 'Chinese text (a substring)', filter: { text: '受潮' }, expected: ['damp'] },
    { title: 'English text, any case', filter: { text: 'cartons' }, expected: ['damp', 'oil'] },
    { title: 'full-width Latin text', filter: { text: 'ＣＡＲＴＯＮＳ' }, expected: ['damp', 'oil'] },
    { title: 'product', filter: { product: 'LSN-1' }, expected: ['damp', 'label'] },
    { title: 'category', filter: { category: 'packaging' }, expected: ['damp', 'oil'] },
    { title: 'prevention kind', filter: { preventionKind: 'supplier' }, expected: ['oil'] },
    { title: 'training example and product together', filter: { trainingExample: true, product: 'LSN-1' }, expected: ['damp'] },
    { title: 'LIKE wildcards, taken literally', filter: { text: 'rust_%' }, expected: [] },
  ] as const)('finds by $title', async ({ filter, expected }) => {
    const page = await find(filter);
    expect(numbers(page)).toEqual(of(...expected));
    expect(page.totalCount).toBe(expected.length);
  });

  it('returns each lesson with its complaint summary', async () => {
    const page = await find({ text: '标签打印' });
    expect(page.edges).toHaveLength(1);
    expect(page.edges[0].node).toMatchObject({ subjectType: 'Complaint', product: 'LSN-1', category: 'labeling', complaint: { id: made.label.id, number: made.label.number, status: 'UNDER_REVIEW', category: 'labeling' }, investigation: null });
  });

  it('pages newest change first with cursors', async () => {
    const first = await find({ product: 'LSN-1' }, 1);
    expect(first).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    expect(first.edges.map((e) => e.node.complaint?.number)).toEqual([made.label.number]);
    const second = await find({ product: 'LSN-1' }, 1, first.pageInfo.endCursor!);
    expect(second.edges.map((e) => e.node.complaint?.number)).toEqual([made.damp.number]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    { title: 'an empty text', filter: { text: ' ' }, first: 20 },
    { title: 'a text over 200 characters', filter: { text: 'x'.repeat(201) }, first: 20 },
    { title: 'first = 101', filter: {}, first: 101 },
  ])('refuses $title with BAD_USER_INPUT', async ({ filter, first }) => {
    const result = await server.request(LessonsDocument, { filter, first });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
