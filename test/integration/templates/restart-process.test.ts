import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTemplateDraftDocument,
  PublishTemplateDocument,
  TemplateDocument,
  TemplateSourcesDocument,
  TemplateUpdatesDocument,
  UpdateTemplateDraftDocument,
} from '../../__generated__/graphql';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../../fixtures/server-process';
import { createTestDatabase, type TestDatabase } from '../../fixtures/test-database';

/** The server as an operator runs it: a real process, stopped and started again on the same database. */
const KEY = 'restart-process-admin-key-0000000000';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

let db: TestDatabase;
let templatesDir: string;
let env: Record<string, string>;
beforeAll(async () => {
  db = await createTestDatabase();
  templatesDir = mkdtempSync(join(tmpdir(), 'cq-restart-templates-'));
  cpSync(join(__dirname, '../../../templates'), templatesDir, { recursive: true });
  env = { DATABASE_URL: db.database.kind === 'sqlite' ? `sqlite:${db.database.file}` : db.database.url, ADMIN_API_KEY: KEY, TEMPLATES_DIR: templatesDir, SCHEDULER_INTERVAL_MS: '0' };
});
afterAll(async () => {
  await killAllServerProcesses();
  await db?.drop();
  rmSync(templatesDir, { recursive: true, force: true });
});

async function gql<R, V>(server: ServerProcess, doc: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const json = (await response.json()) as { data?: R; errors?: unknown };
  if (json.errors || !json.data) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

function editFile(file: string, change: (content: Json) => void): void {
  const path = join(templatesDir, file);
  const content = JSON.parse(readFileSync(path, 'utf8'));
  change(content);
  writeFileSync(path, JSON.stringify(content, null, 2));
}

describe('restarting the server process never undoes an admin\'s work (TEMPLATES_MODE=database)', () => {
  it("keeps the organization an admin published through restarts with changed files, and offers the shipped changes it has not touched", async () => {
    let server = await startServerProcess(env);
    const { createTemplateDraft: draft } = await gql(server, CreateTemplateDraftDocument, { input: { kind: 'ORGANIZATION', key: 'default' } });
    if (draft.__typename !== 'TemplateDraftInfo') throw new Error(draft.__typename);
    const content: Json = draft.content;
    content.departments[0].title.en = 'Management (our plant)';
    await gql(server, UpdateTemplateDraftDocument, { input: { kind: 'ORGANIZATION', key: 'default', version: draft.version, content } });
    const { publishTemplate } = await gql(server, PublishTemplateDocument, { input: { kind: 'ORGANIZATION', key: 'default', draftVersion: draft.version + 1 } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 2 });
    await server.kill('SIGTERM');

    // The next release ships another organization and another service complaint type.
    editFile('organization.json', (org) => {
      org.departments[0].title.en = 'General management (2027)';
    });
    editFile('complaint-types/service.json', (type) => {
      type.title.en = 'Service complaint (2027)';
    });
    for (let start = 0; start < 2; start++) {
      server = await startServerProcess(env);
      const { templateVersions } = await gql(server, TemplateSourcesDocument, { kind: 'ORGANIZATION', key: 'default' });
      expect(templateVersions.map((v) => [v.version, v.source])).toEqual([
        [1, 'SHIPPED'],
        [2, 'ADMIN'],
      ]);
      const { template } = await gql(server, TemplateDocument, { kind: 'ORGANIZATION', key: 'default' });
      expect((template.content as Json).departments[0].title.en).toBe('Management (our plant)');
      const { templateUpdates } = await gql(server, TemplateUpdatesDocument);
      expect(templateUpdates.updates.map((u) => [u.kind, u.key, u.status, u.currentVersion])).toEqual([['COMPLAINT_TYPE', 'service', 'UPDATED', 1]]);
      await server.kill('SIGTERM');
    }
  });

  it('publishes the files over it once the operator says the files are the source (TEMPLATES_MODE=files)', async () => {
    const server = await startServerProcess({ ...env, TEMPLATES_MODE: 'files' });
    const { templateVersions } = await gql(server, TemplateSourcesDocument, { kind: 'ORGANIZATION', key: 'default' });
    expect(templateVersions.map((v) => [v.version, v.source, v.publishedBy])).toEqual([
      [1, 'SHIPPED', 'system'],
      [2, 'ADMIN', expect.stringMatching(/^api-key:/)],
      [3, 'FILES', 'system'],
    ]);
    const { template } = await gql(server, TemplateDocument, { kind: 'ORGANIZATION', key: 'default' });
    expect((template.content as Json).departments[0].title.en).toBe('General management (2027)');
    await server.kill('SIGTERM');
  });
});
