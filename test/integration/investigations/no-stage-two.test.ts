import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation } from '../../../src/investigations/investigation.entity';
import {
  AcceptComplaintDocument,
  CloseInvestigationDocument,
  CreateComplaintDocument,
  DecideInvestigationDocument,
  LinkComplaintsDocument,
  NotifyCustomerDocument,
  OpenInvestigationDocument,
  ProposedHandlingDocument,
  ProposeRemedyDocument,
  PublishTemplateDocument,
  RecordCustomerFeedbackDocument,
  RequestFeedbackDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  type TransitionFieldsFragment,
  TemplateDocument,
  ValidateTemplateDocument,
} from '../../__generated__/graphql';
import { accessToken, createUser } from '../../fixtures/auth';
import { productQualityData, shippedTypeSamples } from '../../fixtures/complaints';
import { toGlobalId } from '../../../src/shared/graphql/global-id';
import { withoutSignatures } from '../../fixtures/signatures';
import { draftEdit, type Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/**
 * An outside process, configured through GraphQL alone: a building-materials distributor (online shop and
 * branches) whose service and delivery complaints are answered in stage 1 and never get an investigation.
 * Its organization lets only its quality lead (role quality-manager) override that, with a reason code.
 */
let server: TestServer;
let clerk: string;
let engineer: string;
let qualityLead: string;

const REASONS = [
  { key: 'safety-risk', title: { 'zh-CN': '存在安全风险', en: 'Safety risk' } },
  { key: 'repeated-issue', title: { 'zh-CN': '同类问题重复发生', en: 'Repeated issue' } },
];

async function publish(kind: 'ORGANIZATION' | 'COMPLAINT_TYPE', key: string, edit: (content: Json) => void) {
  const draftVersion = await draftEdit(server, kind, key, edit);
  const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind, key, draftVersion, confirmBreaking: true, reason: 'the distributor has no stage 2 for service and delivery' } });
  expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo' });
}

/** The errors the published template would have after `edit` (validateTemplate: stores nothing). */
async function problemsAfter(kind: 'ORGANIZATION' | 'COMPLAINT_TYPE', key: string, edit: (content: Json) => void) {
  const content = structuredClone((await server.query(TemplateDocument, { kind, key })).template!.content) as Json;
  edit(content);
  const { validateTemplate } = await server.query(ValidateTemplateDocument, { input: { kind, content } });
  return validateTemplate.problems.filter((p) => p.severity === 'ERROR').map((p) => ({ path: p.path, code: p.code }));
}

async function step(result: Promise<Record<string, TransitionFieldsFragment>>) {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}
const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });

/** A complaint of the type, taken from intake to closed along the shipped workflow: review, accept, remedy, notify, feedback. */
async function throughStageOne(typeKey: 'service' | 'delivery') {
  const sample = shippedTypeSamples.find((s) => s.typeKey === typeKey)!;
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: { typeKey, data: sample.data } }, clerk);
  if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
  let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
  c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: sample.category } }));
  c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'repair', quantity: 1 } }));
  c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
  c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'email', text: '抱歉，我们已改进。We are sorry and have changed how we work.' } }));
  c = await step(server.query(RequestFeedbackDocument, { input: ref(c) }));
  return { ...c, number: createComplaint.number };
}

const counts = async (number: string) => {
  const em = server.stored().fork();
  return { investigations: await em.count(Investigation, {}), events: await em.count(DomainEvent, {}), complaint: await em.findOneOrFail(Complaint, { number }) };
};

beforeAll(async () => {
  server = await startTestServer();
  // The organization: only the quality lead may override the stage-2 rules, naming one of two reasons.
  await publish('ORGANIZATION', 'default', (org) => {
    org.investigationOverrides = { open: ['quality-manager'], skip: [], reasons: REASONS };
  });
  // Service and delivery complaints never have stage 2: no rules, no investigation template.
  for (const key of ['service', 'delivery']) await publish('COMPLAINT_TYPE', key, (t) => void (t.investigation = { mode: 'never' }));
  await createUser(server, { username: 'counter.clerk', roles: ['customer-service-agent'], departments: ['customer-service'] });
  await createUser(server, { username: 'quality.engineer', roles: ['quality-engineer'], departments: ['quality'] });
  await createUser(server, { username: 'quality.lead', roles: ['quality-manager'], departments: ['quality'], level: 'manager' });
  clerk = await accessToken(server, 'counter.clerk');
  engineer = await accessToken(server, 'quality.engineer');
  qualityLead = await accessToken(server, 'quality.lead');
});
afterAll(() => server?.stop());

describe('a distributor whose service and delivery complaints never have stage 2', () => {
  it('refuses, at publication, a type without stage 2 that names rules or a template, and override roles the organization lacks', async () => {
    expect(await problemsAfter('COMPLAINT_TYPE', 'delivery', (t) => void (t.investigation = { mode: 'never', template: '8d' }))).toContainEqual({ path: '/investigation/template', code: 'ADDITIONAL_PROPERTIES' });
    expect(await problemsAfter('ORGANIZATION', 'default', (o) => void (o.investigationOverrides.open = ['quality-manager', 'branch-wizard']))).toEqual([{ path: '/investigationOverrides/open/1', code: 'UNKNOWN_REFERENCE' }]);
    expect(await problemsAfter('ORGANIZATION', 'default', (o) => void o.investigationOverrides.reasons.push(REASONS[0]))).toEqual([{ path: '/investigationOverrides/reasons/2/key', code: 'DUPLICATE_KEY' }]);
  });

  it.each(['service', 'delivery'] as const)('closes a %s complaint from intake without any investigation, the record saying the type has none', async (typeKey) => {
    const before = await server.stored().fork().count(Investigation, {});
    const awaiting = await throughStageOne(typeKey);
    expect((await server.query(ProposedHandlingDocument, { id: awaiting.id })).complaint!.proposedHandling).toMatchObject({ investigation: 'never', investigationTemplate: null });
    expect((awaiting.record as Json).investigation).toMatchObject({ requirement: 'never', template: null });
    const closed = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(awaiting), satisfaction: 5, acceptsResolution: true } }));
    expect(closed.status).toBe('CLOSED');
    expect((closed.record as Json).investigation).toMatchObject({
      requirement: 'never',
      template: null,
      decision: 'not-required',
      byRule: true,
      reason: `complaint type ${typeKey} has no stage 2`,
    });
    expect((closed.record as Json).investigation.overrides).toBeUndefined();
    expect(await server.stored().fork().count(Investigation, {})).toBe(before);
  });

  it('refuses to open one, or to decide one is needed, for a role without the override, changing nothing', async () => {
    const c = await throughStageOne('delivery');
    const before = await counts(c.number);

    // The engineer may open 3D investigations (the template's sections name the role), but not against the rules.
    const { openInvestigation } = await server.query(OpenInvestigationDocument, { input: { title: 'late trucks', complaintIds: [c.id], templateKey: '3d', reason: 'looks systemic' } }, engineer);
    expect(openInvestigation).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/complaintIds/0', code: 'RULE_FORBIDS_INVESTIGATION' }] });
    const { decideInvestigation } = await server.query(DecideInvestigationDocument, { input: { ...ref(c), required: true, reason: 'looks systemic' } }, engineer);
    expect(decideInvestigation).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/required', code: 'RULE_FORBIDS_INVESTIGATION' }] });

    const after = await counts(c.number);
    expect(after.investigations).toBe(before.investigations);
    expect(after.events).toBe(before.events);
    expect(after.complaint.version).toBe(before.complaint.version);
    expect(after.complaint.record).toEqual(before.complaint.record);
  });

  it.each([
    { title: 'without a reason', input: { overrideReasonCode: 'safety-risk' }, problems: [{ path: '/reason', code: 'REQUIRED' }] },
    { title: 'without a reason code', input: { reason: 'forklift tipped' }, problems: [{ path: '/overrideReasonCode', code: 'REQUIRED' }] },
    { title: 'with a reason code the organization has not', input: { reason: 'forklift tipped', overrideReasonCode: 'boss-said-so' }, problems: [{ path: '/overrideReasonCode', code: 'UNKNOWN_REASON' }] },
    { title: 'without an investigation template (the type names none)', input: { reason: 'forklift tipped', overrideReasonCode: 'safety-risk', templateKey: null }, problems: [{ path: '/templateKey', code: 'REQUIRED' }] },
  ])('refuses the override $title', async ({ input, problems }) => {
    const c = await throughStageOne('delivery');
    const before = await counts(c.number);
    const { openInvestigation } = await server.query(OpenInvestigationDocument, { input: { title: 'pallet collapse', complaintIds: [c.id], templateKey: '3d', ...input } }, qualityLead);
    expect(openInvestigation).toMatchObject({ __typename: 'ValidationError' });
    expect((openInvestigation as { problems: unknown[] }).problems.map((p) => ({ path: (p as Json).path, code: (p as Json).code }))).toEqual(problems);
    expect(await server.stored().fork().count(Investigation, {})).toBe(before.investigations);
  });

  it('lets the quality lead override with a reason: the investigation opens and the override is on the record and in the events', async () => {
    const c = await throughStageOne('delivery');
    const { openInvestigation } = await server.query(
      OpenInvestigationDocument,
      { input: { title: 'pallet collapse on delivery', complaintIds: [c.id], templateKey: '3d', reason: '托盘倒塌险些伤人 a pallet nearly fell on the driver', overrideReasonCode: 'safety-risk' } },
      qualityLead,
    );
    expect(openInvestigation).toMatchObject({ __typename: 'Investigation', templateKey: '3d', status: 'OPEN' });
    const inv = openInvestigation as { id: string; number: string };

    const complaint = await server.stored().fork().findOneOrFail(Complaint, { number: c.number });
    const override = { direction: 'open', rule: 'never', reasonCode: 'safety-risk', reason: '托盘倒塌险些伤人 a pallet nearly fell on the driver', by: expect.stringMatching(/^user:/), at: expect.any(String) };
    expect((complaint.record as Json).investigation.overrides).toEqual([override]);

    const em = server.stored().fork();
    const opened = await em.findOneOrFail(DomainEvent, { type: 'investigation.opened', subjectNumber: inv.number });
    expect((opened.data as Json).overrides).toEqual([{ complaint: c.number, ...override }]);
    const linked = await em.findOneOrFail(DomainEvent, { type: 'complaint.investigation_linked', subjectNumber: c.number });
    expect((linked.data as Json).override).toEqual(override);

    // Closing records that it was investigated.
    const closed = await step(server.query(RecordCustomerFeedbackDocument, { input: { id: c.id, version: complaint.version, satisfaction: 3, acceptsResolution: true } }));
    expect((closed.record as Json).investigation).toMatchObject({ requirement: 'never', decision: 'investigated', investigations: [inv.number], overrides: [override] });

    // Linking another delivery complaint to it overrides the rules as well.
    const other = await throughStageOne('delivery');
    const version = async () => (await server.stored().fork().findOneOrFail(Investigation, { number: inv.number })).version;
    const link = (key: string, extra: Record<string, unknown>) => server.query(LinkComplaintsDocument, { input: { id: inv.id, version: 0, complaintIds: [other.id], reason: 'same pallets', ...extra } }, key);
    const before = await counts(other.number);
    const refusedLink = (await link(engineer, { version: await version() })).linkComplaints;
    expect(refusedLink).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/complaintIds/0', code: 'RULE_FORBIDS_INVESTIGATION' }] });
    expect(await counts(other.number)).toMatchObject({ events: before.events, complaint: { version: before.complaint.version } });
    expect((await link(qualityLead, { version: await version(), overrideReasonCode: 'safety-risk' })).linkComplaints).toMatchObject({ __typename: 'Investigation' });
    const linkedOther = await server.stored().fork().findOneOrFail(Complaint, { number: other.number });
    expect((linkedOther.record as Json).investigation.overrides).toEqual([{ direction: 'open', rule: 'never', reasonCode: 'safety-risk', reason: 'same pallets', by: expect.stringMatching(/^user:/), at: expect.any(String) }]);
  });

  it('lets the quality lead decide one is needed, recorded as an override; the engineer may then open it', async () => {
    const c = await throughStageOne('service');
    const decided = await step(server.query(DecideInvestigationDocument, { input: { ...ref(c), required: true, reason: '同一门店第三次 third time at the same branch', overrideReasonCode: 'repeated-issue' } }, qualityLead));
    expect((decided.record as Json).investigation).toMatchObject({
      requirement: 'never',
      decision: 'required',
      byRule: false,
      overrides: [{ direction: 'open', rule: 'never', reasonCode: 'repeated-issue', reason: '同一门店第三次 third time at the same branch', by: expect.stringMatching(/^user:/) }],
    });
    const { openInvestigation } = await server.query(OpenInvestigationDocument, { input: { title: 'branch service', complaintIds: [c.id], templateKey: '3d' } }, engineer);
    expect(openInvestigation).toMatchObject({ __typename: 'Investigation' });
  });
  it('skipping an investigation the rules require is an override too: refused without it, recorded with it', async () => {
    await publish('ORGANIZATION', 'default', (org) => void (org.investigationOverrides.skip = ['quality-manager']));
    await withoutSignatures(server);
    // A functional defect is critical: the product-quality rules require an 8D and open it on acceptance.
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: { typeKey: 'product-quality', data: productQualityData({ defectType: 'functional' }) } }, clerk);
    if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
    let c = await step(server.query(StartReviewDocument, { input: ref(createComplaint) }));
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'manufacturing-defect' } }));
    expect((c.record as Json).investigation).toMatchObject({ requirement: 'required', decision: 'required', byRule: true });
    // Cancelled as opened by mistake: the rules still require one, so deciding none is needed is against them.
    const inv = await server.stored().fork().findOneOrFail(Investigation, { title: { $like: `${createComplaint.number}:%` } });
    const { closeInvestigation } = await server.query(CloseInvestigationDocument, { input: { id: toGlobalId('Investigation', inv.id), version: inv.version, reason: '误开 opened by mistake' } }, qualityLead);
    expect(closeInvestigation).toMatchObject({ __typename: 'Investigation', status: 'CANCELLED' });

    const refused = await server.query(DecideInvestigationDocument, { input: { ...ref(c), required: false, reason: 'busy' } }, engineer);
    expect(refused.decideInvestigation).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/required', code: 'RULE_REQUIRES_INVESTIGATION' }] });
    const skipped = await step(server.query(DecideInvestigationDocument, { input: { ...ref(c), required: false, reason: '客户撤回投诉 the customer withdrew the claim', overrideReasonCode: 'repeated-issue' } }, qualityLead));
    expect((skipped.record as Json).investigation).toMatchObject({
      requirement: 'required',
      decision: 'not-required',
      byRule: false,
      overrides: [{ direction: 'skip', rule: 'required', reasonCode: 'repeated-issue', reason: '客户撤回投诉 the customer withdrew the claim', by: expect.stringMatching(/^user:/) }],
    });
    const event = await server.stored().fork().findOneOrFail(DomainEvent, { subjectNumber: createComplaint.number, type: 'complaint.updated' }, { orderBy: { sequence: 'desc' } });
    expect((event.data as Json).action).toBe('decideInvestigation');
    expect((event.data as Json).after.record.investigation.overrides).toEqual([expect.objectContaining({ direction: 'skip', rule: 'required', reasonCode: 'repeated-issue' })]);
  });
});
