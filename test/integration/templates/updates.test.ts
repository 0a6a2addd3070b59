import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEvent } from '../../../src/db/event.entity';
import { TemplateDraft } from '../../../src/templates/template-draft.entity';
import { templateContent } from '../../../src/templates/template-files';
import { TemplateSource } from '../../../src/templates/template-source';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import {
  AdoptTemplateUpdateDocument,
  ComplaintTypesDocument,
  CreateTemplateDraftDocument,
  ExportTemplatesDocument,
  ImportTemplatesDocument,
  PublishTemplateDocument,
  TemplateDocument,
  TemplatesDocument,
  TemplateSourcesDocument,
  TemplateUpdatesDocument,
  UpdateTemplateDraftDocument,
  ValidateTemplateDocument,
} from '../../__generated__/graphql';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

/** A copy of the shipped templates in a temp dir, whose files a test changes before restarting the server. */
function shippedCopy(): { dir: string; edit(file: string, change: (content: Json) => void): string } {
  const dir = mkdtempSync(join(tmpdir(), 'cq-shipped-'));
  cpSync(join(__dirname, '../../../templates'), dir, { recursive: true });
  return {
    dir,
    /** Changes a file and returns the hash its content now has. */
    edit(file, change) {
      const path = join(dir, file);
      const content = JSON.parse(readFileSync(path, 'utf8'));
      change(content);
      writeFileSync(path, JSON.stringify(content, null, 2));
      return templateContent(content).contentHash;
    },
  };
}

async function counts(server: TestServer) {
  return { versions: await server.stored().count(TemplateVersion), events: await server.stored().count(DomainEvent), drafts: await server.stored().count(TemplateDraft) };
}

describe('updates of the shipped set (TEMPLATES_MODE=database, the default)', () => {
  let server: TestServer;
  let shipped: ReturnType<typeof shippedCopy>;
  let agentKey: string;
  const hashes: Record<string, string> = {};

  beforeAll(async () => {
    shipped = shippedCopy();
    server = await startTestServer({ TEMPLATES_DIR: shipped.dir });
    agentKey = (await server.app.services.apiKeys.create(server.tenantId, 'agent', ['customer-service-agent'])).key;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(shipped.dir, { recursive: true, force: true });
  });

  const updates = async () => (await server.query(TemplateUpdatesDocument)).templateUpdates;
  const sources = async (kind: 'COMPLAINT_TYPE' | 'ORGANIZATION', key: string) => (await server.query(TemplateSourcesDocument, { kind, key })).templateVersions;

  it('seeds the tenant with the shipped set once, every version SHIPPED, and offers nothing', async () => {
    expect(await updates()).toEqual({ mode: 'DATABASE', updates: [] });
    expect(await sources('ORGANIZATION', 'default')).toEqual([{ version: 1, contentHash: expect.any(String), publishedBy: 'system', source: 'SHIPPED' }]);
    expect(await server.stored().count(TemplateVersion, { source: { $ne: TemplateSource.SHIPPED } })).toBe(0);
    const event = await server.stored().findOneOrFail(DomainEvent, { type: 'template.published', subjectNumber: 'complaint-type/service@1' });
    expect(event.data).toMatchObject({ source: 'SHIPPED', file: expect.stringMatching(/complaint-types\/service\.json$/) });
  });

  it('publishes nothing when restarted with changed files, and lists them as updates: changed (diff classified) and new', async () => {
    hashes.service = shipped.edit('complaint-types/service.json', (c) => {
      c.title.en = 'Service complaint (v2)';
    });
    // A complaint type new in the set: a copy of service under another key.
    const packaging = JSON.parse(readFileSync(join(shipped.dir, 'complaint-types/service.json'), 'utf8'));
    Object.assign(packaging, { key: 'packaging', numberPrefix: 'PK', title: { 'zh-CN': '包装投诉', en: 'Packaging complaint' } });
    writeFileSync(join(shipped.dir, 'complaint-types/packaging.json'), JSON.stringify(packaging));
    hashes.packaging = templateContent(packaging).contentHash;
    const before = await counts(server);

    await server.restart();

    expect(await counts(server)).toEqual(before);
    expect((await server.query(TemplateDocument, { kind: 'COMPLAINT_TYPE', key: 'service' })).template).toMatchObject({ version: 1 });
    const { mode, updates: listed } = await updates();
    expect(mode).toBe('DATABASE');
    expect(listed.map(({ content: _c, ...u }) => u)).toEqual([
      { kind: 'COMPLAINT_TYPE', key: 'packaging', status: 'NEW', currentVersion: null, currentContentHash: null, shippedContentHash: hashes.packaging, compatibility: 'COMPATIBLE', changes: [] },
      {
        kind: 'COMPLAINT_TYPE',
        key: 'service',
        status: 'UPDATED',
        currentVersion: 1,
        currentContentHash: expect.any(String),
        shippedContentHash: hashes.service,
        compatibility: 'COMPATIBLE',
        changes: [{ path: '/title/en', op: 'CHANGED', before: 'Service complaint', after: 'Service complaint (v2)', breaking: false, reason: null }],
      },
    ]);
    expect(listed[1].content.title).toEqual({ 'zh-CN': '服务投诉', en: 'Service complaint (v2)' });
  });

  it('refuses templateUpdates and adoptTemplateUpdate to a caller without the permissions (FORBIDDEN)', async () => {
    const before = await counts(server);
    const list = await server.request(TemplateUpdatesDocument, undefined, { key: agentKey });
    expect(list.errors).toEqual([expect.objectContaining({ path: ['templateUpdates'], extensions: { code: 'FORBIDDEN' } })]);
    const adopt = await server.request(AdoptTemplateUpdateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', currentVersion: 1, shippedContentHash: hashes.service } }, { key: agentKey });
    expect(adopt.errors).toEqual([expect.objectContaining({ path: ['adoptTemplateUpdate'], extensions: { code: 'FORBIDDEN' } })]);
    expect(await counts(server)).toEqual(before);
  });

  it('answers NOT_FOUND for a template the shipped set does not have, and stores nothing', async () => {
    const before = await counts(server);
    const { adoptTemplateUpdate } = await server.query(AdoptTemplateUpdateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'warranty', currentVersion: null, shippedContentHash: hashes.service } });
    expect(adoptTemplateUpdate).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'The shipped set has no such template' });
    expect(await counts(server)).toEqual(before);
  });

  it('adopts an update as version N+1 marked SHIPPED, with a template.published event, and the tenant uses it at once', async () => {
    const { adoptTemplateUpdate } = await server.query(AdoptTemplateUpdateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', currentVersion: 1, shippedContentHash: hashes.service } });
    expect(adoptTemplateUpdate).toEqual({
      __typename: 'TemplateVersionInfo',
      kind: 'COMPLAINT_TYPE',
      key: 'service',
      version: 2,
      contentHash: hashes.service,
      publishedBy: expect.stringMatching(/^api-key:/),
      source: 'SHIPPED',
    });
    const stored = await server.stored().findOneOrFail(TemplateVersion, { kind: 'complaint-type', key: 'service', version: 2 });
    expect(stored).toMatchObject({ source: 'SHIPPED', contentHash: hashes.service, content: { title: { en: 'Service complaint (v2)' } } });
    const event = await server.stored().findOneOrFail(DomainEvent, { type: 'template.published', subjectNumber: 'complaint-type/service@2' });
    expect(event).toMatchObject({
      subjectId: stored.id,
      actorId: stored.publishedBy,
      reason: null,
      data: { kind: 'complaint-type', key: 'service', version: 2, source: 'SHIPPED', adopted: true, diff: { against: 1, compatibility: 'COMPATIBLE', breaking: 0 }, breakingConfirmed: false, previousVersion: 1, file: expect.stringMatching(/service\.json$/) },
    });
    expect((await server.query(ComplaintTypesDocument)).complaintTypes.find((t) => t.key === 'service')).toMatchObject({ version: 2, title: { en: 'Service complaint (v2)' } });
    expect((await updates()).updates.map((u) => u.key)).toEqual(['packaging']);
  });

  it('adopts a template new in the set as its version 1', async () => {
    const { adoptTemplateUpdate } = await server.query(AdoptTemplateUpdateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'packaging', currentVersion: null, shippedContentHash: hashes.packaging } });
    expect(adoptTemplateUpdate).toMatchObject({ __typename: 'TemplateVersionInfo', key: 'packaging', version: 1, source: 'SHIPPED' });
    expect((await server.query(ComplaintTypesDocument)).complaintTypes.map((t) => t.key)).toContain('packaging');
    expect((await updates()).updates).toEqual([]);
  });

  it('refuses a stale adopt (the shipped file changed since it was read), with what is current, and stores nothing', async () => {
    const read = shipped.edit('complaint-types/service.json', (c) => {
      c.title.en = 'Service complaint (v3)';
    });
    await server.restart();
    expect((await updates()).updates).toMatchObject([{ key: 'service', currentVersion: 2, shippedContentHash: read }]);
    const now = shipped.edit('complaint-types/service.json', (c) => {
      c.title.en = 'Service complaint (v4)';
    });
    await server.restart();
    const before = await counts(server);
    const { adoptTemplateUpdate } = await server.query(AdoptTemplateUpdateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', currentVersion: 2, shippedContentHash: read } });
    expect(adoptTemplateUpdate).toEqual({
      __typename: 'TemplateUpdateStaleError',
      code: 'CONFLICT',
      message: 'The update changed since you read it (the tenant published a version, or the shipped set changed): read templateUpdates again',
      currentVersion: 2,
      shippedContentHash: now,
    });
    expect(await counts(server)).toEqual(before);
  });

  it('refuses a stale adopt when the tenant published in between, and then offers nothing over the changed template', async () => {
    const offered = (await updates()).updates.find((u) => u.key === 'service')!;
    expect(offered).toMatchObject({ currentVersion: 2 });
    // An admin changes service through the API: version 3, ADMIN.
    const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service' } });
    if (draft.__typename !== 'TemplateDraftInfo') throw new Error(draft.__typename);
    const content: Json = draft.content;
    content.title['zh-CN'] = '服务投诉（本厂）';
    await server.query(UpdateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', version: draft.version, content } });
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', draftVersion: draft.version + 1 } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 3 });
    expect((await sources('COMPLAINT_TYPE', 'service')).map((v) => v.source)).toEqual(['SHIPPED', 'SHIPPED', 'ADMIN']);

    const before = await counts(server);
    const stale = await server.query(AdoptTemplateUpdateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', currentVersion: 2, shippedContentHash: offered.shippedContentHash } });
    expect(stale.adoptTemplateUpdate).toMatchObject({ __typename: 'TemplateUpdateStaleError', code: 'CONFLICT', currentVersion: 3, shippedContentHash: offered.shippedContentHash });
    // The admin's version is theirs: the shipped one is neither listed nor adoptable over it.
    expect((await updates()).updates).toEqual([]);
    const modified = await server.query(AdoptTemplateUpdateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', currentVersion: 3, shippedContentHash: offered.shippedContentHash } });
    expect(modified.adoptTemplateUpdate).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'The tenant changed this template: the shipped version is not offered over it' });
    expect(await counts(server)).toEqual(before);
  });

  it('adopts a BREAKING update only with confirmBreaking and a reason, stored with the version and on the event', async () => {
    const hash = shipped.edit('complaint-types/product-quality.json', (c) => {
      c.intakeSchema.properties.plant = { type: 'string', minLength: 1, maxLength: 50, 'x-title': { 'zh-CN': '工厂', en: 'Plant' } };
      c.intakeSchema.required.push('plant');
    });
    await server.restart();
    const offered = (await updates()).updates.find((u) => u.key === 'product-quality')!;
    expect(offered).toMatchObject({ status: 'UPDATED', currentVersion: 1, shippedContentHash: hash, compatibility: 'BREAKING' });
    expect(offered.changes).toContainEqual({ path: '/intakeSchema/required', op: 'ADDED', before: null, after: 'plant', breaking: true, reason: 'field "plant" is now required' });
    const input = { kind: 'COMPLAINT_TYPE' as const, key: 'product-quality', currentVersion: 1, shippedContentHash: hash };
    const before = await counts(server);

    const unconfirmed = await server.query(AdoptTemplateUpdateDocument, { input });
    expect(unconfirmed.adoptTemplateUpdate).toEqual({
      __typename: 'BreakingChangeUnconfirmed',
      code: 'BREAKING_CHANGE_UNCONFIRMED',
      message: '1 breaking change(s): confirm them (confirmBreaking) and give a reason to publish',
      changes: [{ path: '/intakeSchema/required', op: 'ADDED', breaking: true, reason: 'field "plant" is now required' }],
    });
    const zh = await server.request(AdoptTemplateUpdateDocument, { input }, { headers: { 'accept-language': 'zh-CN' } });
    expect(zh.data!.adoptTemplateUpdate).toMatchObject({ code: 'BREAKING_CHANGE_UNCONFIRMED', message: '包含 1 项不兼容变更：请确认 (confirmBreaking) 并说明原因后再发布' });
    const noReason = await server.query(AdoptTemplateUpdateDocument, { input: { ...input, confirmBreaking: true, reason: '  ' } });
    expect(noReason.adoptTemplateUpdate).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'Input is invalid: 1 problem',
      problems: [{ path: '/reason', code: 'REQUIRED', message: 'confirming a breaking change needs a reason' }],
    });
    const tooLong = await server.query(AdoptTemplateUpdateDocument, { input: { ...input, confirmBreaking: true, reason: 'x'.repeat(2001) } });
    expect(tooLong.adoptTemplateUpdate).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/reason', code: 'TOO_LONG' }] });
    expect(await counts(server)).toEqual(before);

    const { adoptTemplateUpdate } = await server.query(AdoptTemplateUpdateDocument, { input: { ...input, confirmBreaking: true, reason: 'Plants report their site on every complaint from 2027' } });
    expect(adoptTemplateUpdate).toMatchObject({ __typename: 'TemplateVersionInfo', key: 'product-quality', version: 2, source: 'SHIPPED' });
    const event = await server.stored().findOneOrFail(DomainEvent, { type: 'template.published', subjectNumber: 'complaint-type/product-quality@2' });
    expect(event).toMatchObject({ reason: 'Plants report their site on every complaint from 2027', data: { source: 'SHIPPED', adopted: true, diff: { against: 1, compatibility: 'BREAKING', breaking: 1 }, breakingConfirmed: true } });
    expect(await server.stored().findOneOrFail(TemplateVersion, { kind: 'complaint-type', key: 'product-quality', version: 2 })).toMatchObject({
      source: 'SHIPPED',
      reason: 'Plants report their site on every complaint from 2027',
      diffSummary: { against: 1, compatibility: 'BREAKING', breaking: 1 },
    });
  });
});

describe('templates managed as files (TEMPLATES_MODE=files)', () => {
  let server: TestServer;
  let shipped: ReturnType<typeof shippedCopy>;

  beforeAll(async () => {
    shipped = shippedCopy();
    server = await startTestServer({ TEMPLATES_DIR: shipped.dir, TEMPLATES_MODE: 'files' });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(shipped.dir, { recursive: true, force: true });
  });

  const message = 'Templates are managed as files in this deployment (TEMPLATES_MODE=files): change the files in TEMPLATES_DIR and restart the server.';

  it.each([
    { title: 'createTemplateDraft', run: (s: TestServer, h?: Record<string, string>) => s.request(CreateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service' } }, { headers: h }) },
    { title: 'updateTemplateDraft', run: (s: TestServer, h?: Record<string, string>) => s.request(UpdateTemplateDraftDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', version: 1, content: {} } }, { headers: h }) },
    { title: 'publishTemplate', run: (s: TestServer, h?: Record<string, string>) => s.request(PublishTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', draftVersion: 1 } }, { headers: h }) },
    {
      title: 'importTemplates',
      run: async (s: TestServer, h?: Record<string, string>) => {
        const bundle: Json = (await s.query(ExportTemplatesDocument, { kinds: ['COMPLAINT_TYPE'] })).exportTemplates;
        bundle.templates[0].content.title.en = 'Imported';
        return s.request(ImportTemplatesDocument, { bundle }, { headers: h });
      },
    },
    {
      title: 'adoptTemplateUpdate',
      run: (s: TestServer, h?: Record<string, string>) => s.request(AdoptTemplateUpdateDocument, { input: { kind: 'COMPLAINT_TYPE', key: 'service', currentVersion: 1, shippedContentHash: 'x' } }, { headers: h }),
    },
  ])('refuses $title with TEMPLATES_MANAGED_AS_FILES (in the caller\'s language) and stores nothing', async ({ title, run }) => {
    const before = await counts(server);
    const en = await run(server);
    expect(en.data).toBeNull();
    expect(en.errors).toEqual([{ message, path: [title], locations: expect.any(Array), extensions: { code: 'TEMPLATES_MANAGED_AS_FILES' } }]);
    const zh = await run(server, { 'accept-language': 'zh-CN' });
    expect(zh.errors).toEqual([expect.objectContaining({ message: '本部署以文件管理模板（TEMPLATES_MODE=files）：请修改 TEMPLATES_DIR 中的模板文件并重启服务。', extensions: { code: 'TEMPLATES_MANAGED_AS_FILES' } })]);
    expect(await counts(server)).toEqual(before);
  });

  it('still answers reads and validation, and offers no updates', async () => {
    expect((await server.query(TemplatesDocument, { kind: 'COMPLAINT_TYPE' })).templates.map((t) => t.key)).toEqual(['delivery', 'product-quality', 'service']);
    const content = (await server.query(TemplateDocument, { kind: 'COMPLAINT_TYPE', key: 'service' })).template.content;
    expect((await server.query(ValidateTemplateDocument, { input: { kind: 'COMPLAINT_TYPE', content } })).validateTemplate).toEqual({ valid: true, problems: [] });
    expect((await server.query(TemplateUpdatesDocument)).templateUpdates).toEqual({ mode: 'FILES', updates: [] });
  });

  it('publishes a changed file for the tenant at the next start (source FILES), and nothing more at the one after', async () => {
    const hash = shipped.edit('complaint-types/service.json', (c) => {
      c.title.en = 'Service complaint (from the files)';
    });
    await server.restart();
    const { templateVersions } = await server.query(TemplateSourcesDocument, { kind: 'COMPLAINT_TYPE', key: 'service' });
    expect(templateVersions).toEqual([
      { version: 1, contentHash: expect.any(String), publishedBy: 'system', source: 'SHIPPED' },
      { version: 2, contentHash: hash, publishedBy: 'system', source: 'FILES' },
    ]);
    const event = await server.stored().findOneOrFail(DomainEvent, { type: 'template.published', subjectNumber: 'complaint-type/service@2' });
    expect(event).toMatchObject({ actorId: 'system', data: { source: 'FILES', file: expect.stringMatching(/service\.json$/), previousVersion: 1 } });
    expect((await server.query(ComplaintTypesDocument)).complaintTypes.find((t) => t.key === 'service')).toMatchObject({ version: 2, title: { en: 'Service complaint (from the files)' } });
    const before = await counts(server);
    await server.restart();
    expect(await counts(server)).toEqual(before);
  });

  it('publishes the files for every tenant at start', async () => {
    const other = await server.createTenant('files-mode-other');
    const hash = shipped.edit('complaint-types/delivery.json', (c) => {
      c.title.en = 'Delivery complaint (from the files)';
    });
    await server.restart();
    for (const key of [undefined, other.key]) {
      const { templateVersions } = (await server.request(TemplateSourcesDocument, { kind: 'COMPLAINT_TYPE', key: 'delivery' }, { key })).data!;
      expect(templateVersions.at(-1)).toMatchObject({ contentHash: hash, source: 'FILES', publishedBy: 'system' });
    }
  });
});
