import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptComplaintDocument,
  ComplaintInvestigationsDocument,
  CreateComplaintDocument,
  CreateTemplateDraftDocument,
  InvestigationReportDocument,
  StartReviewDocument,
  TemplateDraftDocument,
} from '../../__generated__/graphql';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { InvestigationSection } from '../../../src/investigations/investigation.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { jsonDepth } from '../../../src/shared/json-input';
import { login } from '../../fixtures/auth';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

type Body = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: string[]; extensions: Record<string, unknown> }> };

/** `{"x":[[…[1]…]]}`: `n` levels in all, as text (JSON.stringify itself overflows past a few thousand). */
const nested = (n: number) => `{"x":${'['.repeat(n - 1)}1${']'.repeat(n - 1)}}`;
/** `{"a":{"a":…{"a":1}…}}`: `n` levels of objects. */
const nestedObjects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
/** Variables as JSON text, with `"$DEEP"` standing for a JSON text spliced in unparsed. */
const variables = (value: unknown, deep = '') => JSON.stringify(value).replace('"$DEEP"', deep);

const MUTATIONS = {
  updateTemplateDraft: 'mutation M($input: UpdateTemplateDraftInput!) { updateTemplateDraft(input: $input) { __typename } }',
  createTemplateDraft: 'mutation M($input: CreateTemplateDraftInput!) { createTemplateDraft(input: $input) { __typename } }',
  validateTemplate: 'mutation M($input: ValidateTemplateInput!) { validateTemplate(input: $input) { valid } }',
  saveSectionDraft: 'mutation M($input: SaveSectionDraftInput!) { saveSectionDraft(input: $input) { __typename ... on InvestigationSection { version } } }',
  createComplaint: 'mutation M($input: CreateComplaintInput!) { createComplaint(input: $input) { __typename } }',
  importTemplates: 'mutation M($bundle: JSONObject!) { importTemplates(bundle: $bundle) { __typename } }',
};

let server: TestServer;
let investigationId: string;
let reportPdfPath: string;
let draftVersion: number;

/** A product-quality complaint accepted as major (its rules open an 8D), and a draft of the organization template. */
beforeAll(async () => {
  server = await startTestServer();
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  const reviewed = await server.query(StartReviewDocument, { input: { id: createComplaint.id, version: createComplaint.version } });
  if (reviewed.startReview.__typename !== 'Complaint') throw new Error(reviewed.startReview.__typename);
  const accepted = await server.query(AcceptComplaintDocument, { input: { id: createComplaint.id, version: reviewed.startReview.version, category: 'material', severity: 'major', severityReason: 'line stop at the customer' } });
  if (accepted.acceptComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(accepted.acceptComplaint));
  const [opened] = (await server.query(ComplaintInvestigationsDocument, { id: createComplaint.id })).complaint.investigations;
  investigationId = opened.id;
  reportPdfPath = (await server.query(InvestigationReportDocument, { id: investigationId })).investigation.reportPdfPath;
  const { createTemplateDraft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'ORGANIZATION', key: 'default' } });
  if (createTemplateDraft.__typename !== 'TemplateDraftInfo') throw new Error(createTemplateDraft.__typename);
  draftVersion = createTemplateDraft.version;
});
afterAll(() => server?.stop());

const post = async (body: string | Buffer, path = server.url) => {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` }, body });
  return { status: res.status, body: (await res.json()) as Body };
};
const send = (query: string, variablesJson: string) => post(`{"query":${JSON.stringify(query)},"variables":${variablesJson}}`);

const section = () => server.stored().findOneOrFail(InvestigationSection, { investigationId: localUuid(investigationId, 'Investigation')!, key: 'D0' });

/** What a refused input must leave as it was: complaints, events, the template draft, the D0 section. */
async function snapshot() {
  const em = server.stored();
  const d0 = await section();
  const { templateDraft } = await server.query(TemplateDraftDocument, { kind: 'ORGANIZATION', key: 'default' });
  return {
    complaints: await em.count(Complaint, {}),
    events: await em.count(DomainEvent, {}),
    templateDraft: { version: templateDraft?.version, content: templateDraft?.content },
    section: { version: d0.version, draft: d0.draft },
  };
}

const sectionInput = (data: unknown, extra: Record<string, unknown> = {}) => ({ input: { investigationId, section: 'D0', version: 1, data, ...extra } });

describe('JSON inputs deeper than GRAPHQL_MAX_JSON_DEPTH (64) are refused before any resolver runs', () => {
  it.each([
    { title: 'a template draft 4,150 levels deep (updateTemplateDraft)', field: 'updateTemplateDraft', vars: () => variables({ input: { kind: 'ORGANIZATION', key: 'default', version: draftVersion, content: '$DEEP' } }, nested(4150)), path: 'input/content' },
    { title: 'a new template draft 4,150 levels deep (createTemplateDraft)', field: 'createTemplateDraft', vars: () => variables({ input: { kind: 'INVESTIGATION', key: 'deep', content: '$DEEP' } }, nested(4150)), path: 'input/content' },
    { title: 'validateTemplate 10,000 levels deep', field: 'validateTemplate', vars: () => variables({ input: { kind: 'ORGANIZATION', content: '$DEEP' } }, nested(10_000)), path: 'input/content' },
    { title: 'saveSectionDraft 5,000 levels deep', field: 'saveSectionDraft', vars: () => variables(sectionInput('$DEEP'), nested(5000)), path: 'input/data' },
    { title: 'saveSectionDraft 3,000 levels deep (accepted before, then broke the report)', field: 'saveSectionDraft', vars: () => variables(sectionInput('$DEEP'), nested(3000)), path: 'input/data' },
    { title: 'saveSectionDraft one level over the limit', field: 'saveSectionDraft', vars: () => variables(sectionInput('$DEEP'), nested(65)), path: 'input/data' },
    { title: 'complaint data one level over the limit', field: 'createComplaint', vars: () => variables({ input: { typeKey: 'product-quality', data: '$DEEP' } }, nestedObjects(65)), path: 'input/data' },
    { title: 'an importTemplates bundle (a JSON argument)', field: 'importTemplates', vars: () => variables({ bundle: '$DEEP' }, nestedObjects(65)), path: 'bundle' },
  ])('$title: 400 BAD_USER_INPUT JSON_TOO_DEEP at $path, nothing stored', async ({ field, vars, path }) => {
    const before = await snapshot();
    const refused = await send(MUTATIONS[field as keyof typeof MUTATIONS], vars());
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      errors: [{ message: `${path} is nested more than 64 levels deep`, path: [field], extensions: { code: 'BAD_USER_INPUT', reason: 'JSON_TOO_DEEP', argumentName: path.split('/')[0], path } }],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('admits exactly 64 levels: the draft is saved as sent', async () => {
    const saved = await send(MUTATIONS.saveSectionDraft, variables(sectionInput('$DEEP'), nested(64)));
    expect(saved.body.errors).toBeUndefined();
    expect(saved.body.data).toEqual({ saveSectionDraft: { __typename: 'InvestigationSection', version: 2 } });
    const d0 = await section();
    expect(jsonDepth(d0.draft)).toBe(64);
    expect(d0.draft).toEqual(JSON.parse(nested(64)));
  });

  it('refuses the same over graphql-ws', async () => {
    const client = server.wsClient();
    const answer = await new Promise<{ errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>((resolve) => {
      let result = {};
      client.subscribe(
        { query: MUTATIONS.validateTemplate, variables: { input: { kind: 'ORGANIZATION', content: JSON.parse(nested(65)) } } },
        { next: (value) => (result = value), error: (errors) => resolve({ errors: errors as never }), complete: () => resolve(result) },
      );
    });
    expect(answer.errors).toMatchObject([{ message: 'input/content is nested more than 64 levels deep', extensions: { code: 'BAD_USER_INPUT', reason: 'JSON_TOO_DEEP', argumentName: 'input', path: 'input/content' } }]);
  });
});

describe('strings with NUL or an unpaired surrogate: one typed error on SQLite and PostgreSQL, nothing stored', () => {
  it.each([
    { title: 'NUL in complaint data', field: 'createComplaint', vars: () => ({ input: createInput({ data: productQualityData({ description: 'hole\u0000offset' }) }) }), path: 'input/data/description' },
    { title: 'a lone surrogate in complaint data', field: 'createComplaint', vars: () => ({ input: createInput({ data: productQualityData({ description: 'hole \ud800 offset' }) }) }), path: 'input/data/description' },
    { title: 'a lone low surrogate in a list item', field: 'createComplaint', vars: () => ({ input: createInput({ data: productQualityData({ lotNumbers: ['L1', '\udc00'] }) }) }), path: 'input/data/lotNumbers/1' },
    { title: 'NUL in a key of complaint data', field: 'createComplaint', vars: () => ({ input: createInput({ data: productQualityData({ customer: { 'organization\u0000': 'x' } }) }) }), path: 'input/data/customer' },
    { title: 'NUL in a template draft', field: 'updateTemplateDraft', vars: () => ({ input: { kind: 'ORGANIZATION', key: 'default', version: draftVersion, content: { kind: 'organization', title: { 'zh-CN': '工厂', en: 'Plant\u0000' } } } }), path: 'input/content/title/en' },
    { title: 'a lone surrogate in a template draft', field: 'updateTemplateDraft', vars: () => ({ input: { kind: 'ORGANIZATION', key: 'default', version: draftVersion, content: { kind: 'organization', title: { 'zh-CN': '\ud800', en: 'Plant' } } } }), path: 'input/content/title/zh-CN' },
    { title: 'NUL in a String argument', field: 'saveSectionDraft', vars: () => sectionInput({}, { section: 'D0\u0000' }), path: 'input/section' },
    { title: 'a lone surrogate in an idempotency key', field: 'createComplaint', vars: () => ({ input: createInput({ idempotencyKey: 'k-\udbff' }) }), path: 'input/idempotencyKey' },
  ])('$title: 400 BAD_USER_INPUT INVALID_STRING at $path', async ({ field, vars, path }) => {
    const before = await snapshot();
    const refused = await send(MUTATIONS[field as keyof typeof MUTATIONS], JSON.stringify(vars()));
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      errors: [{ message: `${path} contains a NUL character or an unpaired UTF-16 surrogate`, path: [field], extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_STRING', argumentName: path.split('/')[0], path } }],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a string literal in the document the same way', async () => {
    const refused = await post(JSON.stringify({ query: 'mutation { createComplaint(input: { typeKey: "product-quality\\u0000", data: {} }) { __typename } }' }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_STRING', argumentName: 'input', path: 'input/typeKey' } }]);
  });

  it('stores surrogate pairs (emoji) and Chinese text as sent', async () => {
    const description = '孔位偏移 😀 hole offset';
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ description }) }) });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    expect((createComplaint.data as { description: string }).description).toBe(description);
  });
});

describe('a request body that is not UTF-8: HTTP 400, nothing stored', () => {
  const withBytes = (bytes: number[]) => {
    const [head, tail] = JSON.stringify({ query: MUTATIONS.createComplaint, variables: { input: createInput({ data: productQualityData({ description: 'BYTES' }) }) } }).split('BYTES');
    return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
  };

  it.each([
    { title: '0xC3 0x28 (a broken two-byte sequence)', bytes: [0xc3, 0x28] },
    { title: 'a surrogate encoded in UTF-8 (CESU-8)', bytes: [0xed, 0xa0, 0x80] },
    { title: 'a lone continuation byte', bytes: [0x80] },
  ])('$title', async ({ bytes }) => {
    const before = await snapshot();
    const refused = await post(withBytes(bytes));
    expect(refused).toEqual({ status: 400, body: { errors: [{ message: 'Request body is not valid UTF-8', extensions: { code: 'BAD_REQUEST' } }] } });
    expect(await snapshot()).toEqual(before);
  });

  it('the same body in valid UTF-8 creates the complaint', async () => {
    const created = await post(withBytes([...Buffer.from('é')]));
    expect(created.body).toEqual({ data: { createComplaint: { __typename: 'Complaint' } } });
  });

  it.each([
    { title: 'invalid UTF-8', body: Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"x"}')]) },
    { title: 'NUL in the username', body: JSON.stringify({ username: 'admin\u0000', password: 'x' }) },
    { title: 'a lone surrogate in the password', body: JSON.stringify({ username: 'admin', password: '\ud800' }) },
  ])('POST /auth/login with $title: 400 BAD_REQUEST', async ({ body }) => {
    const res = await fetch(new URL('/auth/login', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Body).errors).toMatchObject([{ extensions: { code: 'BAD_REQUEST' } }]);
    expect((await login(server, 'nobody', 'wrong')).status).toBe(401);
  });
});

describe('data stored before the limit (put in the database directly) still reads', () => {
  it.each([
    { title: 'arrays 3,000 levels deep (the issue)', deep: nested(3000) },
    { title: 'objects 3,000 levels deep', deep: nestedObjects(3000) },
  ])('$title: the JSON report, Investigation.report and the PDF answer, the data cut at 256 levels', async ({ deep }) => {
    const d0 = await section();
    await (server.stored() as SqlEntityManager).execute('update investigation_section set draft = ? where id = ?', [deep, d0.id]);
    expect(jsonDepth((await section()).draft)).toBe(3000);

    const json = await fetch(new URL(reportPdfPath.replace(/\.pdf$/, '.json'), server.url), { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(json.status).toBe(200);
    type Report = { sections: Array<{ key: string; data: unknown; fields: Array<{ value: unknown }> }> };
    const fromRoute = ((await json.json()) as Report).sections.find((s) => s.key === 'D0')!;
    expect(jsonDepth(fromRoute.data)).toBe(256);
    expect(fromRoute.fields.at(-1)!.value).toBe('…');

    const viaGraphql = await server.request(InvestigationReportDocument, { id: investigationId });
    expect(viaGraphql.errors).toBeUndefined();
    const fromGraphql = (viaGraphql.data!.investigation.report as Report).sections.find((s) => s.key === 'D0')!;
    expect(fromGraphql.data).toEqual(fromRoute.data);

    const pdf = await fetch(new URL(reportPdfPath, server.url), { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });
});
