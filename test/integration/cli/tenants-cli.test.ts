import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../src/auth/api-key.entity';
import { hashApiKey } from '../../../src/auth/api-key.service';
import { OperatorKey } from '../../../src/auth/operator-key.entity';
import { Tenant } from '../../../src/db/tenant.entity';
import { runTenantsCli } from '../../../src/cli/tenants-cli';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import { ExportTemplatesDocument, MeDocument, TemplatesDocument, TenantsDocument } from '../../__generated__/graphql';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/** #18: `npm run tenants -- create|list|disable|enable|operator-key` on the server's database. */
const scratch = mkdtempSync(join(tmpdir(), 'cq-tenants-cli-'));
let server: TestServer;
let env: NodeJS.ProcessEnv;

async function cli(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTenantsCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: { LOG_LEVEL: 'silent', TEMPLATES_DIR: join(__dirname, '../../../templates'), ...env, ...extra } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.config.database;
  env = { DATABASE_URL: db.kind === 'sqlite' ? `sqlite:${db.file}` : db.url };
});
afterAll(() => server?.stop());

const system = () => server.app.services.db.system();

describe(`tenants CLI (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('creates a tenant from the shipped set and prints its admin key once (only the hash is stored)', async () => {
    const { code, out, err } = await cli(['create', '--slug', 'acme', '--name', 'ACME Corp']);
    expect(code).toBe(0);
    expect(out).toMatch(/^cqk_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{6}$/);
    expect(err).toContain('tenant acme created (shipped)');
    const tenant = await system().findOneOrFail(Tenant, { slug: 'acme' });
    expect(tenant).toMatchObject({ name: 'ACME Corp', seedSource: 'shipped', seededAt: expect.any(Date), disabledAt: null });
    expect((await system().findOneOrFail(ApiKey, { tenant: tenant.id })).keyHash).toBe(hashApiKey(out));
    expect((await server.query(MeDocument, undefined, out)).me).toMatchObject({ tenant: 'acme', roles: ['admin'] });
    const mine = (await server.query(TemplatesDocument, {}, out)).templates.map((t) => `${t.kind}/${t.key}`);
    expect(mine).toEqual((await server.query(TemplatesDocument, {})).templates.map((t) => `${t.kind}/${t.key}`));
  });

  it('creates an empty tenant, and one from a bundle file', async () => {
    expect((await cli(['create', '--slug', 'blank', '--name', 'Blank', '--from', 'empty'])).code).toBe(0);
    const blank = await system().findOneOrFail(Tenant, { slug: 'blank' });
    expect(await server.app.services.db.forTenant(blank.id).count(TemplateVersion, {})).toBe(0);
    const file = join(scratch, 'bundle.json');
    writeFileSync(file, JSON.stringify((await server.query(ExportTemplatesDocument, {})).exportTemplates));
    const created = await cli(['create', '--slug', 'bundled', '--name', 'Bundled', '--from', file]);
    expect(created.code).toBe(0);
    expect((await server.query(TemplatesDocument, {}, created.out)).templates.length).toBe((await server.query(TemplatesDocument, {})).templates.length);
  });

  it.each([
    { title: 'an uppercase slug', args: ['create', '--slug', 'Big', '--name', 'Big'], err: '/slug SLUG_FORMAT' },
    { title: 'a taken slug', args: ['create', '--slug', 'default', '--name', 'Again'], err: '/slug SLUG_TAKEN' },
    { title: 'a bundle with errors', args: ['create', '--slug', 'broken', '--name', 'Broken', '--from', 'BROKEN'], err: '/bundle/templates/' },
  ])('refuses $title with exit 1 and creates nothing', async ({ args, err }) => {
    const broken = join(scratch, 'broken.json');
    const bundle = (await server.query(ExportTemplatesDocument, {})).exportTemplates as { templates: Array<{ kind: string; content: Record<string, unknown> }> };
    writeFileSync(broken, JSON.stringify({ ...bundle, templates: bundle.templates.map((t) => (t.kind === 'organization' ? { ...t, content: { ...t.content, roles: [] } } : t)) }));
    const before = await system().count(Tenant, {});
    const result = await cli(args.map((a) => (a === 'BROKEN' ? broken : a)));
    expect(result.code).toBe(1);
    expect(result.err).toContain(err);
    expect(result.err).toContain('nothing created');
    expect(await system().count(Tenant, {})).toBe(before);
  });

  it('lists, disables (the key is refused) and enables (it works again)', async () => {
    const created = await cli(['create', '--slug', 'initech', '--name', 'Initech']);
    expect((await cli(['disable', 'initech', '--reason', 'unpaid invoices'])).out).toBe('initech disabled');
    expect(await server.request(MeDocument, undefined, { key: created.out })).toMatchObject({ status: 403, errors: [{ extensions: { code: 'TENANT_DISABLED' } }] });
    const listed = await cli(['list']);
    expect(listed.out.split('\n').map((l) => l.split('\t').slice(0, 3))).toEqual([
      ['default', 'enabled', 'shipped'],
      ['acme', 'enabled', 'shipped'],
      ['blank', 'enabled', 'empty'],
      ['bundled', 'enabled', 'bundle'],
      ['initech', expect.stringMatching(/^disabled \S+ \(unpaid invoices\)$/), 'shipped'],
    ]);
    expect((await cli(['enable', 'initech'])).out).toBe('initech enabled');
    const initech = await system().findOneOrFail(Tenant, { slug: 'initech' });
    expect(initech).toMatchObject({ disabledAt: null, disabledReason: null });
    // The server learns of a change made by another process within its cache bound (30 s); a key it never cached works now.
    const { key } = await server.app.services.apiKeys.create(initech.id, 'fresh', ['admin']);
    expect((await server.query(MeDocument, undefined, key)).me.tenant).toBe('initech');
    expect(await cli(['disable', 'nowhere', '--reason', 'x'])).toMatchObject({ code: 1, err: 'no tenant "nowhere"' });
    expect(await cli(['disable', 'initech', '--reason', ' '])).toMatchObject({ code: 1, err: expect.stringContaining('/reason LENGTH') });
  });

  it('prints a new platform operator key once; it provisions tenants and only its hash is stored', async () => {
    const { code, out } = await cli(['operator-key']);
    expect(code).toBe(0);
    expect(await system().findOneOrFail(OperatorKey, { keyHash: hashApiKey(out) })).toMatchObject({ name: 'operator (CLI)', revokedAt: null });
    expect((await server.query(TenantsDocument, undefined, out)).tenants.map((t) => t.slug)).toContain('initech');
  });

  it('prints the usage with exit 2 for an unknown command or missing arguments', async () => {
    expect((await cli(['nope'])).code).toBe(2);
    expect((await cli(['create', '--slug', 'x'])).code).toBe(2);
    expect((await cli(['disable', 'x'])).code).toBe(2);
  });
});
