import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateDraft } from '../../../src/templates/template-draft.entity';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import {
  ComplaintTypesDocument,
  CreateComplaintDocument,
  CreateTemplateDraftDocument,
  DiffTemplateVersionsDocument,
  DryRunTemplateDocument,
  ExportTemplatesDocument,
  FormTemplateDocument,
  ImportTemplatesDocument,
  PublishTemplateDocument,
  TemplateDocument,
  TemplateDraftDocument,
  TemplatesDocument,
  TemplateVersionsDocument,
  UpdateComplaintDocument,
  UpdateTemplateDraftDocument,
  ValidateTemplateDocument,
} from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let agentKey: string;
beforeAll(async () => {
  server = await startTestServer();
  agentKey = (await server.app.services.apiKeys.create(server.tenantId, 'agent', ['customer-service-agent'])).key;
});
afterAll(() => server?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

async function latestContent(key: string): Promise<Json> {
  return (await server.query(TemplateDocument, { kind: 'COMPLAINT_TYPE', key })).template.content;
}

describe('template administration', () => {
  it('lists every shipped template with its version', async () => {
    const { templates } = await server.query(TemplatesDocument, {});
    expect(templates).toContainEqual({ kind: 'ORGANIZATION', key: 'default', latestVersion: 1, hasDraft: false });
    expect(templates).toContainEqual({ kind: 'INVESTIGATION', key: '8d', latestVersion: 1, hasDraft: false });
    expect(templates).toContainEqual({ kind: 'WORKFLOW', key: 'stage-1', latestVersion: 1, hasDraft: false });
    expect((await server.query(TemplatesDocument, { kind: 'COMPLAINT_TYPE' })).templates.map((t) => t.key)).toEqual(['delivery', 'product-quality', 'service']);
  });

  it.each([
    { title: 'templates', run: (key: string) => server.request(TemplatesDocument, {}, { key }) },
    { title: 'template', run: (key: string) => server.request(TemplateDocument, { kind: 'COMPLAINT_TYPE', key: 'service' }, { key }) },
    { title: 'templateVersions', run: (key: string) => server.request(TemplateVersionsDocument, { kind: 'COMPLAINT_TYPE', key: 'service' }, { key }) },
    { title: 'templateDraft', run: (key: string) => server.request(TemplateDraftDocument, { kind: 'COMPLAINT_TYPE', key: 'service' }, { key }) },
    { title: 'validateTemplate', run: (key: string) => server.request(ValidateTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', content: {} } }, { key }) },
    { title: 'createTemplateDraft', run: (key: string) => server.request(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service' } }, { key }) },
    { title: 'updateTemplateDraft', run: (key: string) => server.request(UpdateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', version: 1, content: {} } }, { key }) },
    { title: 'publishTemplate', run: (key: string) => server.request(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', draftVersion: 1 } }, { key }) },
    { title: 'dryRunTemplate', run: (key: string) => server.request(DryRunTemplateDocument, { key: 'service' }, { key }) },
    { title: 'diffTemplateVersions', run: (key: string) => server.request(DiffTemplateVersionsDocument, { kind: 'COMPLAINT_TYPE', key: 'service', from: 1 }, { key }) },
    { title: 'exportTemplates', run: (key: string) => server.request(ExportTemplatesDocument, {}, { key }) },
    { title: 'importTemplates', run: (key: string) => server.request(ImportTemplatesDocument, { bundle: { format: 'complaint-qms.templates/v1', templates: [] } }, { key }) },
  ])('refuses $title to a caller without the admin role (FORBIDDEN) and stores nothing', async ({ title, run }) => {
    const result = await run(agentKey);
    expect(result.status).toBe(403);
    expect(result.errors).toEqual([expect.objectContaining({ path: [title], extensions: { code: 'FORBIDDEN' } })]);
    expect(await server.stored().count(TemplateDraft)).toBe(0);
  });

  it('reports problems with pointers from validateTemplate and stores nothing', async () => {
    const content = await latestContent('service');
    content.routing.defaultDepartment = 'marketing';
    content.title = { en: 'Service' };
    const { validateTemplate } = await server.query(ValidateTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', content } });
    expect(validateTemplate.valid).toBe(false);
    expect(validateTemplate.problems).toContainEqual(expect.objectContaining({ path: '/title/zh-CN', code: 'REQUIRED', severity: 'ERROR' }));
    const fixed = await latestContent('service');
    fixed.routing.defaultDepartment = 'marketing';
    const second = await server.query(ValidateTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', content: fixed } });
    expect(second.validateTemplate.problems).toEqual([expect.objectContaining({ path: '/routing/defaultDepartment', code: 'UNKNOWN_REFERENCE', severity: 'ERROR' })]);
    expect(await server.stored().count(TemplateDraft)).toBe(0);
  });

  it('pins complaints to their version: v2 adds a required field, v1 complaints still validate against v1', async () => {
    const { createComplaint: v1Complaint } = await server.query(CreateComplaintDocument, { input: createInput() });
    if (v1Complaint.__typename !== 'Complaint') throw new Error(v1Complaint.__typename);
    expect(v1Complaint.templateVersion).toBe(1);

    const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'product-quality' } });
    if (draft.__typename !== 'TemplateDraftInfo') throw new Error(draft.__typename);
    expect(draft).toMatchObject({ version: 1, baseVersion: 1, problems: [] });

    const content: Json = draft.content;
    content.intakeSchema.properties.plant = { type: 'string', minLength: 1, maxLength: 50, 'x-title': { 'zh-CN': '工厂', en: 'Plant' } };
    content.intakeSchema.required.push('plant');
    const { updateTemplateDraft } = await server.query(UpdateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'product-quality', version: 1, content } });
    expect(updateTemplateDraft).toMatchObject({ __typename: 'TemplateDraftInfo', version: 2, problems: [] });

    const stale = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'product-quality', draftVersion: 1 } });
    expect(stale.publishTemplate).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });

    // A new required field is a breaking change: confirmed, with a reason (#18).
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'product-quality', draftVersion: 2, confirmBreaking: true, reason: 'plant needed for traceability' } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', key: 'product-quality', version: 2, publishedBy: expect.stringMatching(/^api-key:/) });
    expect(await server.stored().count(TemplateDraft)).toBe(0);
    expect((await server.query(TemplateVersionsDocument, { kind: 'COMPLAINT_TYPE', key: 'product-quality' })).templateVersions.map((v) => v.version)).toEqual([1, 2]);
    const published = await server.stored().find(DomainEvent, { type: 'template.published', subjectNumber: 'complaint-type/product-quality@2' });
    expect(published).toHaveLength(1);

    // New complaints need the new field and are pinned to v2 ...
    const missing = await server.query(CreateComplaintDocument, { input: createInput() });
    expect(missing.createComplaint).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/data/plant', code: 'REQUIRED' }] });
    const { createComplaint: v2Complaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ plant: '苏州一厂' }) }) });
    expect(v2Complaint).toMatchObject({ __typename: 'Complaint', templateVersion: 2 });
    expect((await server.query(ComplaintTypesDocument)).complaintTypes.find((t) => t.key === 'product-quality')!.version).toBe(2);

    // ... while the v1 complaint keeps validating against v1.
    const { updateComplaint } = await server.query(UpdateComplaintDocument, { input: { id: v1Complaint.id, version: 1, data: productQualityData({ quantityAffected: 3 }) } });
    expect(updateComplaint).toMatchObject({ __typename: 'Complaint', templateVersion: 1, version: 2 });
  });

  it('refuses to publish a draft with errors, keeps the draft, and publishes nothing', async () => {
    const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service' } });
    if (draft.__typename !== 'TemplateDraftInfo') throw new Error(draft.__typename);
    const content: Json = draft.content;
    content.intakeSchema.properties.description.pattern = '^(\\w+\\s?)*$';
    content.approvalRoute = 'fast-track';
    const { updateTemplateDraft } = await server.query(UpdateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', version: draft.version, content } });
    if (updateTemplateDraft.__typename !== 'TemplateDraftInfo') throw new Error(updateTemplateDraft.__typename);
    expect(updateTemplateDraft.problems.map(({ path, code }) => ({ path, code }))).toEqual(
      expect.arrayContaining([
        { path: '/intakeSchema/properties/description/pattern', code: 'UNSAFE_REGEX' },
        { path: '/approvalRoute', code: 'UNKNOWN_REFERENCE' },
      ]),
    );
    const versionsBefore = await server.stored().count(TemplateVersion);
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', draftVersion: updateTemplateDraft.version } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED' });
    expect(await server.stored().count(TemplateVersion)).toBe(versionsBefore);
    expect((await server.query(TemplateDraftDocument, { kind: 'COMPLAINT_TYPE', key: 'service' })).templateDraft?.version).toBe(updateTemplateDraft.version);
    const again = await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service' } });
    expect(again.createTemplateDraft).toMatchObject({ __typename: 'DraftExistsError', code: 'CONFLICT' });
  });

  it('gives NOT_FOUND for a template or version that does not exist', async () => {
    const result = await server.request(TemplateDocument, { kind: 'COMPLAINT_TYPE', key: 'product-quality', version: 99 });
    expect(result.errors).toEqual([expect.objectContaining({ path: ['template'], extensions: { code: 'NOT_FOUND' } })]);
  });
});

describe('formTemplate', () => {
  it.each([
    { language: 'ZH_CN' as const, title: '服务投诉', channelTitle: '投诉渠道', phone: '电话' },
    { language: 'EN' as const, title: 'Service complaint', channelTitle: 'Channel', phone: 'Phone' },
  ])('returns the form as plain JSON Schema in $language', async ({ language, title, channelTitle, phone }) => {
    const { formTemplate } = await server.query(FormTemplateDocument, { key: 'service', locale: language });
    expect(formTemplate).toMatchObject({ key: 'service', version: 1, language, title });
    const schema: Json = formTemplate.schema;
    expect(schema.properties.channel.title).toBe(channelTitle);
    expect(schema.properties.channel.oneOf).toContainEqual({ const: 'phone', title: phone });
    expect(schema.properties.channel.enum).toBeUndefined();
    expect(JSON.stringify(schema)).not.toContain('x-title');
  });

  it('follows Accept-Language when no language is given, and serves older versions', async () => {
    const zh = await server.request(FormTemplateDocument, { key: 'product-quality', version: 1 }, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(zh.data?.formTemplate).toMatchObject({ language: 'ZH_CN', title: '产品质量投诉', version: 1 });
    expect((zh.data?.formTemplate.schema as Json).properties.plant).toBeUndefined();
    const missing = await server.request(FormTemplateDocument, { key: 'warranty' });
    expect(missing.errors).toEqual([expect.objectContaining({ path: ['formTemplate'], extensions: { code: 'NOT_FOUND' } })]);
  });
});
