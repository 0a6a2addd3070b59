import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notification } from '../../../src/notifications/notification.entity';
import { fromGlobalId, toGlobalId } from '../../../src/shared/graphql/global-id';
import { accessToken, PASSWORD } from '../../fixtures/auth';
import { productQualityData } from '../../fixtures/complaints';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

/**
 * Tenant isolation, proven for every operation: the operations come from introspection, so a new query,
 * mutation or subscription is covered without touching this file. Tenant A (the default tenant) gets one of
 * everything; tenant B's admin then runs every operation with A's ids (and A's template key) and must get
 * NOT_FOUND, null or nothing, never a byte of A's data, and A must not change.
 */
const MARK = 'ISOLATION-MARK-A-7c1e';
/** A complaint-type key only tenant A has (B has the shipped ones). */
const A_ONLY_KEY = 'isolation-only-in-a';

/**
 * Operations with no argument that names a tenant-owned record (no ID, no template key): they act on the
 * caller's own tenant by construction. They still run as B, and B's answer must hold nothing of A.
 * Reviewed: a new operation without a tenant-owned argument fails the test until it is listed here.
 */
const NO_TENANT_ARGUMENT: Record<string, string> = {
  'Query.apiKeys': "lists the caller's tenant's keys",
  'Query.calendarCoverage': "the caller's tenant's organization calendar",
  'Query.complaintStats': "aggregates the caller's tenant; filters are values, not ids",
  'Query.complaintTypes': "the caller's tenant's published types",
  'Query.complaints': 'lists the caller tenant; filters are values',
  'Query.costKinds': "the caller's tenant's organization template",
  'Query.exportTemplates': "the caller's tenant's templates",
  'Query.lessons': "searches the caller's tenant's closing evaluations; filters are values, not ids",
  'Query.me': 'the caller',
  'Query.myApprovals': "the caller's approvals",
  'Query.myNotifications': "the caller's notifications",
  'Query.pareto': "aggregates the caller's tenant",
  'Query.ppm': "aggregates the caller's tenant",
  'Query.signingKeys': 'deployment-wide key ids and dates, no secret and no tenant data; FORBIDDEN outside the default tenant',
  'Query.templates': "the caller's tenant's templates",
  'Query.templateUpdates': "the caller's tenant's templates against the deployment's shipped set",
  'Query.unreadNotificationCount': "the caller's notifications",
  'Query.users': "lists the caller's tenant's users",
  'Query.verifyAuditTrail': "the caller's tenant's chain",
  'Query.viewer': 'the caller',
  'Query.webhookEndpoints': "lists the caller's tenant's endpoints",
  'Mutation.changeMyPassword': "the caller's own password",
  'Mutation.createApiKey': "creates in the caller's tenant",
  'Mutation.createComplaint': "creates in the caller's tenant (idempotency keys per tenant: tenant-isolation.test.ts)",
  'Mutation.createUser': "creates in the caller's tenant",
  'Mutation.createTemplateDraft': "creates in the caller's tenant; its key names the new draft (keys are per tenant)",
  'Mutation.createWebhookEndpoint': "creates in the caller's tenant",
  'Mutation.importShipments': "writes the caller's tenant's shipments",
  'Mutation.importTemplates': "publishes into the caller's tenant",
  'Mutation.logout': "the caller's session",
  'Mutation.recordShipment': "writes the caller's tenant's shipments",
  'Mutation.requestExport': "exports the caller's tenant",
  'Mutation.rotateSigningKey': "deployment-wide signing key (FORBIDDEN outside the default tenant); its event goes to the caller's tenant",
  'Mutation.validateTemplate': 'stores nothing; checks against the caller tenant',
  'Query.tenants': "platform operators only: FORBIDDEN for any tenant's credential",
  'Mutation.createTenant': "platform operators only: FORBIDDEN for any tenant's credential",
  'Mutation.disableTenant': "platform operators only: FORBIDDEN for any tenant's credential",
  'Mutation.enableTenant': "platform operators only: FORBIDDEN for any tenant's credential",
  'Subscription.complaintStatusChanged': "the caller's tenant's complaints; filters are values",
};

/** Template-key arguments that name a record to create, not one to find. */
const NEW_KEY_OPERATIONS = new Set(['Mutation.createTemplateDraft']);

/** Optional input fields an operation needs to get as far as looking its record up (hand-written, reviewed). */
const HAND_INPUTS: Record<string, Record<string, unknown>> = {
  'Mutation.addCostItem': { input: { amount: '100' } },
};

/** Arguments whose value names a template of the tenant (not an ID, but tenant-owned all the same). */
const TEMPLATE_KEY_ARGS = new Set(['key']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Gql {
  data?: Record<string, Json> | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string } }>;
  status: number;
}

let server: TestServer;
let b: { tenantId: string; key: string };
let schema: GraphQLSchema;
const aIds = new Map<string, string[]>(); // type -> global ids of tenant A
const aVersions = new Map<string, number>();
let draftContent: Record<string, Json>;

async function gql(query: string, variables: Record<string, unknown> = {}, key = ADMIN_KEY): Promise<Gql> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as Gql), status: res.status };
}

/** Runs as A and fails on any error; collects every global id (and version) in the answer as A's. */
async function asA(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, Json>> {
  const result = await gql(query, variables);
  if (result.errors?.length || !result.data) throw new Error(`A: ${query}\n${JSON.stringify(result.errors)}`);
  collect(result.data);
  return result.data;
}

function collect(value: Json): void {
  if (Array.isArray(value)) return value.forEach(collect);
  if (value && typeof value === 'object') {
    if (typeof value.id === 'string' && typeof value.version === 'number') aVersions.set(value.id, value.version);
    return Object.values(value).forEach(collect);
  }
  if (typeof value !== 'string') return;
  const parsed = fromGlobalId(value);
  if (!parsed || !/^[0-9a-f-]{36}$/.test(parsed.localId)) return;
  const list = aIds.get(parsed.type) ?? [];
  if (!list.includes(value)) aIds.set(parsed.type, [...list, value]);
}

const allAIds = () => [...aIds.values()].flat();
/** A few of each type keep the run short while every type is tried in every ID position. */
const sampledAIds = () => [...aIds.values()].flatMap((ids) => ids.slice(0, 3));

// ---------------------------------------------------------------- operations built from the schema

const SELECTION_DEPTH = 3;

function selection(type: GraphQLOutputType, depth: number, clashing = new Set<string>(), owner = ''): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isAbstractType(named)) {
    // Members may share a field name with different types (Complaint.history vs Investigation.history): alias those.
    const types = new Map<string, Set<string>>();
    for (const t of schema.getPossibleTypes(named)) for (const f of Object.values(t.getFields())) types.set(f.name, (types.get(f.name) ?? new Set()).add(f.type.toString()));
    const clashing = new Set([...types].filter(([, set]) => set.size > 1).map(([name]) => name));
    const members = schema.getPossibleTypes(named).map((t) => `... on ${t.name} ${selection(t, depth, clashing, t.name) || '{ __typename }'}`);
    return `{ __typename ${members.join(' ')} }`;
  }
  if (!isObjectType(named)) return '';
  const fields = Object.values(named.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined));
  const parts = fields.flatMap((f) => {
    const name = clashing.has(f.name) ? `${owner}_${f.name}: ${f.name}` : f.name;
    const inner = getNamedType(f.type);
    if (isLeafType(inner)) return [name];
    if (depth <= 0) return [];
    const sub = selection(f.type, depth - 1);
    return sub ? [`${name} ${sub}`] : [];
  });
  return `{ __typename ${parts.join(' ')} }`;
}

interface Slot {
  /** Where the ID goes, as a path into the variables. */
  path: (string | number)[];
  name: string;
  kind: 'id' | 'key';
}

/** A value for an input type; records where tenant-owned values (IDs, template keys) were put. */
function fill(type: GraphQLInputType, name: string, path: (string | number)[], slots: Slot[], required: boolean): unknown {
  if (isNonNullType(type)) return fill(type.ofType, name, path, slots, true);
  if (isListType(type)) return [fill(type.ofType, name, [...path, 0], slots, true)];
  const named = getNamedType(type) as GraphQLNamedType;
  if (named.name === 'ID') {
    slots.push({ path, name, kind: 'id' });
    return 'placeholder';
  }
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      const isId = getNamedType(field.type).name === 'ID' || (field.name === 'key' && getNamedType(field.type).name === 'String');
      if (isNonNullType(field.type) && field.defaultValue === undefined) out[field.name] = fill(field.type, field.name, [...path, field.name], slots, true);
      else if (isId) out[field.name] = fill(field.type, field.name, [...path, field.name], slots, false);
    }
    return out;
  }
  if (isEnumType(named)) {
    if (named.name === 'TemplateKind') return 'COMPLAINT_TYPE';
    return named.getValues()[0].value;
  }
  if (!required && named.name !== 'String') return undefined;
  switch (named.name) {
    case 'String':
      if (TEMPLATE_KEY_ARGS.has(name)) {
        slots.push({ path, name, kind: 'key' });
        return A_ONLY_KEY;
      }
      return STRING_VALUES[name] ?? 'isolation check by tenant B';
    case 'Int':
      return name === 'first' ? 10 : 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'JSONObject':
    case 'JSON':
      return JSON_VALUES[name]?.() ?? {};
    case 'DateTimeISO':
      return new Date().toISOString();
    default:
      throw new Error(`no value for scalar ${named.name} (${name}): teach fill() how to build it`);
  }
}

const STRING_VALUES: Record<string, string> = {
  password: 'another correct horse battery staple',
  newPassword: 'another correct horse battery staple',
  currentPassword: PASSWORD,
  category: 'manufacturing-defect',
  channel: 'email',
  // A shipped message B has too: a complaint lookup that leaked would render A's data.
  messageKey: 'acknowledgement',
  kind: 'sorting',
  period: '2026-11',
  product: 'BRK-2041',
  username: 'intruder.b',
  url: 'http://127.0.0.1:9/hook',
  csv: 'product,period,quantity\nBRK-2041,2026-11,10\n',
  type: 'repair',
  decision: 'APPROVE',
};
const JSON_VALUES: Record<string, () => unknown> = {
  data: () => productQualityData(),
  content: () => draftContent,
};

function setAt(target: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let cursor = target as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) cursor = cursor[step] as Record<string | number, unknown>;
  cursor[path[path.length - 1]] = value;
}

/** The version the record named by `id` has in A, put beside it (an input with `id` and `version`). */
function alignVersions(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(alignVersions);
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  if (typeof obj.id === 'string' && 'version' in obj) obj.version = aVersions.get(obj.id) ?? 1;
  Object.values(obj).forEach(alignVersions);
}

interface Case {
  operation: string;
  query: string;
  variables: Record<string, unknown>;
  tenantOwned: boolean;
}

/** Every way of filling the operation: each tenant-owned slot takes each of A's ids in turn. */
function cases(kind: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>, { hintedOnly = false } = {}): Case[] {
  const operation = `${kind === 'query' ? 'Query' : kind === 'mutation' ? 'Mutation' : 'Subscription'}.${field.name}`;
  const found: Slot[] = [];
  const base: Record<string, unknown> = {};
  const used: GraphQLArgument[] = [];
  for (const arg of field.args) {
    const isOwned = getNamedType(arg.type).name === 'ID' || isInputObjectType(getNamedType(arg.type)) || (TEMPLATE_KEY_ARGS.has(arg.name) && getNamedType(arg.type).name === 'String');
    if (!isNonNullType(arg.type) && !isOwned) continue;
    const value = fill(arg.type, arg.name, [arg.name], found, isNonNullType(arg.type));
    if (value === undefined) continue;
    base[arg.name] = value;
    used.push(arg);
  }
  const slots = found.filter((slot) => !(slot.kind === 'key' && NEW_KEY_OPERATIONS.has(operation)));
  for (const [arg, extra] of Object.entries(HAND_INPUTS[operation] ?? {})) base[arg] = { ...(base[arg] as object), ...(extra as object) };
  const defs = used.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const call = used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const query = `${kind} Isolation${defs ? `(${defs})` : ''} { ${field.name}${call} ${selection(field.type, SELECTION_DEPTH)} }`;
  if (!slots.length) return [{ operation, query, variables: base, tenantOwned: false }];
  const variants: Record<string, unknown>[] = [];
  const ids = sampledAIds();
  const idSlots = slots.filter((s) => s.kind === 'id');
  const firstOfHint = (slot: Slot) => {
    const hinted = [...aIds.keys()].find((type) => slot.name.toLowerCase().startsWith(type.toLowerCase()) || `${field.name}`.toLowerCase().includes(type.toLowerCase()));
    return (hinted && aIds.get(hinted)![0]) || ids[0];
  };
  for (const slot of idSlots.length && !hintedOnly ? idSlots : [null]) {
    for (const id of slot ? ids : [null]) {
      const vars = structuredClone(base);
      for (const other of idSlots) setAt(vars, other.path, other === slot ? id : firstOfHint(other));
      alignVersions(vars);
      variants.push(vars);
    }
  }
  return variants.map((variables) => ({ operation, query, variables, tenantOwned: true }));
}

function rootFields(kind: 'query' | 'mutation' | 'subscription'): GraphQLField<unknown, unknown>[] {
  const root = kind === 'query' ? schema.getQueryType() : kind === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return Object.values(root?.getFields() ?? {});
}

/** NOT_FOUND (thrown or as a result member), null, nothing: the shapes of "no such record for you". */
function isNothing(value: Json): boolean {
  if (value === null || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    if (value.code === 'NOT_FOUND') return true;
    if (Array.isArray(value.edges)) return value.edges.length === 0;
    if (Array.isArray(value.items)) return value.items.length === 0;
  }
  return false;
}

/** Everything in a response that belongs to A (its ids, its marker text, its only template key), beyond what the request itself named. */
function leaksOf(body: unknown, request: unknown = {}): string[] {
  const text = JSON.stringify(body);
  const asked = JSON.stringify(request);
  return [MARK, A_ONLY_KEY, ...allAIds()].filter((s) => text.includes(s) && (s === MARK || !asked.includes(s)));
}

// ---------------------------------------------------------------- tenant A: one of everything

/** A rejected (closed) complaint with a responsibility decision, its consequences (read by a viewer) and a closing evaluation. */
async function populateAccountability(userId: string, qualityManagerKey: string, viewerToken: string): Promise<void> {
  const transition = `... on Complaint { id version status } ... on ErrorResult { code message }`;
  const created = await asA(`mutation($input: CreateComplaintInput!) { r: createComplaint(input: $input) { ${transition} } }`, {
    input: { typeKey: 'product-quality', data: productQualityData({ description: `${MARK} 不成立`, customer: { organization: `${MARK} customer`, contactName: '李工' } }) },
  });
  let c = created.r as { id: string; version: number; status: string };
  c = (await asA(`mutation($input: ComplaintStepInput!) { r: startReview(input: $input) { ${transition} } }`, { input: { id: c.id, version: c.version } })).r as typeof c;
  c = (await asA(`mutation($input: RejectComplaintInput!) { r: rejectComplaint(input: $input) { ${transition} } }`, { input: { id: c.id, version: c.version, reasonCode: 'within-specification', comment: MARK } })).r as typeof c;
  expect(c.status).toBe('REJECTED');
  const decided = await gql(
    `mutation($input: DecideResponsibilityInput!) { r: decideResponsibility(input: $input) { __typename ... on ResponsibilityDecision { id version } ... on ErrorResult { code message } } }`,
    { input: { complaintId: c.id, evidence: MARK, parties: [{ department: 'quality', people: [userId], kind: 'DIRECT', share: '100' }] } },
    qualityManagerKey,
  );
  expect(decided.data?.r).toMatchObject({ __typename: 'ResponsibilityDecision' });
  collect(decided.data!);
  const viewed = await gql(`query($id: ID!) { complaint(id: $id) { responsibility { id consequences { id version } } } }`, { id: c.id }, viewerToken);
  expect((viewed.data?.complaint as { responsibility: { consequences: unknown[] } }).responsibility.consequences.length).toBeGreaterThan(0);
  collect(viewed.data!);
  const evaluation = await asA(`mutation($input: RecordClosingEvaluationInput!) { r: recordClosingEvaluation(input: $input) { __typename ... on ClosingEvaluation { id } ... on ErrorResult { code message } } }`, {
    input: { subjectId: c.id, wentWell: MARK, wentWrong: MARK, lessonsLearned: `${MARK} lesson`, prevention: [{ kind: 'process', action: MARK }], trainingExample: true },
  });
  expect(evaluation.r).toMatchObject({ __typename: 'ClosingEvaluation' });
}

async function populateA(): Promise<void> {
  const transition = `... on Complaint { id version status } ... on ErrorResult { code message }`;
  const created = await asA(`mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { ... on Complaint { id version number } ... on ErrorResult { code message } } }`, {
    input: { typeKey: 'product-quality', data: productQualityData({ description: `${MARK} 孔位偏移`, customer: { organization: `${MARK} customer`, contactName: '王工' } }) },
  });
  let complaint = created.createComplaint as { id: string; version: number };
  if (!complaint.id) throw new Error(JSON.stringify(created));
  const step = async (mutation: string, inputType: string, extra: Record<string, unknown>) => {
    const data = await asA(`mutation($input: ${inputType}!) { r: ${mutation}(input: $input) { ${transition} } }`, { input: { id: complaint.id, version: complaint.version, ...extra } });
    const r = data.r as { id?: string; version: number; code?: string };
    if (!r.id) throw new Error(`${mutation}: ${JSON.stringify(r)}`);
    complaint = r as { id: string; version: number };
  };
  await step('startReview', 'ComplaintStepInput', {});
  await step('acceptComplaint', 'AcceptComplaintInput', { category: 'manufacturing-defect', comment: MARK });
  await step('addContainmentAction', 'AddContainmentActionInput', { description: `${MARK} quarantine` });
  await step('proposeRemedy', 'ProposeRemedyInput', { type: 'compensation', amount: 15000, currency: 'CNY', description: MARK });
  await step('submitRemedy', 'ComplaintStepInput', {});

  const opened = await asA(`mutation($input: OpenInvestigationInput!) { openInvestigation(input: $input) { ... on Investigation { id version sections { key version } } ... on ErrorResult { code message } } }`, {
    input: { title: `${MARK} 8D`, complaintIds: [complaint.id], templateKey: '8d' },
  });
  const investigation = opened.openInvestigation as { id: string; sections: { key: string; version: number }[] };
  if (!investigation.id) throw new Error(JSON.stringify(opened));
  await asA(`mutation($input: SaveSectionDraftInput!) { saveSectionDraft(input: $input) { __typename ... on InvestigationSection { key version } ... on ErrorResult { code message } } }`, {
    input: { investigationId: investigation.id, section: investigation.sections[0].key, version: investigation.sections[0].version, data: { note: MARK } },
  });

  const cost = await asA(`mutation($input: AddCostItemInput!) { addCostItem(input: $input) { __typename ... on CostItem { id } ... on ErrorResult { code message } } }`, {
    input: { subjectId: complaint.id, kind: 'sorting', amount: '1200', description: MARK },
  });
  expect(cost.addCostItem).toMatchObject({ __typename: 'CostItem' });
  const message = await asA(`mutation($input: SendCustomerMessageInput!) { sendCustomerMessage(input: $input) { __typename ... on CustomerMessage { id complaintId } ... on ErrorResult { code message } } }`, {
    input: { complaintId: complaint.id, messageKey: 'remedy-offer', locale: 'EN', channel: 'LETTER', recipient: MARK },
  });
  expect(message.sendCustomerMessage).toMatchObject({ __typename: 'CustomerMessage' });
  await asA(`mutation($input: AddCostItemInput!) { addCostItem(input: $input) { __typename ... on CostItem { id } } }`, { input: { subjectId: investigation.id, kind: 'sorting', amount: '10', description: MARK } });

  const endpoint = await asA(`mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename ... on WebhookEndpointWithSecret { endpoint { id version } } ... on ErrorResult { code message } } }`, {
    input: { url: 'http://127.0.0.1:9/a-hook', description: MARK, enabled: false },
  });
  expect(endpoint.createWebhookEndpoint).toMatchObject({ __typename: 'WebhookEndpointWithSecret' });
  const user = await asA(`mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on User { id } ... on ErrorResult { code message } } }`, {
    input: { username: 'isolation.a', displayName: MARK, password: PASSWORD, roles: ['quality-engineer'] },
  });
  expect(user.createUser).toMatchObject({ __typename: 'User' });
  const key = await asA(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on ApiKeyWithSecret { key apiKey { id } } ... on ErrorResult { code message } } }`, {
    input: { name: MARK, roles: ['quality-manager'] },
  });
  expect(key.createApiKey).toMatchObject({ __typename: 'ApiKeyWithSecret' });
  // A signed approval (plant-manager step, above CNY 10,000): the department head's step by the admin, then a user of A signs.
  await step('decideApproval', 'DecideApprovalInput', { decision: 'APPROVE' });
  await asA(`mutation($input: CreateUserInput!) { createUser(input: $input) { __typename } }`, { input: { username: 'isolation.signer', displayName: MARK, password: PASSWORD, roles: ['plant-manager'] } });
  const signer = await accessToken(server, 'isolation.signer');
  const signed = await gql(`mutation($input: DecideApprovalInput!) { r: decideApproval(input: $input) { ... on Complaint { id version signatures { id } } ... on ErrorResult { code message } } }`, { input: { id: complaint.id, version: complaint.version, decision: 'APPROVE', comment: MARK, signature: { password: PASSWORD, meaning: 'approved' } } }, signer);
  expect(signed.data?.r).toMatchObject({ signatures: [{ id: expect.any(String) }] });
  collect(signed.data!);
  complaint = signed.data!.r as { id: string; version: number };
  await populateAccountability((user.createUser as { id: string }).id, (key.createApiKey as { key: string }).key, signer);
  await asA(`mutation { recordShipment(input: { product: "BRK-2041", period: "2026-11", quantity: 1000, customer: "${MARK}" }) { __typename } }`);
  await asA(`mutation { requestExport(input: { kind: COMPLAINTS, format: CSV }) { __typename } }`);

  // A draft of a complaint type only A has, with the marker in it.
  const exported = await asA(`query { template(kind: COMPLAINT_TYPE, key: "product-quality") { content } }`);
  draftContent = { ...((exported.template as { content: Record<string, Json> }).content), key: A_ONLY_KEY, title: { 'zh-CN': MARK, en: MARK } };
  const draft = await asA(`mutation($input: CreateTemplateDraftInput!) { createTemplateDraft(input: $input) { __typename ... on ErrorResult { code message } } }`, {
    input: { kind: 'COMPLAINT_TYPE', key: A_ONLY_KEY, content: draftContent },
  });
  expect(draft.createTemplateDraft).toMatchObject({ __typename: 'TemplateDraftInfo' });
  // Published (so A's own template queries reach it), then drafted again (so its draft queries do).
  const published = await asA(`mutation { publishTemplate(input: { kind: COMPLAINT_TYPE, key: "${A_ONLY_KEY}", draftVersion: 1 }) { __typename ... on ErrorResult { code message } } }`);
  expect(published.publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo' });
  const redraft = await asA(`mutation($input: CreateTemplateDraftInput!) { createTemplateDraft(input: $input) { __typename ... on ErrorResult { code message } } }`, {
    input: { kind: 'COMPLAINT_TYPE', key: A_ONLY_KEY, content: { ...draftContent, description: { 'zh-CN': MARK, en: MARK } } },
  });
  expect(redraft.createTemplateDraft).toMatchObject({ __typename: 'TemplateDraftInfo' });

  // A second complaint on the same part and category, not linked: the investigation is a suggestion for it.
  const second = await asA(`mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { ... on Complaint { id version } } }`, { input: { typeKey: 'product-quality', data: productQualityData({ description: MARK }) } });
  complaint = second.createComplaint as { id: string; version: number };
  await step('startReview', 'ComplaintStepInput', {});
  await step('acceptComplaint', 'AcceptComplaintInput', { category: 'manufacturing-defect' });

  // An in-app notification for A's admin (a person of A would get one from an escalation or a disabled webhook).
  const em = server.stored();
  const notification = em.create(Notification, {
    tenantId: server.tenantId,
    recipientId: 'api-key:isolation-a',
    kind: 'isolation',
    subjectType: 'complaint',
    subjectId: fromGlobalId(complaint.id)!.localId,
    subjectNumber: null,
    title: { 'zh-CN': MARK, en: MARK },
    data: { mark: MARK },
    createdAt: new Date(),
  });
  await em.flush();
  collect(toGlobalId('Notification', notification.id));

  await snapshotA(); // collects the ids of everything above, events included
}

/** What must not change in A whatever B does. */
async function snapshotA(): Promise<unknown> {
  const data = await asA(`query {
    verifyAuditTrail { checked headHash headSequence intact }
    complaints(first: 100) { totalCount edges { node { id version status messages { id subject } } } }
    investigations(first: 100) { totalCount edges { node { id version status sections { key version status } } } }
    webhookEndpoints { id version url enabled description }
    users { id displayName disabledAt roles }
    apiKeys { id name revokedAt roles }
    templates { key kind latestVersion hasDraft }
    events(first: 100) { edges { node { id subjectId } } }
  }`);
  const notifications = await server.stored().find(Notification, {}, { orderBy: { createdAt: 'asc' } });
  const { events: _events, ...rest } = data;
  return { ...rest, notifications: notifications.map((n) => ({ id: n.id, readAt: n.readAt })) };
}

beforeAll(async () => {
  server = await startTestServer({ GRAPHQL_MAX_COST: '10000000', GRAPHQL_MAX_DEPTH: '100', GRAPHQL_MAX_TOKENS: '1000000', GRAPHQL_MAX_ALIASES: '10000', EVENT_POLL_MS: '50', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  b = await server.createTenant('intruder-b');
  const introspection = await gql(getIntrospectionQuery(), {}, b.key);
  schema = buildClientSchema(introspection.data as unknown as IntrospectionQuery);
  await populateA();
}, 120_000);
afterAll(() => server?.stop());

describe('tenant isolation matrix (every operation, from introspection)', () => {
  it('has tenant A populated with one of everything that has an id', () => {
    for (const type of ['Complaint', 'Investigation', 'CostItem', 'WebhookEndpoint', 'User', 'ApiKey', 'Event', 'Notification', 'CustomerMessage', 'Signature', 'ResponsibilityDecision', 'Consequence', 'ClosingEvaluation']) {
      expect(aIds.get(type)?.length, type).toBeGreaterThan(0);
    }
  });

  it('reviews every operation without a tenant-owned argument, and lists none that has one', () => {
    const unowned = (['query', 'mutation', 'subscription'] as const).flatMap((kind) => rootFields(kind).flatMap((f) => cases(kind, f).filter((c) => !c.tenantOwned).map((c) => c.operation)));
    expect([...new Set(unowned)].sort()).toEqual(Object.keys(NO_TENANT_ARGUMENT).sort());
  });

  it("reaches A's records with A's own credentials on every tenant-owned query (else the matrix would prove nothing)", async () => {
    const unreached: string[] = [];
    for (const field of rootFields('query')) {
      const owned = cases('query', field).filter((c) => c.tenantOwned);
      if (!owned.length) continue;
      let reached = false;
      for (const c of owned) {
        const result = await gql(c.query, c.variables);
        if (!result.errors?.length && !isNothing(result.data?.[field.name] ?? null)) reached = true;
        if (reached) break;
      }
      if (!reached) unreached.push(owned[0].operation);
    }
    expect(unreached).toEqual([]);
  }, 300_000);

  it("runs every query and mutation as B's admin with A's ids: NOT_FOUND or nothing, never A's data, and A unchanged", async () => {
    const before = await snapshotA();
    const failures: string[] = [];
    let runs = 0;
    const operations = new Set<string>();
    for (const kind of ['query', 'mutation'] as const) {
      for (const field of rootFields(kind)) {
        for (const c of cases(kind, field)) {
          operations.add(c.operation);
          runs++;
          const result = await gql(c.query, c.variables, b.key);
          const where = `${c.operation} ${JSON.stringify(c.variables).slice(0, 300)}\n→ ${JSON.stringify(result).slice(0, 600)}`;
          if (result.status >= 500) failures.push(`5xx: ${where}`);
          const leaks = leaksOf(result, c.variables);
          if (leaks.length) failures.push(`LEAK ${leaks.join(',')}: ${where}`);
          if (!c.tenantOwned) continue;
          const value = result.data?.[field.name] ?? null;
          const notFound = result.errors?.length ? result.errors.every((e) => e.extensions?.code === 'NOT_FOUND') : isNothing(value);
          if (!notFound) failures.push(`not NOT_FOUND: ${where}`);
        }
      }
    }
    expect(operations.size).toBe(rootFields('query').length + rootFields('mutation').length);
    console.info(`isolation matrix: ${operations.size} queries and mutations, ${runs} requests as tenant B`);
    expect(failures).toEqual([]);
    expect(await snapshotA()).toEqual(before);
  }, 600_000);

  it("serves A's investigation report (PDF and JSON, the paths A's API gives) to A and NOT_FOUND to B", async () => {
    const id = aIds.get('Investigation')![0];
    const { investigation } = (await asA(`query($id: ID!) { investigation(id: $id) { reportPdfPath } }`, { id })) as { investigation: { reportPdfPath: string } };
    for (const path of [investigation.reportPdfPath, investigation.reportPdfPath.replace(/\.pdf$/, '.json')]) {
      const url = new URL(path, server.url);
      const own = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(own.status, path).toBe(200);
      const theirs = await fetch(url, { headers: { authorization: `Bearer ${b.key}` } });
      const body = await theirs.text();
      expect(theirs.status, path).toBe(404);
      expect(leaksOf(body, path)).toEqual([]);
    }
  });

  it("streams nothing of A to B's subscriptions, with or without A's ids in the filters", async () => {
    const fields = rootFields('subscription');
    expect(fields.length).toBeGreaterThan(0);
    const client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${b.key}` }, retryAttempts: 0 });
    const control = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${ADMIN_KEY}` }, retryAttempts: 0 });
    const received: string[] = [];
    const seenByA = new Set<string>();
    const stops: Array<() => void> = [];
    const subscribed: unknown[] = [];
    // Each subscription is started by the server or refused (B named A's ids) before A changes anything.
    const startedBefore = server.subscriptions.started();
    let refused = 0;
    for (const field of fields) {
      const [owned] = cases('subscription', field, { hintedOnly: true });
      const bare = `subscription { ${field.name} ${selection(field.type, SELECTION_DEPTH)} }`;
      subscribed.push(owned.variables);
      for (const { query, variables } of [{ query: bare, variables: {} }, owned]) {
        stops.push(
          client.subscribe(
            { query, variables },
            {
              next: (r) => {
                if (r.errors) refused++;
                received.push(`${field.name}: ${JSON.stringify(r)}`);
              },
              error: (e) => {
                refused++;
                received.push(`${field.name} error: ${JSON.stringify(e)}`);
              },
              complete: () => undefined,
            },
          ),
        );
      }
      stops.push(control.subscribe({ query: bare }, { next: () => seenByA.add(field.name), error: () => undefined, complete: () => undefined }));
    }
    const settled = Date.now() + 60_000;
    while (server.subscriptions.started() - startedBefore + refused < fields.length * 3 && Date.now() < settled) await new Promise((r) => setTimeout(r, 20));
    // Events in A: a new complaint, a change of the old one, an investigation section draft.
    const complaintId = aIds.get('Complaint')![0];
    const investigationId = aIds.get('Investigation')![0];
    await asA(`mutation($input: CreateComplaintInput!) { createComplaint(input: $input) { __typename } }`, { input: { typeKey: 'product-quality', data: productQualityData({ description: MARK }) } });
    await asA(`mutation($input: AssignComplaintInput!) { assignComplaint(input: $input) { __typename } }`, { input: { id: complaintId, version: aVersions.get(complaintId), ownerId: ((await gql('{ me { id } }')).data as { me: { id: string } }).me.id, reason: MARK } });
    const { investigation } = (await asA(`query($id: ID!) { investigation(id: $id) { sections { key version } } }`, { id: investigationId })) as { investigation: { sections: { key: string; version: number }[] } };
    await asA(`mutation($input: SaveSectionDraftInput!) { saveSectionDraft(input: $input) { __typename } }`, {
      input: { investigationId, section: investigation.sections[0].key, version: investigation.sections[0].version, data: { note: `${MARK} 2` } },
    });
    const deadline = Date.now() + 60_000;
    while (seenByA.size < fields.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect([...seenByA].sort(), 'A sees its own events on every subscription').toEqual(fields.map((f) => f.name).sort());
    await new Promise((r) => setTimeout(r, 500));
    stops.forEach((stop) => stop());
    await Promise.all([client.dispose(), control.dispose()]);
    // B may be refused for naming A's ids (NOT_FOUND); it may never receive an item.
    const items = received.filter((r) => !/^\w+ error: |^\w+: \{"errors"/.test(r));
    expect(items).toEqual([]);
    expect(received.flatMap((r) => leaksOf(r, subscribed))).toEqual([]);
  }, 60_000);
});
