import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_KEYS, type Permission } from '../../../src/auth/permissions';
import { DomainEvent } from '../../../src/db/event.entity';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { draftEdit, editAndPublish, type Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
const keys = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' });
});
afterAll(() => server?.stop());

/** An API key of the default tenant holding just this role ('' for no role at all). */
async function keyOf(role: string, tenantId = server.tenantId): Promise<string> {
  const name = `${tenantId}:${role}`;
  if (!keys.has(name)) keys.set(name, (await server.app.services.apiKeys.create(tenantId, role || 'no role', role ? [role] : [])).key);
  return keys.get(name)!;
}

async function gql(query: string, variables: Record<string, unknown>, key?: string) {
  return server.request(parse(query) as TypedDocumentNode<Json, Record<string, unknown>>, variables, { key });
}

/** A fresh complaint made by the admin key: its id and version. */
async function complaint(): Promise<{ id: string; version: number }> {
  const { data } = await gql(`mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { ... on Complaint { id version } } }`, { input: createInput() });
  return data!.createComplaint;
}

/** The outcome of an operation: the thrown error's code, else the root field's __typename (or OK for a plain object). */
async function outcome(query: string, variables: Record<string, unknown>, key: string): Promise<string> {
  const result = await gql(query, variables, key);
  if (result.errors?.length) return result.errors[0].extensions?.code as string;
  const value = Object.values(result.data as Record<string, unknown>)[0] as { __typename?: string } | unknown[];
  return Array.isArray(value) ? 'OK' : (value.__typename ?? 'OK');
}

interface Case {
  permission: Permission;
  /** A role that lacks the permission by default ('' for none), and one that holds it. */
  without: string;
  holder: string;
  query: string;
  variables: () => Promise<Record<string, unknown>>;
  /** What the holder gets. */
  success: string;
}

const none = async () => ({});

const cases: Case[] = [
  { permission: 'complaint.create', without: 'rd-engineer', holder: 'customer-service-agent', query: `mutation($input: CreateComplaintInput!) { r: createComplaint(input: $input) { __typename } }`, variables: async () => ({ input: createInput() }), success: 'Complaint' },
  {
    permission: 'complaint.update',
    without: 'production-engineer',
    holder: 'quality-engineer',
    query: `mutation($input: UpdateComplaintInput!) { r: updateComplaint(input: $input) { __typename } }`,
    variables: async () => ({ input: { ...(await complaint()), data: productQualityData({ quantityAffected: 7 }) } }),
    success: 'Complaint',
  },
  {
    permission: 'complaint.confirmDefects',
    without: 'customer-service-agent',
    holder: 'sqe',
    query: `mutation($input: ConfirmDefectiveQuantityInput!) { r: confirmDefectiveQuantity(input: $input) { __typename } }`,
    variables: async () => ({ input: { ...(await complaint()), quantity: 3 } }),
    success: 'Complaint',
  },
  {
    permission: 'cost.write',
    without: 'customer-service-agent',
    holder: 'quality-engineer',
    query: `mutation($input: AddCostItemInput!) { r: addCostItem(input: $input) { __typename } }`,
    variables: async () => ({ input: { subjectId: (await complaint()).id, kind: 'freight', amount: '120.00' } }),
    success: 'CostItem',
  },
  {
    permission: 'shipment.write',
    without: 'quality-engineer',
    holder: 'quality-manager',
    query: `mutation($input: RecordShipmentInput!) { r: recordShipment(input: $input) { __typename } }`,
    variables: async () => ({ input: { product: 'BRK-2041', period: '2026-10', quantity: 5000 } }),
    success: 'ShipmentRecord',
  },
  { permission: 'stats.read', without: 'customer-service-agent', holder: 'quality-engineer', query: `{ r: complaintStats { __typename } }`, variables: none, success: 'ComplaintStats' },
  {
    permission: 'export.complaints',
    without: 'customer-service-agent',
    holder: 'quality-engineer',
    query: `mutation { r: requestExport(input: { kind: COMPLAINTS, format: CSV }) { __typename } }`,
    variables: none,
    success: 'ExportLink',
  },
  { permission: 'event.read', without: '', holder: 'production-engineer', query: `{ r: events(first: 1) { headSequence } }`, variables: none, success: 'OK' },
  { permission: 'audit.verify', without: 'quality-engineer', holder: 'quality-manager', query: `{ r: verifyAuditTrail { intact } }`, variables: none, success: 'OK' },
  { permission: 'template.read', without: 'quality-manager', holder: 'admin', query: `{ r: templates { key } }`, variables: none, success: 'OK' },
  { permission: 'template.edit', without: 'quality-manager', holder: 'admin', query: `mutation { r: validateTemplate(input: { kind: ORGANIZATION, content: {} }) { valid } }`, variables: none, success: 'OK' },
  {
    permission: 'template.publish',
    without: 'plant-manager',
    holder: 'admin',
    query: `mutation { r: publishTemplate(input: { kind: COMPLAINT_TYPE, key: "no-such-type", draftVersion: 1 }) { __typename ... on ErrorResult { code } } }`,
    variables: none,
    success: 'NotFoundError',
  },
  { permission: 'user.manage', without: 'general-manager', holder: 'admin', query: `{ r: users { id } }`, variables: none, success: 'OK' },
  { permission: 'apiKey.manage', without: 'general-manager', holder: 'admin', query: `{ r: apiKeys { id } }`, variables: none, success: 'OK' },
  { permission: 'webhook.manage', without: 'general-manager', holder: 'admin', query: `{ r: webhookEndpoints { id } }`, variables: none, success: 'OK' },
];

describe('the permission matrix', () => {
  it('has a case for every permission of the catalog', () => {
    expect(cases.map((c) => c.permission).sort()).toEqual([...PERMISSION_KEYS].sort());
  });

  it.each(cases)('$permission: FORBIDDEN without it ($without), changing nothing', async ({ without, query, variables }) => {
    const vars = await variables();
    const events = await server.stored().count(DomainEvent, {});
    expect(await outcome(query, vars, await keyOf(without))).toBe('FORBIDDEN');
    expect(await server.stored().count(DomainEvent, {})).toBe(events);
  });

  it.each(cases)('$permission: allowed to $holder', async ({ holder, query, variables, success }) => {
    expect(await outcome(query, await variables(), await keyOf(holder))).toBe(success);
  });

  it.each(['complaintEvents { id }', 'events { id }', 'complaintStatusChanged { to }', 'investigationUpdated { section }'])('event.read also gates the subscription %s', async (field) => {
    const client = server.wsClient(await keyOf(''));
    try {
      const errors = await new Promise((resolve) => {
        client.subscribe({ query: `subscription { ${field} }` }, { next: (r) => resolve(r.errors), error: resolve, complete: () => resolve(null) });
      });
      expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    } finally {
      await client.dispose();
    }
  });

  it('gives the caller its effective permissions in me.permissions', async () => {
    const mine = async (role: string) => (await gql(`{ me { permissions } }`, {}, await keyOf(role))).data!.me.permissions;
    expect(await mine('quality-manager')).toEqual(['complaint.create', 'complaint.update', 'complaint.confirmDefects', 'cost.write', 'shipment.write', 'stats.read', 'export.complaints', 'event.read', 'audit.verify']);
    expect(await mine('')).toEqual([]);
    expect(await mine('admin')).toEqual(PERMISSION_KEYS);
  });
});

describe('the organization template decides', () => {
  it('a published matrix changes who may: stats.read moves to agents, template.read is given to quality managers', async () => {
    const other = await server.createTenant('perm-override');
    const agent = await keyOf('customer-service-agent', other.tenantId);
    const engineer = await keyOf('quality-engineer', other.tenantId);
    const manager = await keyOf('quality-manager', other.tenantId);
    const stats = `{ r: complaintStats { __typename } }`;
    expect(await outcome(stats, {}, agent)).toBe('FORBIDDEN');
    expect(await outcome(`{ r: templates { key } }`, {}, manager)).toBe('FORBIDDEN');

    const asOther = { ...server, query: (doc: never, vars: never) => server.query(doc, vars, other.key) } as TestServer;
    await editAndPublish(asOther, 'ORGANIZATION', 'default', (org: Json) => {
      org.permissions['stats.read'] = ['customer-service-agent'];
      org.permissions['template.read'] = ['quality-manager'];
    });

    expect(await outcome(stats, {}, agent)).toBe('ComplaintStats');
    expect(await outcome(stats, {}, engineer)).toBe('FORBIDDEN');
    expect(await outcome(`{ r: templates { key } }`, {}, manager)).toBe('OK');
    // The default tenant keeps the shipped matrix.
    expect(await outcome(stats, {}, await keyOf('quality-engineer'))).toBe('ComplaintStats');
  });

  it('without a permissions property the catalog defaults apply', async () => {
    const other = await server.createTenant('perm-defaults');
    const asOther = { ...server, query: (doc: never, vars: never) => server.query(doc, vars, other.key) } as TestServer;
    await editAndPublish(asOther, 'ORGANIZATION', 'default', (org: Json) => {
      delete org.permissions;
    });
    expect(await outcome(`{ r: complaintStats { __typename } }`, {}, await keyOf('quality-engineer', other.tenantId))).toBe('ComplaintStats');
    expect(await outcome(`{ r: complaintStats { __typename } }`, {}, await keyOf('customer-service-agent', other.tenantId))).toBe('FORBIDDEN');
  });

  const invalid: Array<{ title: string; edit: (org: Json) => void; path: string; code: string }> = [
    { title: 'an unknown permission key', edit: (o) => void (o.permissions['stats.raed'] = ['quality-manager']), path: '/permissions/stats.raed', code: 'UNKNOWN_PERMISSION' },
    { title: 'an unknown role in the matrix', edit: (o) => void (o.permissions['stats.read'] = ['quality-manager', 'wizard']), path: '/permissions/stats.read/1', code: 'UNKNOWN_REFERENCE' },
    { title: 'a permission key of the wrong shape', edit: (o) => void (o.permissions['Stats/read'] = []), path: '/permissions', code: 'PATTERN' },
    { title: 'an unknown role that sees all', edit: (o) => void (o.visibility.seeAll.roles = ['ghost']), path: '/visibility/seeAll/roles/0', code: 'UNKNOWN_REFERENCE' },
    { title: 'an unknown level that sees all', edit: (o) => void (o.visibility.seeAll.minLevel = 'emperor'), path: '/visibility/seeAll/minLevel', code: 'UNKNOWN_REFERENCE' },
  ];

  it.each(invalid)('refuses to publish $title, with its path, and publishes nothing', async ({ edit, path, code }) => {
    const latest = (await gql(`{ template(kind: ORGANIZATION, key: "default") { content } }`, {})).data!.template.content as Json;
    const existing = (await gql(`{ templateDraft(kind: ORGANIZATION, key: "default") { version } }`, {})).data!.templateDraft;
    const draftVersion = existing?.version ?? (await draftEdit(server, 'ORGANIZATION', 'default', () => undefined));
    const content = structuredClone(latest);
    edit(content);
    const updated = await gql(
      `mutation($input: UpdateTemplateDraftInput!) { updateTemplateDraft(input: $input) { __typename ... on TemplateDraftInfo { version problems { path code severity } } } }`,
      { input: { kind: 'ORGANIZATION', key: 'default', version: draftVersion, content } },
    );
    const draft = updated.data!.updateTemplateDraft;
    expect(draft.problems).toContainEqual({ path, code, severity: 'ERROR' });
    const versions = await server.stored().count(TemplateVersion, { kind: 'organization' });
    const published = await gql(`mutation($input: PublishTemplateInput!) { publishTemplate(input: $input) { __typename ... on ErrorResult { code } } }`, {
      input: { kind: 'ORGANIZATION', key: 'default', draftVersion: draft.version },
    });
    expect(published.data!.publishTemplate).toEqual({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED' });
    expect(await server.stored().count(TemplateVersion, { kind: 'organization' })).toBe(versions);
  });
});
