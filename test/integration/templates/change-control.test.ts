import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { Investigation } from '../../../src/investigations/investigation.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { Signature } from '../../../src/signatures/signature.entity';
import { TemplateDraft } from '../../../src/templates/template-draft.entity';
import { TemplateRetirement } from '../../../src/templates/template-retirement.entity';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import {
  AcceptComplaintDocument,
  CreateComplaintDocument,
  CreateTemplateDraftDocument,
  ExportTemplatesDocument,
  ImportTemplatesControlledDocument,
  IntakeComplaintTypesDocument,
  NotifyCustomerDocument,
  OpenInvestigationDocument,
  ProposeRemedyDocument,
  PublishTemplateControlledDocument,
  RecordCustomerFeedbackDocument,
  ReinstateTemplateDocument,
  RequestFeedbackDocument,
  RetireTemplateDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  type TemplateKind,
  TemplatesWithRetirementDocument,
  TemplateVersionHistoryDocument,
  type TransitionFieldsFragment,
  UpdateTemplateDraftDocument,
  VerifySignatureDocument,
} from '../../__generated__/graphql';
import { accessToken, createUser, PASSWORD } from '../../fixtures/auth';
import { createInput } from '../../fixtures/complaints';
import { type Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let admin: { key: string; id: string; name: string };
beforeAll(async () => {
  server = await startTestServer();
  const id = await createUser(server, { username: 'chen.jing', displayName: '陈静 Chen Jing', roles: ['admin'] });
  admin = { key: await accessToken(server, 'chen.jing'), id: `user:${localUuid(id, 'User')}`, name: '陈静 Chen Jing' };
});
afterAll(() => server?.stop());

const ADMIN_KEY_NAME = 'admin (ADMIN_API_KEY)';

/**
 * The problems without HOLIDAY_DATA_MISSING, after checking that those are warnings: the shipped organization
 * warns when the public-holiday data does not cover the next 12 months, which depends on the date the test runs.
 */
function withoutHolidayWarnings<P extends { code: string; severity: string }>(problems: P[]): P[] {
  expect(problems.filter((p) => p.code === 'HOLIDAY_DATA_MISSING' && p.severity !== 'WARNING')).toEqual([]);
  return problems.filter((p) => p.code !== 'HOLIDAY_DATA_MISSING');
}

/** A draft of the latest version changed by `edit`; returns its version. */
async function draft(kind: TemplateKind, key: string, edit: (t: Json) => void): Promise<number> {
  const { createTemplateDraft: d } = await server.query(CreateTemplateDraftDocument, { input: { kind, key } });
  if (d.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(d));
  const content = structuredClone(d.content) as Json;
  edit(content);
  const { updateTemplateDraft: u } = await server.query(UpdateTemplateDraftDocument, { input: { kind, key, version: d.version, content } });
  if (u.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(u));
  return u.version;
}

const publish = (input: { kind: TemplateKind; key: string; draftVersion: number; confirmBreaking?: boolean; reason?: string; signature?: { password: string; meaning: string } }, key?: string) =>
  server.query(PublishTemplateControlledDocument, { input }, key).then((r) => r.publishTemplate);

const versionsOf = (kind: TemplateKind, key: string) => server.query(TemplateVersionHistoryDocument, { kind, key }).then((r) => r.templateVersions);

const storedVersions = (kind: string, key: string) => server.stored().find(TemplateVersion, { kind, key }, { orderBy: { version: 'asc' } });

const requirePlant = (t: Json) => {
  t.intakeSchema.properties.plant = { type: 'string', minLength: 1, maxLength: 50, 'x-title': { 'zh-CN': '工厂', en: 'Plant' } };
  t.intakeSchema.required.push('plant');
};

describe(`change control (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('refuses a breaking publication without confirmation, listing the breaking changes; nothing is published', async () => {
    const draftVersion = await draft('COMPLAINT_TYPE', 'delivery', (t) => {
      requirePlant(t);
      t.title.en = 'Delivery complaint (logistics)';
    });
    const before = { versions: await server.stored().count(TemplateVersion), events: await server.stored().count(DomainEvent, { type: 'template.published' }) };
    expect(await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion })).toEqual({
      __typename: 'BreakingChangeUnconfirmed',
      code: 'BREAKING_CHANGE_UNCONFIRMED',
      message: '1 breaking change(s): confirm them (confirmBreaking) and give a reason to publish',
      changes: [{ path: '/intakeSchema/required', op: 'ADDED', breaking: true, reason: 'field "plant" is now required' }],
    });
    // Confirming without a reason is refused too.
    expect(await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion, confirmBreaking: true, reason: '  ' })).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'Input is invalid: 1 problem',
      problems: [{ path: '/reason', code: 'REQUIRED', message: 'confirming a breaking change needs a reason' }],
    });
    expect({ versions: await server.stored().count(TemplateVersion), events: await server.stored().count(DomainEvent, { type: 'template.published' }) }).toEqual(before);
    expect(await server.stored().count(TemplateDraft, { kind: 'complaint-type', key: 'delivery' })).toBe(1);
  });

  it('publishes a confirmed breaking change with its reason; the history shows who, why and the diff summary', async () => {
    const { templateDraft } = { templateDraft: await server.stored().findOneOrFail(TemplateDraft, { kind: 'complaint-type', key: 'delivery' }) };
    const published = await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion: templateDraft.version, confirmBreaking: true, reason: 'plant needed for traceability (CAR-117)' }, admin.key);
    expect(published).toMatchObject({ __typename: 'TemplateVersionInfo', version: 2, publishedBy: admin.id, publishedByName: admin.name, reason: 'plant needed for traceability (CAR-117)' });
    expect(published).toMatchObject({ diff: { against: 1, compatibility: 'BREAKING', changes: 3, breaking: 1 }, signature: null });

    const history = await versionsOf('COMPLAINT_TYPE', 'delivery');
    expect(history.map(({ version, publishedBy, publishedByName, reason, diff }) => ({ version, publishedBy, publishedByName, reason, diff }))).toEqual([
      { version: 1, publishedBy: 'system', publishedByName: 'System', reason: null, diff: null },
      { version: 2, publishedBy: admin.id, publishedByName: admin.name, reason: 'plant needed for traceability (CAR-117)', diff: { against: 1, compatibility: 'BREAKING', changes: 3, breaking: 1 } },
    ]);
    const rows = await storedVersions('complaint-type', 'delivery');
    expect(rows.map((r) => [r.version, r.reason, r.diffSummary])).toEqual([
      [1, null, null],
      [2, 'plant needed for traceability (CAR-117)', { against: 1, compatibility: 'BREAKING', changes: 3, breaking: 1 }],
    ]);
    const [event] = await server.stored().find(DomainEvent, { type: 'template.published', subjectNumber: 'complaint-type/delivery@2' });
    expect(event).toMatchObject({ reason: 'plant needed for traceability (CAR-117)', actorId: admin.id, data: { diff: { against: 1, compatibility: 'BREAKING', changes: 3, breaking: 1 }, breakingConfirmed: true } });
  });

  it('publishes a compatible change without confirmation, storing the reason when one is given', async () => {
    const draftVersion = await draft('COMPLAINT_TYPE', 'delivery', (t) => {
      t.title.en = 'Delivery complaint';
    });
    expect(await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion, reason: 'shorter title' })).toMatchObject({
      __typename: 'TemplateVersionInfo',
      version: 3,
      publishedByName: ADMIN_KEY_NAME,
      reason: 'shorter title',
      diff: { against: 2, compatibility: 'COMPATIBLE', changes: 1, breaking: 0 },
    });
  });

  it('computes the diff summary on read for versions published before change control stored it', async () => {
    await server.stored().nativeUpdate(TemplateVersion, { kind: 'complaint-type', key: 'delivery', version: 2 }, { diffSummary: null });
    const history = await versionsOf('COMPLAINT_TYPE', 'delivery');
    expect(history.map((v) => v.diff)).toEqual([null, { against: 1, compatibility: 'BREAKING', changes: 3, breaking: 1 }, { against: 2, compatibility: 'COMPATIBLE', changes: 1, breaking: 0 }]);
  });

  it('holds an import to the same rule: breaking changes by bundle path, one confirmation and reason for the import', async () => {
    const { exportTemplates: bundle } = await server.query(ExportTemplatesDocument, { kinds: ['COMPLAINT_TYPE'] });
    const b = structuredClone(bundle) as Json;
    const service = b.templates.findIndex((t: Json) => t.key === 'service');
    const quality = b.templates.findIndex((t: Json) => t.key === 'product-quality');
    requirePlant(b.templates[service].content);
    b.templates[quality].content.intakeSchema.properties.plant = { type: 'string', maxLength: 50, 'x-title': { 'zh-CN': '工厂', en: 'Plant' } };
    const before = await server.stored().count(TemplateVersion);
    const refused = await server.query(ImportTemplatesControlledDocument, { bundle: b }).then((r) => r.importTemplates);
    expect(refused).toMatchObject({ __typename: 'BreakingChangeUnconfirmed', code: 'BREAKING_CHANGE_UNCONFIRMED' });
    expect(refused.__typename === 'BreakingChangeUnconfirmed' && refused.changes).toEqual([
      { path: `/templates/${service}/content/intakeSchema/required`, op: 'ADDED', breaking: true, reason: 'field "plant" is now required' },
    ]);
    expect(await server.stored().count(TemplateVersion)).toBe(before);

    const imported = await server.query(ImportTemplatesControlledDocument, { bundle: b, confirmBreaking: true, reason: 'plant on every intake' }).then((r) => r.importTemplates);
    if (imported.__typename !== 'ImportedTemplates') throw new Error(JSON.stringify(imported));
    expect(imported.published.map((v) => [v.key, v.version, v.reason, v.diff])).toEqual([
      ['product-quality', 2, 'plant on every intake', { against: 1, compatibility: 'COMPATIBLE', changes: 1, breaking: 0 }],
      ['service', 2, 'plant on every intake', { against: 1, compatibility: 'BREAKING', changes: 2, breaking: 1 }],
    ]);
    expect((await storedVersions('complaint-type', 'service')).map((r) => [r.version, r.reason])).toEqual([
      [1, null],
      [2, 'plant on every intake'],
    ]);
  });
});

describe('the organization key', () => {
  it('refuses a bundle whose organization is keyed otherwise with one problem at its key, not a cascade of unknown references', async () => {
    const { exportTemplates: bundle } = await server.query(ExportTemplatesDocument, {});
    const b = structuredClone(bundle) as Json;
    const org = b.templates.findIndex((t: Json) => t.kind === 'organization');
    b.templates[org].key = 'acme';
    b.templates[org].content.key = 'acme';
    const fresh = await server.createTenant('acme', { withTemplates: false });
    const result = await server.query(ImportTemplatesControlledDocument, { bundle: b }, fresh.key).then((r) => r.importTemplates);
    expect(result).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED', message: 'The template has 1 error(s)' });
    // Besides the one error, only the calendar's look-ahead warning (it depends on today's date: see calendar coverage).
    expect(result.__typename === 'TemplateInvalidError' && withoutHolidayWarnings(result.problems)).toEqual([
      { path: `/templates/${org}/content/key`, code: 'ORGANIZATION_KEY', severity: 'ERROR', message: 'the organization template must be keyed "default" (a tenant has exactly one organization), not "acme"' },
    ]);
    // Only the bundle entry's key changed: the problem is at that key.
    b.templates[org].content.key = 'default';
    const second = await server.query(ImportTemplatesControlledDocument, { bundle: b }, fresh.key).then((r) => r.importTemplates);
    expect(second.__typename).toBe('TemplateInvalidError');
    expect(second.__typename === 'TemplateInvalidError' && withoutHolidayWarnings(second.problems)).toMatchObject([{ path: `/templates/${org}/key`, code: 'ORGANIZATION_KEY', severity: 'ERROR' }]);
    expect(await server.app.services.db.forTenant(fresh.tenantId).count(TemplateVersion)).toBe(0);
  });

  it('refuses to publish an organization draft under another key with one problem at /key', async () => {
    const { createTemplateDraft: d } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'ORGANIZATION', key: 'default' } });
    if (d.__typename !== 'TemplateDraftInfo') throw new Error(d.__typename);
    const content = { ...(d.content as Json), key: 'acme' };
    const { createTemplateDraft: other } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'ORGANIZATION', key: 'acme', content } });
    if (other.__typename !== 'TemplateDraftInfo') throw new Error(other.__typename);
    expect(withoutHolidayWarnings(other.problems)).toEqual([expect.objectContaining({ path: '/key', code: 'ORGANIZATION_KEY', severity: 'ERROR' })]);
    const result = await publish({ kind: 'ORGANIZATION', key: 'acme', draftVersion: other.version });
    expect(result.__typename).toBe('TemplateInvalidError');
    expect(result.__typename === 'TemplateInvalidError' && withoutHolidayWarnings(result.problems)).toMatchObject([{ path: '/key', code: 'ORGANIZATION_KEY' }]);
    expect(await server.stored().count(TemplateVersion, { kind: 'organization' })).toBe(1);
    await server.stored().nativeDelete(TemplateDraft, { kind: 'organization' });
  });
});

type Ref = { id: string; version: number };
async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Ref & { status: string }> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return { id: value.id, version: value.version, status: value.status };
}
const ref = (c: Ref) => ({ id: c.id, version: c.version });

const retire = (kind: TemplateKind, key: string, reason: string, token?: string) => server.query(RetireTemplateDocument, { input: { kind, key, reason } }, token).then((r) => r.retireTemplate);
const reinstate = (kind: TemplateKind, key: string) => server.query(ReinstateTemplateDocument, { kind, key }).then((r) => r.reinstateTemplate);

describe('retire and reinstate', () => {
  it.each([
    { title: 'the organization', kind: 'ORGANIZATION' as TemplateKind, key: 'default', reason: 'x', expected: { __typename: 'ValidationError', problems: [{ path: '/kind', code: 'NOT_RETIRABLE' }] } },
    { title: 'without a reason', kind: 'COMPLAINT_TYPE' as TemplateKind, key: 'delivery', reason: ' ', expected: { __typename: 'ValidationError', problems: [{ path: '/reason', code: 'REQUIRED' }] } },
    { title: 'an unknown template', kind: 'COMPLAINT_TYPE' as TemplateKind, key: 'nope', reason: 'x', expected: { __typename: 'NotFoundError', code: 'NOT_FOUND' } },
    {
      title: 'an investigation template complaint types in use refer to',
      kind: 'INVESTIGATION' as TemplateKind,
      key: '8d',
      reason: 'x',
      expected: {
        __typename: 'TemplateInUseError',
        code: 'TEMPLATE_IN_USE',
        usedBy: [
          { kind: 'COMPLAINT_TYPE', key: 'delivery', path: '/investigation/template' },
          { kind: 'COMPLAINT_TYPE', key: 'product-quality', path: '/investigation/template' },
        ],
      },
    },
  ])('refuses to retire $title and changes nothing', async ({ kind, key, reason, expected }) => {
    const before = { retired: await server.stored().count(TemplateRetirement), events: await server.stored().count(DomainEvent, { type: 'template.retired' }) };
    expect(await retire(kind, key, reason)).toMatchObject(expected);
    expect({ retired: await server.stored().count(TemplateRetirement), events: await server.stored().count(DomainEvent, { type: 'template.retired' }) }).toEqual(before);
  });

  it('a retired complaint type takes no new complaints and is not offered for intake; complaints pinned to it go through their whole lifecycle', async () => {
    const { createComplaint: created } = await server.query(CreateComplaintDocument, { input: createInput({ data: { ...createInput().data, plant: '苏州一厂' } }) });
    if (created.__typename !== 'Complaint') throw new Error(JSON.stringify(created));

    const retired = await retire('COMPLAINT_TYPE', 'product-quality', 'replaced by the supplier-quality type', admin.key);
    expect(retired).toMatchObject({ __typename: 'TemplateSummary', kind: 'COMPLAINT_TYPE', key: 'product-quality', latestVersion: 2, retired: { retiredBy: admin.id, retiredByName: admin.name, reason: 'replaced by the supplier-quality type' } });
    const row = await server.stored().findOneOrFail(TemplateRetirement, { kind: 'complaint-type', key: 'product-quality' });
    expect(row).toMatchObject({ retiredBy: admin.id, reason: 'replaced by the supplier-quality type' });
    expect(await server.stored().find(DomainEvent, { type: 'template.retired' })).toEqual([
      expect.objectContaining({ subjectType: 'Template', subjectNumber: 'complaint-type/product-quality', actorId: admin.id, reason: 'replaced by the supplier-quality type' }),
    ]);
    const { templates } = await server.query(TemplatesWithRetirementDocument, { kind: 'COMPLAINT_TYPE' });
    expect(templates.map((t) => [t.key, t.retired?.reason ?? null])).toEqual([
      ['delivery', null],
      ['product-quality', 'replaced by the supplier-quality type'],
      ['service', null],
    ]);
    expect((await server.query(IntakeComplaintTypesDocument, {})).complaintTypes.map((t) => t.key)).toEqual(['delivery', 'service']);
    expect((await server.query(IntakeComplaintTypesDocument, { includeRetired: true })).complaintTypes.map((t) => [t.key, t.retired])).toEqual([
      ['delivery', false],
      ['product-quality', true],
      ['service', false],
    ]);
    expect(await retire('COMPLAINT_TYPE', 'product-quality', 'again')).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/key', code: 'ALREADY_RETIRED' }] });

    const complaints = await server.stored().count(Complaint);
    const { createComplaint: refused } = await server.query(CreateComplaintDocument, { input: createInput({ data: { ...createInput().data, plant: '苏州一厂' } }) });
    expect(refused).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'Input is invalid: 1 problem',
      problems: [{ path: '/typeKey', code: 'COMPLAINT_TYPE_RETIRED', message: 'complaint type "product-quality" is retired: it takes no new complaints' }],
    });
    expect(await server.stored().count(Complaint)).toBe(complaints);

    // The pinned complaint: review, accept, an 8D, remedy, notify, feedback, closed.
    let c = await step(server.query(StartReviewDocument, { input: ref(created) }));
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'machining' } }));
    const { openInvestigation: inv } = await server.query(OpenInvestigationDocument, { input: { title: 'burrs on BRK-2041', complaintIds: [c.id] } });
    expect(inv).toMatchObject({ __typename: 'Investigation', templateKey: '8d' });
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'repair', quantity: 5 } }));
    c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
    c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'email', text: 'We will repair the parts.' } }));
    c = await step(server.query(RequestFeedbackDocument, { input: ref(c) }));
    c = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(c), satisfaction: 4, acceptsResolution: true } }));
    expect(c.status).toBe('CLOSED');
    expect(await server.stored().findOneOrFail(Complaint, { id: localUuid(created.id, 'Complaint')! })).toMatchObject({ typeKey: 'product-quality', templateVersion: 2, status: 'CLOSED' });

    // Reinstated: offered and taking complaints again.
    expect(await reinstate('COMPLAINT_TYPE', 'product-quality')).toMatchObject({ __typename: 'TemplateSummary', key: 'product-quality', retired: null });
    expect(await server.stored().count(TemplateRetirement)).toBe(0);
    expect(await server.stored().find(DomainEvent, { type: 'template.reinstated' })).toEqual([
      expect.objectContaining({ subjectType: 'Template', subjectId: row.id, subjectNumber: 'complaint-type/product-quality', data: expect.objectContaining({ retiredReason: 'replaced by the supplier-quality type' }) }),
    ]);
    expect((await server.query(IntakeComplaintTypesDocument, {})).complaintTypes.map((t) => t.key)).toEqual(['delivery', 'product-quality', 'service']);
    const { createComplaint: again } = await server.query(CreateComplaintDocument, { input: createInput({ data: { ...createInput().data, plant: '苏州一厂' } }) });
    expect(again).toMatchObject({ __typename: 'Complaint', templateVersion: 2 });
    expect(await reinstate('COMPLAINT_TYPE', 'product-quality')).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/key', code: 'NOT_RETIRED' }] });
  });

  it('a retired investigation template takes no new investigations; a template referring to a retired one is not reinstated until it is', async () => {
    // 3d is in use by the service type until that is retired.
    expect(await retire('INVESTIGATION', '3d', 'merged into 8d')).toMatchObject({ __typename: 'TemplateInUseError', usedBy: [{ kind: 'COMPLAINT_TYPE', key: 'service', path: '/investigation/template' }] });
    expect(await retire('COMPLAINT_TYPE', 'service', 'handled by the CRM now')).toMatchObject({ __typename: 'TemplateSummary' });
    expect(await retire('INVESTIGATION', '3d', 'merged into 8d')).toMatchObject({ __typename: 'TemplateSummary', retired: { reason: 'merged into 8d' } });

    const investigations = await server.stored().count(Investigation);
    const { openInvestigation } = await server.query(OpenInvestigationDocument, { input: { title: 'wrong label', templateKey: '3d', department: 'logistics', severity: 'minor' } });
    expect(openInvestigation).toMatchObject({
      __typename: 'ValidationError',
      problems: [{ path: '/templateKey', code: 'TEMPLATE_RETIRED', message: 'investigation template "3d" is retired: no new investigations under it' }],
    });
    expect(await server.stored().count(Investigation)).toBe(investigations);

    // A type in use may not be pointed at the retired template: that would bring it back into use unseen.
    const delivery = await draft('COMPLAINT_TYPE', 'delivery', (t) => (t.investigation.template = '3d'));
    const versions = await server.stored().count(TemplateVersion);
    expect(await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion: delivery })).toMatchObject({
      __typename: 'TemplateInvalidError',
      problems: [{ path: '/investigation/template', code: 'TEMPLATE_RETIRED', severity: 'ERROR', message: expect.stringMatching(/^refers to a retired template \(.*3d.*\): reinstate it first, or refer to another$/) }],
    });
    expect(await server.stored().count(TemplateVersion)).toBe(versions);
    await server.stored().nativeDelete(TemplateDraft, { kind: 'complaint-type', key: 'delivery' });
    // Nor through an import: the exported bundle with that one change is refused at the entry's pointer.
    const bundle = structuredClone((await server.query(ExportTemplatesDocument, {})).exportTemplates) as Json;
    const at = bundle.templates.findIndex((t: Json) => t.kind === 'complaint-type' && t.key === 'delivery');
    bundle.templates[at].content.investigation.template = '3d';
    const imported = await server.query(ImportTemplatesControlledDocument, { bundle, confirmBreaking: true, reason: 'test set-up' }).then((r) => r.importTemplates);
    expect(imported.__typename === 'TemplateInvalidError' && imported.problems.filter((p) => p.severity === 'ERROR')).toEqual([
      expect.objectContaining({ path: `/templates/${at}/content/investigation/template`, code: 'TEMPLATE_RETIRED' }),
    ]);
    expect(await server.stored().count(TemplateVersion)).toBe(versions);

    expect(await reinstate('COMPLAINT_TYPE', 'service')).toMatchObject({
      __typename: 'TemplateInvalidError',
      problems: [{ path: '/investigation/template', code: 'UNKNOWN_REFERENCE', severity: 'ERROR' }],
    });
    expect(await server.stored().count(TemplateRetirement)).toBe(2);
    expect(await reinstate('INVESTIGATION', '3d')).toMatchObject({ __typename: 'TemplateSummary', retired: null });
    expect(await reinstate('COMPLAINT_TYPE', 'service')).toMatchObject({ __typename: 'TemplateSummary', retired: null });
    const { openInvestigation: opened } = await server.query(OpenInvestigationDocument, { input: { title: 'wrong label', templateKey: '3d', department: 'logistics', severity: 'minor' } });
    expect(opened).toMatchObject({ __typename: 'Investigation', templateKey: '3d' });
  });
});

describe('publication signature (organization changeControl)', () => {
  const MEANINGS = [{ key: 'approved', title: { 'zh-CN': '批准', en: 'Approved' } }];

  it('once the organization requires it, publishing any template is refused without a valid signature, with the sign-off errors', async () => {
    // The organization in force decides: the publication that adds the requirement is not signed.
    const orgDraft = await draft('ORGANIZATION', 'default', (t) => {
      t.changeControl = { publicationSignature: { required: true, meanings: MEANINGS } };
    });
    expect(await publish({ kind: 'ORGANIZATION', key: 'default', draftVersion: orgDraft })).toMatchObject({ __typename: 'TemplateVersionInfo', version: 2, signature: null });

    const draftVersion = await draft('COMPLAINT_TYPE', 'delivery', (t) => {
      t.title.en = 'Delivery complaints';
    });
    const versions = await server.stored().count(TemplateVersion);
    const signatures = await server.stored().count(Signature);
    expect(await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion }, admin.key)).toMatchObject({ __typename: 'SignatureError', code: 'SIGNATURE_REQUIRED', allowedMeanings: ['approved'] });
    expect(await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion, signature: { password: PASSWORD, meaning: 'approved' } })).toMatchObject({ __typename: 'SignatureError', code: 'SIGNER_NOT_A_USER' });
    expect(await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion, signature: { password: 'wrong', meaning: 'approved' } }, admin.key)).toMatchObject({ __typename: 'SignatureError', code: 'SIGNATURE_PASSWORD_INCORRECT' });
    expect(await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion, signature: { password: PASSWORD, meaning: 'reviewed' } }, admin.key)).toMatchObject({ __typename: 'SignatureError', code: 'SIGNATURE_MEANING_NOT_ALLOWED', allowedMeanings: ['approved'] });
    const { exportTemplates: bundle } = await server.query(ExportTemplatesDocument, { kinds: ['APPROVAL_ROUTE'] });
    const b = structuredClone(bundle) as Json;
    b.templates[0].content.title.en = `${b.templates[0].content.title.en} (signed)`;
    expect(await server.query(ImportTemplatesControlledDocument, { bundle: b }, admin.key).then((r) => r.importTemplates)).toMatchObject({ __typename: 'SignatureError', code: 'SIGNATURE_REQUIRED' });
    expect({ versions: await server.stored().count(TemplateVersion), signatures: await server.stored().count(Signature) }).toEqual({ versions, signatures });

    const signed = await publish({ kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion, reason: 'title', signature: { password: PASSWORD, meaning: 'approved' } }, admin.key);
    if (signed.__typename !== 'TemplateVersionInfo') throw new Error(JSON.stringify(signed));
    expect(signed.signature).toMatchObject({ signerId: admin.id, signerName: admin.name, meaning: 'approved' });
    const stored = await server.stored().findOneOrFail(Signature, { id: localUuid(signed.signature!.id, 'Signature')! });
    const row = await server.stored().findOneOrFail(TemplateVersion, { kind: 'complaint-type', key: 'delivery', version: signed.version });
    expect(stored).toMatchObject({ recordType: 'TemplatePublication', recordId: row.id, signerId: admin.id, meaning: 'approved' });
    expect(row.signature).toMatchObject({ id: signed.signature!.id, meaning: 'approved' });
    expect((await versionsOf('COMPLAINT_TYPE', 'delivery')).at(-1)!.signature).toEqual(signed.signature);
    expect((await server.query(VerifySignatureDocument, { id: signed.signature!.id })).verifySignature).toMatchObject({ valid: true, reason: null });
    // Only callers who may read templates see it.
    const agent = (await server.app.services.apiKeys.create(server.tenantId, 'agent', ['customer-service-agent'])).key;
    const hidden = await server.request(VerifySignatureDocument, { id: signed.signature!.id }, { key: agent });
    expect(hidden.errors).toEqual([expect.objectContaining({ path: ['verifySignature'], extensions: { code: 'NOT_FOUND' } })]);

    const imported = await server.query(ImportTemplatesControlledDocument, { bundle: b, signature: { password: PASSWORD, meaning: 'approved' } }, admin.key).then((r) => r.importTemplates);
    if (imported.__typename !== 'ImportedTemplates') throw new Error(JSON.stringify(imported));
    expect(imported.published).toHaveLength(1);
    expect(imported.published[0].signature).toMatchObject({ signerName: admin.name, meaning: 'approved' });
  });
});
