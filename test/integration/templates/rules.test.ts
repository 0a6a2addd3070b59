import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateComplaintDocument, CreateTemplateDraftDocument, DryRunTemplateDocument, ProposedHandlingDocument, PublishTemplateDocument, TemplateDocument, UpdateTemplateDraftDocument } from '../../__generated__/graphql';
import type { TemplateKind } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { draftEdit, type Json } from '../../fixtures/templates';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());


async function create(data: Record<string, unknown>) {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
  return createComplaint;
}

const handling = async (id: string) => (await server.query(ProposedHandlingDocument, { id })).complaint;

const publish = (kind: TemplateKind, key: string, edit: (content: Json) => Json | void, fresh?: Json) => draftEdit(server, kind, key, edit, fresh);

describe('rules from templates', () => {
  it.each([
    { title: 'a dimensional defect is minor, routed to quality, 8D optional', data: {}, expected: { severity: 'minor', department: 'quality', investigation: 'optional' } },
    { title: 'a functional defect is critical, 8D required', data: { defectType: 'functional' }, expected: { severity: 'critical', department: 'quality', investigation: 'required' } },
    { title: '1000 parts or more is major', data: { quantityAffected: 5000 }, expected: { severity: 'major', investigation: 'required' } },
  ])('$title', async ({ data, expected }) => {
    const c = await create(productQualityData(data));
    const { proposedHandling } = await handling(c.id);
    expect(proposedHandling).toMatchObject({ ...expected, investigationTemplate: '8d', approvalRoute: 'remedy', escalationPolicy: 'standard' });
    expect(proposedHandling.sla).toMatchObject({ response: { acknowledge: { unit: 'working-hours' } }, investigation: { rootCause: { unit: 'working-days' } } });
  });

  it('a company changes routing and approvals through the API alone; dry run shows it first; older complaints keep their version', async () => {
    const labeling = await create(productQualityData({ defectType: 'labeling' }));
    const dimensional = await create(productQualityData({ defectType: 'dimensional' }));
    expect((await handling(labeling.id)).proposedHandling).toMatchObject({ department: 'quality', approvalRoute: 'remedy' });

    // A new department and its head role in the organization ...
    const orgDraft = await publish('ORGANIZATION', 'default', (org) => {
      org.roles.push({ key: 'warranty-manager', title: { 'zh-CN': '保修经理', en: 'Warranty manager' }, level: 'manager' });
      org.departments.push({ key: 'warranty', title: { 'zh-CN': '保修部', en: 'Warranty' }, headRole: 'warranty-manager' });
    });
    expect((await server.query(PublishTemplateDocument, { input: { kind: 'ORGANIZATION', key: 'default', draftVersion: orgDraft } })).publishTemplate).toMatchObject({ version: 2 });

    // ... a new approval route ...
    const remedy = (await server.query(TemplateDocument, { kind: 'APPROVAL_ROUTE', key: 'remedy' })).template.content as Json;
    const routeDraft = await publish('APPROVAL_ROUTE', 'fast-track', () => undefined, {
      ...remedy,
      key: 'fast-track',
      title: { 'zh-CN': '快速审批', en: 'Fast track' },
      steps: [{ ...remedy.steps[0], approvers: { department: 'warranty', departmentHead: true } }],
    });
    expect((await server.query(PublishTemplateDocument, { input: { kind: 'APPROVAL_ROUTE', key: 'fast-track', draftVersion: routeDraft } })).publishTemplate).toMatchObject({ version: 1 });

    // ... and the complaint type routes labeling defects there and uses the new route.
    const typeDraft = await publish('COMPLAINT_TYPE', 'product-quality', (t) => {
      t.routing.rules.unshift({ when: { type: 'object', properties: { data: { type: 'object', properties: { defectType: { const: 'labeling' } }, required: ['defectType'] } }, required: ['data'] }, department: 'warranty' });
      t.approvalRoute = 'fast-track';
    });

    const { dryRunTemplate } = await server.query(DryRunTemplateDocument, { key: 'product-quality', limit: 1000 });
    if (dryRunTemplate.__typename !== 'TemplateDryRun') throw new Error(dryRunTemplate.__typename);
    const forLabeling = dryRunTemplate.complaints.find((c) => c.complaintId === labeling.id)!;
    expect(forLabeling.changes).toEqual(
      expect.arrayContaining([
        { field: 'department', before: 'quality', after: 'warranty' },
        { field: 'approvalRoute', before: 'remedy', after: 'fast-track' },
      ]),
    );
    const forDimensional = dryRunTemplate.complaints.find((c) => c.complaintId === dimensional.id)!;
    expect(forDimensional.changes).toEqual([{ field: 'approvalRoute', before: 'remedy', after: 'fast-track' }]);
    expect(dryRunTemplate.evaluated).toBeGreaterThanOrEqual(5);

    expect((await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'product-quality', draftVersion: typeDraft } })).publishTemplate).toMatchObject({ version: 2 });
    const after = await create(productQualityData({ defectType: 'labeling' }));
    expect(await handling(after.id)).toMatchObject({ templateVersion: 2, proposedHandling: { department: 'warranty', approvalRoute: 'fast-track' } });
    expect(await handling(labeling.id)).toMatchObject({ templateVersion: 1, proposedHandling: { department: 'quality', approvalRoute: 'remedy' } });
  });

  it('refuses a dry run without a draft, or of a draft with errors', async () => {
    expect((await server.query(DryRunTemplateDocument, { key: 'delivery' })).dryRunTemplate).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'delivery' } });
    if (draft.__typename !== 'TemplateDraftInfo') throw new Error(draft.__typename);
    await server.query(UpdateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'delivery', version: draft.version, content: { ...draft.content, approvalRoute: 'nowhere' } } });
    const { dryRunTemplate } = await server.query(DryRunTemplateDocument, { key: 'delivery' });
    expect(dryRunTemplate).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED' });
  });
});
