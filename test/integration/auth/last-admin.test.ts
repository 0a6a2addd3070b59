import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../../src/auth/api-key.entity';
import { User } from '../../../src/auth/user.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { localUuid, toGlobalId } from '../../../src/shared/graphql/global-id';
import { CreateApiKeyDocument, DisableUserDocument, RevokeApiKeyDocument, UpdateUserDocument } from '../../__generated__/graphql';
import { createUser } from '../../fixtures/auth';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' });
});
afterAll(() => server?.stop());

/** A fresh tenant: its admin key, and an em scoped to it for asserting on what was stored. */
async function tenant(slug: string) {
  const { tenantId, key } = await server.createTenant(slug, { withTemplates: true });
  return { key, em: () => server.app.services.db.forTenant(tenantId) };
}

async function createKey(key: string, name: string, roles: string[]): Promise<{ id: string; key: string }> {
  const { createApiKey } = await server.query(CreateApiKeyDocument, { input: { name, roles } }, key);
  if (createApiKey.__typename !== 'ApiKeyWithSecret') throw new Error(createApiKey.__typename);
  return { id: createApiKey.apiKey.id, key: createApiKey.key };
}

describe('last-admin guard', () => {
  it.each([
    { title: 'disabling the last enabled admin user', change: (key: string, id: string) => server.query(DisableUserDocument, { id }, key).then((r) => r.disableUser) },
    { title: 'removing the admin role from them', change: (key: string, id: string) => server.query(UpdateUserDocument, { input: { id, roles: ['quality-manager'] } }, key).then((r) => r.updateUser) },
  ])('refuses $title with LAST_ADMIN and changes nothing', async ({ title, change }) => {
    const t = await tenant(`guard-${title.length}`);
    const id = await createUser(server, { username: 'the.boss', roles: ['admin'] }, t.key);
    const eventsBefore = await t.em().count(DomainEvent, {});
    expect(await change(t.key, id)).toMatchObject({ __typename: 'LastAdminError', code: 'LAST_ADMIN', id, message: 'This is the last administrator: make another user an admin first' });
    expect(await t.em().findOneOrFail(User, { id: localUuid(id, 'User')! })).toMatchObject({ roles: ['admin'], disabledAt: null });
    expect(await t.em().count(DomainEvent, {})).toBe(eventsBefore);
  });

  it('allows it while another admin user stays enabled; then that one is the last', async () => {
    const t = await tenant('guard-two');
    const boss = await createUser(server, { username: 'the.boss', roles: ['admin'] }, t.key);
    const deputy = await createUser(server, { username: 'the.deputy', roles: ['admin', 'quality-manager'] }, t.key);
    expect((await server.query(DisableUserDocument, { id: boss }, t.key)).disableUser).toMatchObject({ __typename: 'User', disabledAt: expect.any(String) });
    expect((await server.query(UpdateUserDocument, { input: { id: deputy, roles: ['quality-manager'] } }, t.key)).updateUser).toMatchObject({ __typename: 'LastAdminError', code: 'LAST_ADMIN', id: deputy });
    expect((await server.query(DisableUserDocument, { id: deputy }, t.key)).disableUser).toMatchObject({ __typename: 'LastAdminError', code: 'LAST_ADMIN', id: deputy });
    // Removing the role of a disabled admin leaves the count of enabled admins as it is.
    expect((await server.query(UpdateUserDocument, { input: { id: boss, roles: [] } }, t.key)).updateUser).toMatchObject({ __typename: 'User', roles: [] });
  });

  it('lets exactly one of two concurrent disables of the last two admins through', async () => {
    const t = await tenant('guard-race');
    const ids = [await createUser(server, { username: 'admin.one', roles: ['admin'] }, t.key), await createUser(server, { username: 'admin.two', roles: ['admin'] }, t.key)];
    const results = await Promise.all(ids.map((id) => server.query(DisableUserDocument, { id }, t.key).then((r) => r.disableUser.__typename)));
    expect(results.sort()).toEqual(['LastAdminError', 'User']);
    expect((await t.em().find(User, { disabledAt: null })).map((u) => u.username)).toHaveLength(1);
  });

  it('refuses to revoke the last admin credential (no admin user, one admin key left); other keys revoke freely', async () => {
    const t = await tenant('guard-keys');
    const reader = await createKey(t.key, 'reader', ['quality-engineer']);
    const spare = await createKey(t.key, 'spare admin', ['admin']);
    expect((await server.query(RevokeApiKeyDocument, { id: reader.id }, t.key)).revokeApiKey).toMatchObject({ __typename: 'ApiKey', revokedAt: expect.any(String) });
    const first = await t.em().findOneOrFail(ApiKey, { name: 'guard-keys admin' });
    expect((await server.query(RevokeApiKeyDocument, { id: toGlobalId('ApiKey', first.id) }, t.key)).revokeApiKey).toMatchObject({ __typename: 'ApiKey', revokedAt: expect.any(String) });
    expect((await server.query(RevokeApiKeyDocument, { id: spare.id }, spare.key)).revokeApiKey).toMatchObject({ __typename: 'LastAdminError', code: 'LAST_ADMIN', id: spare.id });
    expect(await t.em().findOneOrFail(ApiKey, { id: localUuid(spare.id, 'ApiKey')! })).toMatchObject({ revokedAt: null });
    expect(await t.em().count(DomainEvent, { type: 'api_key.revoked' })).toBe(2);
  });
});
