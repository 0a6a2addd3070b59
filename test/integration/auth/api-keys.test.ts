import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../src/auth/api-key.entity';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from '../../../src/auth/api-key.service';
import { DomainEvent } from '../../../src/db/event.entity';
import { ApiKeysDocument, CreateApiKeyDocument, MeDocument, RevokeApiKeyDocument } from '../../__generated__/graphql';
import { accessToken, createUser } from '../../fixtures/auth';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let other: { tenantId: string; key: string };

beforeAll(async () => {
  server = await startTestServer();
  other = await server.createTenant('other-plant');
});
afterAll(() => server?.stop());

async function newKey(roles = ['quality-engineer'], name = 'ERP connector', key?: string) {
  const { createApiKey } = await server.query(CreateApiKeyDocument, { input: { name, roles } }, key);
  if (createApiKey.__typename !== 'ApiKeyWithSecret') throw new Error(JSON.stringify(createApiKey));
  return createApiKey;
}

describe('API key format', () => {
  it('generates cqk_<43 random>_<6 checksum> keys that the offline check accepts', () => {
    for (let i = 0; i < 200; i++) {
      const key = generateApiKey();
      expect(key).toMatch(/^cqk_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{6}$/);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it.each([
    { title: 'one changed character of the random part', mutate: (k: string) => k.slice(0, 10) + (k[10] === 'A' ? 'B' : 'A') + k.slice(11) },
    { title: 'a changed checksum', mutate: (k: string) => k.slice(0, -1) + (k.at(-1) === 'A' ? 'B' : 'A') },
    { title: 'the old format (no checksum)', mutate: (k: string) => k.slice(0, 47) },
    { title: 'another prefix', mutate: (k: string) => `xqk_${k.slice(4)}` },
  ])('rejects $title', ({ mutate }) => {
    expect(isWellFormedApiKey(mutate(generateApiKey()))).toBe(false);
  });
});

describe('API key lifecycle', () => {
  it('creates a key shown once, stores only its hash, lists it, and records api_key.created without the key', async () => {
    const created = await newKey();
    expect(isWellFormedApiKey(created.key)).toBe(true);
    expect(created.apiKey).toMatchObject({ name: 'ERP connector', prefix: created.key.slice(0, 12), roles: ['quality-engineer'], lastUsedAt: null, revokedAt: null });
    const stored = await server.app.services.db.system().findOneOrFail(ApiKey, { keyHash: hashApiKey(created.key) });
    expect(JSON.stringify(stored)).not.toContain(created.key);
    const { apiKeys } = await server.query(ApiKeysDocument);
    expect(apiKeys.map((k) => k.name)).toEqual(['admin (ADMIN_API_KEY)', 'ERP connector']);
    const event = await server.stored().findOneOrFail(DomainEvent, { type: 'api_key.created', subjectId: stored.id });
    expect(event.data).toEqual({ after: { name: 'ERP connector', prefix: created.key.slice(0, 12), roles: ['quality-engineer'] } });
    expect(JSON.stringify(event)).not.toContain(created.key);
    expect(JSON.stringify(event)).not.toContain(stored.keyHash);
  });

  it('authenticates with the key and its roles, and sets lastUsedAt', async () => {
    const created = await newKey(['customer-service-agent'], 'CRM');
    const { me } = await server.query(MeDocument, undefined, created.key);
    expect(me).toEqual({ id: `api-key:${(await server.app.services.db.system().findOneOrFail(ApiKey, { keyHash: hashApiKey(created.key) })).id}`, kind: 'API_KEY', name: 'CRM', username: null, roles: ['customer-service-agent'], departments: [], level: null, tenant: 'default' });
    const listed = (await server.query(ApiKeysDocument)).apiKeys.find((k) => k.name === 'CRM')!;
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('revokes a key: refused at once with 401, listed with revokedAt, api_key.revoked recorded', async () => {
    const created = await newKey(['quality-engineer'], 'MES');
    expect((await server.request(MeDocument, undefined, { key: created.key })).status).toBe(200);
    const { revokeApiKey } = await server.query(RevokeApiKeyDocument, { id: created.apiKey.id });
    expect(revokeApiKey).toMatchObject({ __typename: 'ApiKey', revokedAt: expect.any(String) });
    const refused = await server.request(MeDocument, undefined, { key: created.key });
    expect(refused.status).toBe(401);
    expect(refused.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await server.query(ApiKeysDocument)).apiKeys.find((k) => k.name === 'MES')!.revokedAt).not.toBeNull();
    expect(await server.stored().count(DomainEvent, { type: 'api_key.revoked' })).toBe(1);
  });

  it('keeps accepting keys of the old format (cqk_ + 43 characters)', async () => {
    const oldKey = `cqk_${'x'.repeat(43)}`;
    await server.app.services.apiKeys.create(server.tenantId, 'legacy', ['quality-engineer'], oldKey);
    expect((await server.query(MeDocument, undefined, oldKey)).me).toMatchObject({ kind: 'API_KEY', name: 'legacy' });
  });

  it('refuses a new-format key whose checksum does not match', async () => {
    const created = await newKey(['quality-engineer'], 'typo');
    const typo = created.key.slice(0, -1) + (created.key.at(-1) === 'A' ? 'B' : 'A');
    expect((await server.request(MeDocument, undefined, { key: typo })).status).toBe(401);
  });

  it.each([
    { title: 'an unknown role', input: { name: 'x', roles: ['root'] }, problems: [{ path: '/roles/0', code: 'UNKNOWN_ROLE' }] },
    { title: 'an empty name', input: { name: '  ', roles: [] }, problems: [{ path: '/name', code: 'LENGTH' }] },
  ])('refuses $title with VALIDATION_FAILED and creates nothing', async ({ input, problems }) => {
    const before = await server.app.services.db.system().count(ApiKey, {});
    const { createApiKey } = await server.query(CreateApiKeyDocument, { input });
    expect(createApiKey).toMatchObject({ __typename: 'ValidationError', problems });
    expect(await server.app.services.db.system().count(ApiKey, {})).toBe(before);
  });

  it.each([
    { title: 'a user without the admin role', credential: async () => accessToken(server, 'no.admin') },
    { title: 'a key without the admin role', credential: async () => (await newKey(['quality-engineer'], 'not admin')).key },
  ])('gives $title FORBIDDEN for apiKeys, createApiKey and revokeApiKey', async ({ credential }) => {
    if (!(await server.stored().count(DomainEvent, { type: 'user.created' }))) await createUser(server, { username: 'no.admin', roles: ['quality-engineer'] });
    const key = await credential();
    const adminKeyId = (await server.query(ApiKeysDocument)).apiKeys[0].id;
    for (const result of [
      await server.request(ApiKeysDocument, undefined, { key }),
      await server.request(CreateApiKeyDocument, { input: { name: 'x', roles: ['admin'] } }, { key }),
      await server.request(RevokeApiKeyDocument, { id: adminKeyId }, { key }),
    ]) {
      expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
    }
    expect((await server.request(MeDocument, undefined, { key: ADMIN_KEY })).status).toBe(200);
  });

  it("gives another tenant's admin NOT_FOUND when revoking this tenant's key, and lists only its own keys", async () => {
    const ours = (await server.query(ApiKeysDocument)).apiKeys[0];
    const { revokeApiKey } = await server.query(RevokeApiKeyDocument, { id: ours.id }, other.key);
    expect(revokeApiKey).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect((await server.request(MeDocument, undefined, { key: ADMIN_KEY })).status).toBe(200);
    expect((await server.query(ApiKeysDocument, undefined, other.key)).apiKeys.map((k) => k.name)).toEqual(['other-plant admin']);
  });
});
