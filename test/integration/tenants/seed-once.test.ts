import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../src/auth/api-key.entity';
import { Tenant } from '../../../src/db/tenant.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../../fixtures/server-process';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { TemplateVersionsDocument } from '../../__generated__/graphql';

/**
 * #18: the shipped set seeds a tenant once, when it is created; a restart never publishes the files over what
 * an admin published (the organization or a complaint type), on a real restart of the server process and in-process.
 */
const KEY = 'seed-once-admin-key-0000000000000';

type Gql = (query: string, variables?: unknown) => Promise<{ data?: Record<string, unknown>; errors?: unknown[] }>;

const EXPORT = 'query($kinds: [TemplateKind!]) { exportTemplates(kinds: $kinds) }';
const IMPORT = 'mutation($bundle: JSONObject!) { importTemplates(bundle: $bundle) { __typename ... on ImportedTemplates { published { kind key version } } } }';
const VERSIONS = 'query($kind: TemplateKind!, $key: String!) { templateVersions(kind: $kind, key: $key) { version contentHash publishedBy } }';
const PUBLISHED_EVENTS = 'query { events(first: 100, filter: { types: ["template.published"] }) { edges { node { sequence subjectNumber actor { id } } } } }';

interface Bundle {
  format: string;
  templates: Array<{ kind: string; key: string; version: number; content: Record<string, unknown> }>;
}

/** The admin renames a department of the organization and retitles a complaint type, through importTemplates. */
async function adminPublishes(gql: Gql): Promise<void> {
  const exported = (await gql(EXPORT, { kinds: ['ORGANIZATION', 'COMPLAINT_TYPE'] })).data!.exportTemplates as Bundle;
  const org = exported.templates.find((t) => t.kind === 'organization')!;
  const type = exported.templates.find((t) => t.kind === 'complaint-type' && t.key === 'delivery')!;
  const bundle = {
    format: exported.format,
    templates: [
      { ...org, content: { ...org.content, title: { 'zh-CN': '管理员的工厂', en: "The admin's plant" } } },
      { ...type, content: { ...type.content, title: { 'zh-CN': '管理员的交付', en: "The admin's delivery" } } },
    ],
  };
  const imported = await gql(IMPORT, { bundle });
  expect(imported.data?.importTemplates).toMatchObject({ __typename: 'ImportedTemplates', published: [{ kind: 'ORGANIZATION', key: 'default', version: 2 }, { kind: 'COMPLAINT_TYPE', key: 'delivery', version: 2 }] });
}

/** What restarts must leave alone: the latest versions, who published them, and every template.published event. */
async function snapshot(gql: Gql) {
  const versions = async (kind: string, key: string) => (await gql(VERSIONS, { kind, key })).data!.templateVersions as Array<{ version: number; publishedBy: string }>;
  const events = ((await gql(PUBLISHED_EVENTS)).data!.events as { edges: Array<{ node: { sequence: number; subjectNumber: string; actor: { id: string } } }> }).edges.map((e) => e.node);
  return { org: await versions('ORGANIZATION', 'default'), delivery: await versions('COMPLAINT_TYPE', 'delivery'), events };
}

function expectAdminsWork(snap: Awaited<ReturnType<typeof snapshot>>) {
  expect(snap.org.map((v) => v.version)).toEqual([1, 2]);
  expect(snap.org[1].publishedBy).toMatch(/^api-key:/);
  expect(snap.delivery.map((v) => v.version)).toEqual([1, 2]);
  expect(snap.delivery[1].publishedBy).toMatch(/^api-key:/);
}

describe(`seed once: a real restart of the server process (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  let db: TestDatabase;
  afterAll(async () => {
    await killAllServerProcesses();
    await db?.drop();
  });

  it('keeps what an admin published: no new version, no template.published by system', async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.database.kind === 'sqlite' ? `sqlite:${db.database.file}` : db.database.url, ADMIN_API_KEY: KEY, LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_MS: '0' };
    const gqlOf =
      (server: ServerProcess): Gql =>
      async (query, variables) =>
        (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query, variables }) })).json() as never;

    let server = await startServerProcess(env);
    await adminPublishes(gqlOf(server));
    const before = await snapshot(gqlOf(server));
    expectAdminsWork(before);
    await server.kill('SIGKILL');

    server = await startServerProcess(env);
    const after = await snapshot(gqlOf(server));
    expectAdminsWork(after);
    expect(after).toEqual(before);
    await server.kill('SIGTERM');
  });
});

describe(`seed once: in-process restart (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('keeps what an admin published across two restarts', async () => {
    server = await startTestServer();
    const gql: Gql = async (query, variables) => (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.config.adminApiKey}` }, body: JSON.stringify({ query, variables }) })).json() as never;
    await adminPublishes(gql);
    const before = await snapshot(gql);
    expectAdminsWork(before);
    await server.restart();
    await server.restart();
    const after = await snapshot(gql);
    expect(after).toEqual(before);
    // The typed operations see the same.
    const typed = await server.query(TemplateVersionsDocument, { kind: 'ORGANIZATION', key: 'default' });
    expect(typed.templateVersions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('finishes at the next start a creation cut short (seeded from the shipped set, with an admin key), and leaves tenants made otherwise alone', async () => {
    server = await startTestServer();
    // A crash right after the tenant row was written: no templates, no key, no event, no seededAt.
    const em = server.app.services.db.system();
    const cut = em.create(Tenant, { slug: 'cut-short', name: 'Cut short', seedSource: 'shipped', seededAt: null, createdAt: new Date() });
    await em.flush();
    // A tenant made without the provisioning path (seed source unknown) is never seeded by a start.
    const { tenantId: bare } = await server.createTenant('bare', { withTemplates: false });
    await server.restart();
    const tenants = server.app.services.db.system();
    expect(await tenants.findOneOrFail(Tenant, { id: cut.id })).toMatchObject({ seededAt: expect.any(Date) });
    const versions = await server.app.services.db.forTenant(cut.id).count(TemplateVersion, {});
    expect(versions).toBe(await server.app.services.db.forTenant(server.tenantId).count(TemplateVersion, {}));
    expect(await tenants.count(ApiKey, { tenant: cut.id })).toBe(1);
    const events = await server.app.services.db.forTenant(cut.id).find(DomainEvent, { type: 'tenant.created' });
    expect(events.map((e) => e.subjectNumber)).toEqual(['cut-short']);
    expect(await server.app.services.db.forTenant(bare).count(TemplateVersion, {})).toBe(0);
    expect(await tenants.findOneOrFail(Tenant, { id: bare })).toMatchObject({ seedSource: null, seededAt: null });
  });
});
