import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt, type AccessClaims } from '../../../src/auth/jwt';
import { AuthSecret } from '../../../src/auth/session.entity';
import { keyUuid, kidOf } from '../../../src/auth/signing-keys';
import { DomainEvent } from '../../../src/db/event.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { MeDocument, RotateSigningKeyDocument, SigningKeysDocument } from '../../__generated__/graphql';
import { accessToken, createUser } from '../../fixtures/auth';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const decode = (token: string, part: 0 | 1) => JSON.parse(Buffer.from(token.split('.')[part], 'base64url').toString());
/** The claims of a real token, for signing look-alikes with other keys. */
const claimsOf = (token: string): AccessClaims => decode(token, 1);

describe('signing keys stored in the database', () => {
  const clock = new ManualClock(new Date());
  let server: TestServer;
  const status = async (token: string) => (await server.request(MeDocument, undefined, { key: token })).status;
  // The table also holds the e-signature MAC key; only the token-signing keys are compared.
  const stored = () => server.app.services.db.system().find(AuthSecret, { name: { $like: 'jwt-hs256%' } }, { orderBy: { createdAt: 'asc' } });

  beforeAll(async () => {
    server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
    await createUser(server, { username: 'key.user' });
  });
  afterAll(() => server?.stop());

  it('rotates: new tokens carry the new kid, tokens of the old key verify until it retires, then 401; retired keys are removed', async () => {
    const before = await accessToken(server, 'key.user');
    const [first] = await stored();
    const oldKey = { kid: kidOf(Buffer.from(first.value, 'utf8')), secret: Buffer.from(first.value, 'utf8') };
    expect(decode(before, 0)).toEqual({ alg: 'HS256', typ: 'JWT', kid: oldKey.kid });

    const { rotateSigningKey: rotated } = await server.query(RotateSigningKeyDocument);
    if (rotated.__typename !== 'SigningKeyRotated') throw new Error(rotated.__typename);
    const retiresAt = new Date(clock.now().getTime() + (900 + 60 + 30) * 1000).toISOString();
    expect(rotated).toMatchObject({ key: { signing: true, retiresAt: null }, previous: { kid: oldKey.kid, signing: false, retiresAt } });
    expect(rotated.key.kid).not.toBe(oldKey.kid);
    expect((await stored()).map((k) => k.name)).toEqual(['jwt-hs256', `jwt-hs256:${rotated.key.kid}`]);
    const [event] = await server.stored().find(DomainEvent, { type: 'auth.signing_key_rotated' });
    expect(event).toMatchObject({ subjectType: 'SigningKey', subjectId: keyUuid(rotated.key.kid), data: { before: { kid: oldKey.kid }, after: { kid: rotated.key.kid } } });
    expect(JSON.stringify(event.data)).not.toContain((await stored())[1].value);
    expect((await server.query(SigningKeysDocument)).signingKeys.map((k) => [k.kid, k.signing])).toEqual([[rotated.key.kid, true], [oldKey.kid, false]]);

    const after = await accessToken(server, 'key.user');
    expect(decode(after, 0).kid).toBe(rotated.key.kid);
    expect(await status(before)).toBe(200);
    // A token of the old key that outlives its retirement (its own expiry would otherwise end it first).
    const late = await signJwt({ ...claimsOf(before), exp: claimsOf(before).exp + 3600 }, oldKey);
    expect(await status(late)).toBe(200);

    clock.set(retiresAt);
    expect(await status(late)).toBe(401);
    expect(await status(await signJwt({ ...claimsOf(after), exp: claimsOf(after).exp + 3600 }, { kid: rotated.key.kid, secret: Buffer.from((await stored())[1].value, 'utf8') }))).toBe(200);
    expect((await server.query(SigningKeysDocument)).signingKeys.map((k) => k.kid)).toEqual([rotated.key.kid]);

    const { rotateSigningKey: again } = await server.query(RotateSigningKeyDocument);
    if (again.__typename !== 'SigningKeyRotated') throw new Error(again.__typename);
    expect((await stored()).map((k) => k.name)).toEqual([`jwt-hs256:${rotated.key.kid}`, `jwt-hs256:${again.key.kid}`]);
  });

  it('verifies a key another instance rotated in (an unknown kid reads the ring again)', async () => {
    const token = await accessToken(server, 'key.user');
    const value = 'x'.repeat(43);
    await server.app.services.db.system().insert(AuthSecret, { name: `jwt-hs256:${kidOf(Buffer.from(value))}`, value, createdAt: clock.now() });
    const elsewhere = await signJwt(claimsOf(token), { kid: kidOf(Buffer.from(value)), secret: Buffer.from(value) });
    expect(await status(elsewhere)).toBe(200);
  });

  it.each([
    { title: 'an unknown kid', header: { kid: 'not-a-known-kid0' } },
    { title: 'no kid', header: {} },
  ])('refuses a token with $title with 401', async ({ header }) => {
    const token = await accessToken(server, 'key.user');
    const [, payload, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header })).toString('base64url')}.${payload}.${signature}`;
    const result = await server.request(MeDocument, undefined, { key: forged });
    expect(result.status).toBe(401);
    expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it("refuses another tenant's admin: the keys serve the whole deployment", async () => {
    const other = await server.createTenant('not-the-operator', { withTemplates: false });
    const result = await server.request(RotateSigningKeyDocument, undefined, { key: other.key });
    expect(result.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('signing keys from JWT_SECRET and JWT_PREVIOUS_SECRETS', () => {
  const current = 'the-current-secret-of-at-least-32-characters';
  const previous = 'the-previous-secret-of-at-least-32-characters';
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0', JWT_SECRET: current, JWT_PREVIOUS_SECRETS: previous });
    await createUser(server, { username: 'env.user' });
  });
  afterAll(() => server?.stop());

  it('signs with JWT_SECRET, still verifies JWT_PREVIOUS_SECRETS, refuses rotation over GraphQL and stores no key', async () => {
    const token = await accessToken(server, 'env.user');
    expect(decode(token, 0).kid).toBe(kidOf(Buffer.from(current)));
    const byPrevious = await signJwt(claimsOf(token), { kid: kidOf(Buffer.from(previous)), secret: Buffer.from(previous) });
    expect((await server.request(MeDocument, undefined, { key: byPrevious })).status).toBe(200);
    expect(await server.query(RotateSigningKeyDocument)).toEqual({ rotateSigningKey: { __typename: 'KeysFromEnvironmentError', code: 'KEYS_FROM_ENVIRONMENT', message: expect.any(String) } });
    expect(await server.app.services.db.system().count(AuthSecret, { name: { $like: 'jwt-hs256%' } })).toBe(0);
  });
});
