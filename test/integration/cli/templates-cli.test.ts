import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTemplatesCli } from '../../../src/cli/templates-cli';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const templatesDir = join(__dirname, '../../../templates');
const scratch = mkdtempSync(join(tmpdir(), 'cq-cli-'));

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTemplatesCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: { LOG_LEVEL: 'silent', ...env } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('templates CLI, offline', () => {
  it('validates the shipped set', async () => {
    const { code, out } = await cli(['validate', templatesDir]);
    expect(code).toBe(0);
    expect(out).toContain('ok      complaint-type/product-quality');
    expect(out).toMatch(/\d+ templates valid$/);
  });

  it('refuses a broken set with exit 1, naming the file and the pointer', async () => {
    const dir = join(scratch, 'broken');
    cpSync(templatesDir, dir, { recursive: true });
    const file = join(dir, 'approval-routes/remedy.json');
    const route = JSON.parse(readFileSync(file, 'utf8'));
    route.steps[0].approvers = { role: 'nobody' };
    writeFileSync(file, JSON.stringify(route));
    const { code, err } = await cli(['validate', dir]);
    expect(code).toBe(1);
    expect(err).toMatch(/remedy\.json: \/steps\/0\/approvers\/role UNKNOWN_REFERENCE/);
  });

  it.each([
    { title: 'nested deeper than 256 levels', edit: (text: string) => text.replace(/^\{/, `{"x":${'['.repeat(256)}1${']'.repeat(256)},`), error: /organization\.json: nested more than 256 levels deep$/ },
    { title: 'with NUL in a string', edit: (text: string) => JSON.stringify({ ...JSON.parse(text), title: { 'zh-CN': '工厂', en: 'Plant\u0000' } }), error: /organization\.json: \/title\/en contains a NUL character or an unpaired UTF-16 surrogate$/ },
    { title: 'with a lone surrogate in a key', edit: (text: string) => JSON.stringify({ ...JSON.parse(text), '\ud800': 1 }), error: /organization\.json: \/ contains a NUL character or an unpaired UTF-16 surrogate$/ },
    { title: 'not in UTF-8', edit: (text: string) => Buffer.concat([Buffer.from(text.slice(0, 20)), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(20))]), error: /organization\.json: not valid JSON: .*utf-8/ },
  ])('refuses a template file $title with exit 1 (validate and diff)', async ({ edit, error }) => {
    const dir = join(scratch, `strict-${Math.random().toString(36).slice(2)}`);
    cpSync(templatesDir, dir, { recursive: true });
    const file = join(dir, 'organization.json');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    const validated = await cli(['validate', dir]);
    expect(validated.code).toBe(1);
    expect(validated.err).toMatch(error);
    const diffed = await cli(['diff', join(templatesDir, 'organization.json'), file]);
    expect(diffed.code).toBe(1);
    expect(diffed.err).toMatch(error);
  });

  it('diffs two template files and marks breaking changes', async () => {
    const before = join(templatesDir, 'complaint-types/service.json');
    const edited = JSON.parse(readFileSync(before, 'utf8'));
    edited.intakeSchema.required.push('staffInvolved');
    const after = join(scratch, 'service-v2.json');
    writeFileSync(after, JSON.stringify(edited));
    const { code, out } = await cli(['diff', before, after]);
    expect(code).toBe(0);
    expect(out).toContain('BREAKING   added   /intakeSchema/required  after "staffInvolved"  (field "staffInvolved" is now required)');
    expect(out).toMatch(/1 changes, BREAKING$/);
  });

  it('generates TypeScript types of a complaint type for integrators', async () => {
    const { code, out } = await cli(['types', join(templatesDir, 'complaint-types/product-quality.json')]);
    expect(code).toBe(0);
    expect(out).toContain('export interface ProductQualityComplaintData');
    expect(out).toMatch(/quantityAffected: number;/);
    expect(out).toMatch(/channel: 'phone' \| 'email'|channel: "phone" \| "email"/);
  });

  it('prints usage and exits 2 for an unknown command', async () => {
    const { code, err } = await cli(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('Usage: npm run templates');
  });
});

describe('templates CLI against a database', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startTestServer();
    const db = server.config.database;
    env = { DATABASE_URL: db.kind === 'sqlite' ? `sqlite:${db.file}` : db.url };
  });
  afterAll(() => server?.stop());

  it('exports a tenant and imports the bundle into another, all through the CLI', async () => {
    const bundleFile = join(scratch, 'bundle.json');
    const exported = await cli(['export', '--out', bundleFile], env);
    expect(exported).toMatchObject({ code: 0 });
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
    expect(bundle.templates.length).toBeGreaterThanOrEqual(8);

    const target = await server.createTenant('plant-b', { withTemplates: false });
    const imported = await cli(['import', bundleFile, '--tenant', 'plant-b'], env);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(new RegExp(`${bundle.templates.length} published, 0 unchanged$`));
    expect(await server.app.services.db.forTenant(target.tenantId).count(TemplateVersion)).toBe(bundle.templates.length);

    const again = await cli(['import', bundleFile, '--tenant', 'plant-b'], env);
    expect(again.out).toMatch(new RegExp(`0 published, ${bundle.templates.length} unchanged$`));
  });

  it('refuses to import a bundle nested deeper than GRAPHQL_MAX_JSON_DEPTH, importing nothing', async () => {
    const target = await server.createTenant('plant-c', { withTemplates: false });
    const bundleFile = join(scratch, 'deep-bundle.json');
    writeFileSync(bundleFile, `{"templates":[{"kind":"organization","key":"default","content":{"x":${'['.repeat(21)}1${']'.repeat(21)}}}]}`);
    const refused = await cli(['import', bundleFile, '--tenant', 'plant-c'], { ...env, GRAPHQL_MAX_JSON_DEPTH: '24' });
    // 25 levels: the bundle, its list, the item, the content, and 21 arrays.
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^invalid \S*deep-bundle\.json: nested more than 24 levels deep$/) });
    expect(await server.app.services.db.forTenant(target.tenantId).count(TemplateVersion)).toBe(0);
  });

  it('imports a breaking change only with --confirm-breaking and a reason, stored with the version', async () => {
    const bundleFile = join(scratch, 'breaking-bundle.json');
    expect(await cli(['export', '--out', bundleFile], env)).toMatchObject({ code: 0 });
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
    const i = bundle.templates.findIndex((t: { key: string }) => t.key === 'service');
    bundle.templates[i].content.intakeSchema.required.push('staffInvolved');
    writeFileSync(bundleFile, JSON.stringify(bundle));
    const versions = await server.stored().count(TemplateVersion);
    const refused = await cli(['import', bundleFile], env);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err.split('\n')).toEqual([
      `breaking /templates/${i}/content/intakeSchema/required added: field "staffInvolved" is now required`,
      'BREAKING_CHANGE_UNCONFIRMED: 1 breaking change(s): confirm them (confirmBreaking) and give a reason to publish',
      'nothing imported',
    ]);
    expect(await cli(['import', bundleFile, '--confirm-breaking'], env)).toMatchObject({ code: 1, err: 'error /reason REQUIRED: confirming a breaking change needs a reason\nVALIDATION_FAILED: Input is invalid: 1 problem\nnothing imported' });
    expect(await server.stored().count(TemplateVersion)).toBe(versions);
    const imported = await cli(['import', bundleFile, '--confirm-breaking', '--reason', 'staff named on every service complaint'], env);
    expect(imported).toMatchObject({ code: 0, out: expect.stringMatching(/^published complaint-type\/service@2\n1 published, \d+ unchanged$/) });
    expect(await server.stored().findOneOrFail(TemplateVersion, { kind: 'complaint-type', key: 'service', version: 2 })).toMatchObject({ reason: 'staff named on every service complaint', publishedBy: 'cli' });
  });

  it('refuses to import when templates are managed as files (TEMPLATES_MODE=files), importing nothing', async () => {
    const target = await server.createTenant('plant-files', { withTemplates: false });
    const bundleFile = join(scratch, 'files-mode-bundle.json');
    expect(await cli(['export', '--out', bundleFile], env)).toMatchObject({ code: 0 });
    const refused = await cli(['import', bundleFile, '--tenant', 'plant-files'], { ...env, TEMPLATES_MODE: 'files' });
    expect(refused).toMatchObject({
      code: 1,
      err: 'TEMPLATES_MANAGED_AS_FILES: templates are managed as files in this deployment (TEMPLATES_MODE=files): change the files in TEMPLATES_DIR and restart the server',
    });
    expect(await server.app.services.db.forTenant(target.tenantId).count(TemplateVersion)).toBe(0);
  });

  it('names an unknown tenant', async () => {
    expect(await cli(['export', '--tenant', 'nowhere'], env)).toMatchObject({ code: 1, err: 'no tenant "nowhere"' });
  });
});
