import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthSecret, RefreshToken, Session } from '../../../src/auth/session.entity';
import { signJwt } from '../../../src/auth/jwt';
import { kidOf, RELOAD_MS } from '../../../src/auth/signing-keys';
import { ManualClock } from '../../../src/scheduler/clock';
import { MeDocument, LogoutDocument } from '../../__generated__/graphql';
import { accessToken, createUser, login, PASSWORD, refresh } from '../../fixtures/auth';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const clock = new ManualClock(new Date());
let server: TestServer;
let secret: Buffer;
let key: { kid: string; secret: Buffer };

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  await createUser(server, { username: 'wang.li', displayName: '王丽', roles: ['quality-engineer'], departments: ['quality'], level: 'engineer' });
  await createUser(server, { username: 'locked.out' });
  await createUser(server, { username: 'fresh.user' });
  secret = Buffer.from((await server.app.services.db.system().findOneOrFail(AuthSecret, { name: 'jwt-hs256' })).value, 'utf8');
  key = { kid: kidOf(secret), secret };
});
afterAll(() => server?.stop());

const meWith = (token: string) => server.request(MeDocument, undefined, { key: token });

describe('login', () => {
  it('returns a short-lived access token and a refresh token; the access token authenticates GraphQL as the user', async () => {
    const { status, body } = await login(server, 'Wang.Li', PASSWORD);
    expect(status).toBe(200);
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(body.refreshToken).toMatch(/^cqr_[A-Za-z0-9_-]{43}$/);
    const [header, payload] = body.accessToken!.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT', kid: key.kid });
    expect(payload).toMatchObject({ iss: 'complaint-qms', aud: 'complaint-qms-api', tid: server.tenantId });
    expect(payload.exp - payload.iat).toBe(900);
    const { data } = await meWith(body.accessToken!);
    expect(data!.me).toMatchObject({ kind: 'USER', name: '王丽', username: 'wang.li', roles: ['quality-engineer'], departments: ['quality'], level: 'engineer', tenant: 'default' });
    expect(data!.me.id).toBe(`user:${payload.sub}`);
  });

  it.each([
    { title: 'a wrong password', username: 'wang.li', password: 'not the password at all', tenant: undefined },
    { title: 'an unknown username', username: 'nobody.here', password: PASSWORD, tenant: undefined },
    { title: 'an unknown tenant', username: 'wang.li', password: PASSWORD, tenant: 'no-such-plant' },
  ])('answers $title with the same 401 INVALID_CREDENTIALS', async ({ username, password, tenant }) => {
    const { status, body } = await login(server, username, password, tenant);
    expect(status).toBe(401);
    expect(body).toEqual({ errors: [{ message: 'Unknown tenant or username, or wrong password', extensions: { code: 'INVALID_CREDENTIALS' } }] });
  });

  it('stores the signing key generated at first start, and only hashes of refresh tokens', async () => {
    expect(secret.length).toBeGreaterThanOrEqual(43);
    const { body } = await login(server, 'wang.li', PASSWORD);
    const stored = await server.app.services.db.system().find(RefreshToken, {});
    expect(JSON.stringify(stored)).not.toContain(body.refreshToken);
  });
});

describe('refresh', () => {
  it('rotates the refresh token; presenting a used one again revokes the whole session', async () => {
    const first = (await login(server, 'wang.li', PASSWORD)).body;
    const second = await refresh(server, first.refreshToken!);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const third = await refresh(server, second.body.refreshToken!);
    expect(third.status).toBe(200);
    expect((await meWith(third.body.accessToken!)).status).toBe(200);

    // The first token was rotated away: a thief replaying it ends the session for everybody.
    const replay = await refresh(server, first.refreshToken!);
    expect(replay).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'INVALID_REFRESH_TOKEN' } }] } });
    expect((await refresh(server, third.body.refreshToken!)).status).toBe(401);
    const denied = await meWith(third.body.accessToken!);
    expect(denied.status).toBe(401);
    expect(denied.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const sid = JSON.parse(Buffer.from(third.body.accessToken!.split('.')[1], 'base64url').toString()).sid;
    expect(await server.stored().findOneOrFail(Session, { id: sid })).toMatchObject({ revokedReason: 'refresh_reuse' });
  });

  it.each([
    { title: 'an unknown token', token: `cqr_${'A'.repeat(43)}` },
    { title: 'a malformed token', token: 'not-a-token' },
  ])('refuses $title with 401 INVALID_REFRESH_TOKEN', async ({ token }) => {
    expect(await refresh(server, token)).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'INVALID_REFRESH_TOKEN' } }] } });
  });

  it('logs in and refreshes once the signing-key ring is due for a re-read (on SQLite it is read in the login\'s own transaction)', async () => {
    clock.advance(RELOAD_MS + 1_000);
    const first = await login(server, 'wang.li', PASSWORD);
    expect(first.status).toBe(200);
    clock.advance(RELOAD_MS + 1_000);
    const second = await refresh(server, first.body.refreshToken!);
    expect(second.status).toBe(200);
    expect((await meWith(second.body.accessToken!)).status).toBe(200);
  });

  it('refuses a refresh token after the session lifetime', async () => {
    const { body } = await login(server, 'wang.li', PASSWORD);
    clock.advance(31 * 86_400_000);
    try {
      expect((await refresh(server, body.refreshToken!)).status).toBe(401);
    } finally {
      clock.advance(-31 * 86_400_000);
    }
  });
});

describe('logout', () => {
  it('revokes the session: the access token is refused at once and the refresh token too', async () => {
    const { body } = await login(server, 'wang.li', PASSWORD);
    const other = await accessToken(server, 'wang.li');
    expect((await server.query(LogoutDocument, undefined, body.accessToken)).logout).toBe(true);
    const after = await meWith(body.accessToken!);
    expect(after.status).toBe(401);
    expect(after.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await refresh(server, body.refreshToken!)).status).toBe(401);
    // Another session of the same user goes on.
    expect((await meWith(other)).status).toBe(200);
  });

  it('is false for an API key', async () => {
    expect((await server.query(LogoutDocument)).logout).toBe(false);
  });
});

describe('lockout', () => {
  it.each([
    { title: 'an existing user', username: 'locked.out' },
    { title: 'an unknown username (nothing revealed)', username: 'ghost.user' },
  ])('allows 5 failures with 401, then answers 429 ACCOUNT_LOCKED even to the right password, for $title', async ({ username }) => {
    for (let i = 1; i <= 5; i++) {
      const failed = await login(server, username, `wrong password ${i}`);
      expect(failed.status).toBe(401);
      expect(failed.body.errors![0].extensions.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await login(server, username, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ errors: [{ message: 'Too many failed logins: try again later', extensions: { code: 'ACCOUNT_LOCKED' } }] });
    expect(Number(locked.headers.get('retry-after'))).toBe(900);
  });

  it('lets the user in again after the lock period', async () => {
    clock.advance(15 * 60_000 + 1_000);
    expect((await login(server, 'locked.out', PASSWORD)).status).toBe(200);
  });

  it('counts failures afresh after a success', async () => {
    for (let i = 0; i < 4; i++) expect((await login(server, 'fresh.user', 'wrong password!!')).status).toBe(401);
    expect((await login(server, 'fresh.user', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(server, 'fresh.user', 'wrong password!!')).status).toBe(401);
    expect((await login(server, 'fresh.user', PASSWORD)).status).toBe(200);
  });
});

describe('access token checks', () => {
  const claims = async () => {
    const token = await accessToken(server, 'wang.li');
    return { token, claims: JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) };
  };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('refuses an expired token (the app clock moved 15 min + leeway on)', async () => {
    const { token } = await claims();
    expect((await meWith(token)).status).toBe(200);
    clock.advance(15 * 60_000 + 31_000);
    const result = await meWith(token);
    expect(result.status).toBe(401);
    expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    { title: 'a wrong signature', make: (c: Record<string, unknown>) => signJwt(c as never, { kid: key.kid, secret: Buffer.from('another secret of at least thirty-two bytes') }) },
    { title: 'alg none', make: (c: Record<string, unknown>) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(c)}.` },
    { title: 'alg none with a signature', make: (c: Record<string, unknown>) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(c)}.${'A'.repeat(43)}` },
    { title: 'alg HS512', make: async (c: Record<string, unknown>) => { const [, p, s] = (await signJwt(c as never, key)).split('.'); return `${b64({ alg: 'HS512', typ: 'JWT' })}.${p}.${s}`; } },
    { title: 'a wrong issuer', make: (c: Record<string, unknown>) => signJwt({ ...c, iss: 'someone-else' } as never, key) },
    { title: 'a wrong audience', make: (c: Record<string, unknown>) => signJwt({ ...c, aud: 'another-api' } as never, key) },
    { title: 'an expiry in the past', make: (c: Record<string, unknown>) => signJwt({ ...c, exp: (c.iat as number) - 60 } as never, key) },
    { title: 'another tenant in the claims', make: (c: Record<string, unknown>) => signJwt({ ...c, tid: '00000000-0000-4000-8000-000000000000' } as never, key) },
  ])('refuses $title with 401 UNAUTHENTICATED', async ({ make }) => {
    const { claims: c } = await claims();
    const control = await signJwt(c, key);
    expect((await meWith(control)).status).toBe(200);
    const result = await meWith(await make(c));
    expect(result.status).toBe(401);
    expect(result.data ?? null).toBeNull();
    expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});
