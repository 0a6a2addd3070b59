import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../../src/auth/session.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { CreateApiKeyDocument, CreateUserDocument, DisableUserDocument, EventStreamDocument, LogoutDocument, ResetUserPasswordDocument, RevokeApiKeyDocument, type EventFieldsFragment } from '../../__generated__/graphql';
import { accessToken, createUser, PASSWORD } from '../../fixtures/auth';
import { closeOf, subscribeEvents } from '../../fixtures/subscriptions';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const clock = new ManualClock(new Date());
let server: TestServer;
let n = 0;

// A short sweep stands in for another instance's revoke, noticed only by re-checking the database.
beforeAll(async () => {
  server = await startTestServer({ SUBSCRIPTION_RECHECK_MS: '100', SCHEDULER_INTERVAL_MS: '0' }, { clock });
});
afterAll(() => server?.stop());

/** Appends an event of the tenant (a new user) so that a live subscriber has something to receive. */
async function touch(): Promise<void> {
  const { createUser: u } = await server.query(CreateUserDocument, { input: { username: `filler.${++n}`, displayName: 'filler', password: PASSWORD, roles: [], departments: [] } });
  expect(u.__typename).toBe('User');
}

/** A user with a live subscription over a connection authenticated by its access token. */
async function subscribedUser(username: string) {
  const id = await createUser(server, { username, roles: ['quality-engineer'] });
  const token = await accessToken(server, username);
  const client = server.wsClient(token);
  const closed = closeOf(client);
  const stream = await subscribeEvents<EventFieldsFragment>(client, EventStreamDocument, { filter: { types: ['user.created'] } }, server.subscriptions);
  await touch();
  expect((await stream.next()).type).toBe('user.created');
  return { id, token, client, closed, stream };
}

describe('subscriptions end with their credential', () => {
  it.each([
    { title: 'logout', reason: 'Session ended: logout', end: (u: { token: string }) => server.query(LogoutDocument, undefined, u.token) },
    { title: 'the user disabled', reason: 'Session ended: disabled', end: (u: { id: string }) => server.query(DisableUserDocument, { id: u.id }) },
    { title: 'a password reset', reason: 'Session ended: password_reset', end: (u: { id: string }) => server.query(ResetUserPasswordDocument, { id: u.id, password: 'another long enough password' }) },
  ])('closes with 4403 after $title and delivers nothing more', async ({ title, reason, end }) => {
    const user = await subscribedUser(`ws.${title.replace(/\W/g, '')}`);
    await end(user);
    expect(await user.closed).toEqual({ code: 4403, reason });
    await touch();
    await expect(user.stream.next(300)).rejects.toThrow();
  });

  it('closes with 4403 when the session is revoked on another instance (found by the periodic re-check)', async () => {
    const user = await subscribedUser('ws.elsewhere');
    const sid = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString()).sid as string;
    // tenant-scope: reviewed — test: the session row as another instance's logout leaves it
    await server.stored().nativeUpdate(Session, { id: sid }, { revokedAt: clock.now(), revokedReason: 'logout' });
    expect(await user.closed).toEqual({ code: 4403, reason: 'Session ended: logout' });
    expect(await server.stored().findOneOrFail(Session, { id: sid })).toMatchObject({ revokedReason: 'logout' });
  });

  it('closes with 4401 at the access token expiry; reconnecting with a fresh token subscribes again', async () => {
    const user = await subscribedUser('ws.expiring');
    clock.advance(899_000);
    await touch();
    expect((await user.stream.next()).type).toBe('user.created');
    clock.advance(1_000);
    expect(await user.closed).toEqual({ code: 4401, reason: 'Access token expired: refresh it and reconnect' });

    const again = server.wsClient(await accessToken(server, 'ws.expiring'));
    const stream = await subscribeEvents<EventFieldsFragment>(again, EventStreamDocument, { filter: { types: ['user.created'] } }, server.subscriptions);
    await touch();
    expect((await stream.next()).type).toBe('user.created');
  });

  it('closes with 4403 when the API key of the connection is revoked', async () => {
    const { createApiKey } = await server.query(CreateApiKeyDocument, { input: { name: 'integration bot', roles: ['quality-engineer'] } });
    if (createApiKey.__typename !== 'ApiKeyWithSecret') throw new Error(createApiKey.__typename);
    const client = server.wsClient(createApiKey.key);
    const closed = closeOf(client);
    const stream = await subscribeEvents<EventFieldsFragment>(client, EventStreamDocument, { filter: { types: ['user.created'] } }, server.subscriptions);
    await touch();
    expect((await stream.next()).type).toBe('user.created');
    const { revokeApiKey } = await server.query(RevokeApiKeyDocument, { id: createApiKey.apiKey.id });
    expect(revokeApiKey).toMatchObject({ __typename: 'ApiKey', revokedAt: expect.any(String) });
    expect(await closed).toEqual({ code: 4403, reason: 'API key revoked' });
  });

  it('keeps a connection whose credential still holds (another user logging out ends only theirs)', async () => {
    const stays = await subscribedUser('ws.stays');
    const leaves = await subscribedUser('ws.leaves');
    await server.query(LogoutDocument, undefined, leaves.token);
    expect((await leaves.closed).code).toBe(4403);
    await touch();
    expect((await stays.stream.next()).type).toBe('user.created');
  });
});
