import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import {
  CreateTemplateDraftDocument,
  DiffTemplateVersionsDocument,
  ExportTemplatesDocument,
  ImportTemplatesDocument,
  PublishTemplateDocument,
  UpdateTemplateDraftDocument,
} from '../../__generated__/graphql';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

async function draftOf(key: string, edit: (t: Json) => void): Promise<number> {
  const { createTemplateDraft: d } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key } });
  if (d.__typename !== 'TemplateDraftInfo') throw new Error(d.__typename);
  const content = structuredClone(d.content) as Json;
  edit(content);
  const { updateTemplateDraft: u } = await server.query(UpdateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key, version: d.version, content } });
  if (u.__typename !== 'TemplateDraftInfo') throw new Error(u.__typename);
  return u.version;
}

describe('diffTemplateVersions', () => {
  it('classifies each change of a draft as compatible or breaking for existing records', async () => {
    await draftOf('service', (t) => {
      t.intakeSchema.properties.staffInvolved = { ...(t.intakeSchema.properties.staffInvolved ?? { type: 'string' }), maxLength: 20 };
      t.intakeSchema.properties.ticket = { type: 'string', maxLength: 20, 'x-title': { 'zh-CN': '工单号', en: 'Ticket' } };
      t.intakeSchema.required.push('ticket');
      t.intakeSchema.properties.channel.enum = t.intakeSchema.properties.channel.enum.filter((v: string) => v !== 'visit');
      delete t.intakeSchema.properties.channel['x-enum-titles'].visit;
      t.title.en = 'Service complaint (customer care)';
      t.categories.pop();
    });
    const { diffTemplateVersions: diff } = await server.query(DiffTemplateVersionsDocument, { kind: 'COMPLAINT_TYPE', key: 'service', from: 1 });
    expect(diff).toMatchObject({ from: 1, to: null, compatibility: 'BREAKING' });
    const byPath = (path: string, op?: string) => diff.changes.find((c) => c.path === path && (!op || c.op === op));
    expect(byPath('/intakeSchema/required', 'ADDED')).toMatchObject({ after: 'ticket', breaking: true, reason: 'field "ticket" is now required' });
    expect(byPath('/intakeSchema/properties/channel/enum', 'REMOVED')).toMatchObject({ before: 'visit', breaking: true });
    expect(byPath('/intakeSchema/properties/ticket', 'ADDED')).toMatchObject({ breaking: false });
    expect(byPath('/title/en')).toMatchObject({ op: 'CHANGED', before: 'Service complaint', breaking: false });
    expect(diff.changes.find((c) => c.path.startsWith('/categories/') && c.op === 'REMOVED')).toMatchObject({ breaking: true });
  });

  it('finds two published versions compatible when only labels and optional fields change', async () => {
    const version = await draftOf('delivery', (t) => {
      t.description.en = 'Late, short or wrong delivery, or damage in transit.';
      t.intakeSchema.properties.carrier = { type: 'string', maxLength: 100, 'x-title': { 'zh-CN': '承运商', en: 'Carrier' } };
    });
    await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'delivery', draftVersion: version } });
    const { diffTemplateVersions: diff } = await server.query(DiffTemplateVersionsDocument, { kind: 'COMPLAINT_TYPE', key: 'delivery', from: 1, to: 2 });
    expect(diff.compatibility).toBe('COMPATIBLE');
    expect(diff.changes.map((c) => c.path).sort()).toEqual(['/description/en', '/intakeSchema/properties/carrier']);
  });
});

describe('export and import', () => {
  it('round-trips: export -> import into a fresh tenant -> export is identical', async () => {
    const { exportTemplates: bundle } = await server.query(ExportTemplatesDocument, {});
    const b = bundle as Json;
    expect(b.format).toBe('complaint-qms.templates/v1');
    expect(b.templates.map((t: Json) => `${t.kind}/${t.key}`)).toEqual(expect.arrayContaining(['organization/default', 'complaint-type/product-quality', 'investigation/8d']));

    const other = await server.createTenant('import-target', { withTemplates: false });
    const { importTemplates } = await server.query(ImportTemplatesDocument, { bundle }, other.key);
    expect(importTemplates).toMatchObject({ __typename: 'ImportedTemplates', unchanged: 0 });
    expect(importTemplates.__typename === 'ImportedTemplates' && importTemplates.published).toHaveLength(b.templates.length);
    const again = (await server.query(ExportTemplatesDocument, {}, other.key)).exportTemplates as Json;
    const strip = (x: Json) => x.templates.map(({ version: _v, ...rest }: Json) => rest);
    expect(strip(again)).toEqual(strip(b));

    // Importing the same bundle again publishes nothing.
    const { importTemplates: second } = await server.query(ImportTemplatesDocument, { bundle }, other.key);
    expect(second).toMatchObject({ __typename: 'ImportedTemplates', unchanged: b.templates.length, published: [] });
  });

  it('imports nothing at all when one template of the bundle is broken, naming it by pointer', async () => {
    const { exportTemplates: bundle } = await server.query(ExportTemplatesDocument, {});
    const b = structuredClone(bundle) as Json;
    const index = b.templates.findIndex((t: Json) => t.kind === 'approval-route');
    b.templates[index].content.steps[0].approvers = { role: 'nobody' };
    const other = await server.createTenant('import-broken', { withTemplates: false });
    const { importTemplates } = await server.query(ImportTemplatesDocument, { bundle: b }, other.key);
    if (importTemplates.__typename !== 'TemplateInvalidError') throw new Error(importTemplates.__typename);
    expect(importTemplates.problems).toContainEqual(expect.objectContaining({ path: `/templates/${index}/content/steps/0/approvers/role`, code: 'UNKNOWN_REFERENCE' }));
    expect(await server.app.services.db.forTenant(other.tenantId).count(TemplateVersion)).toBe(0);
  });

  it('refuses something that is not a bundle', async () => {
    const { importTemplates } = await server.query(ImportTemplatesDocument, { bundle: { format: 'other', templates: [] } });
    expect(importTemplates).toMatchObject({ __typename: 'TemplateInvalidError', problems: [expect.objectContaining({ path: '/format', code: 'CONST' })] });
  });
});
