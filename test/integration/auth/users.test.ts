import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../../src/auth/user.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import {
  ChangeMyPasswordDocument,
  CreateComplaintDocument,
  CreateUserDocument,
  DisableUserDocument,
  EnableUserDocument,
  MeDocument,
  ResetUserPasswordDocument,
  UpdateUserDocument,
  UserDocument,
  UsersDocument,
} from '../../__generated__/graphql';
import { createInput } from '../../fixtures/complaints';
import { accessToken, createUser, login, PASSWORD, refresh } from '../../fixtures/auth';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
let other: { tenantId: string; key: string };
let adminToken: string;
let engineerToken: string;
let engineerId: string;

beforeAll(async () => {
  server = await startTestServer();
  other = await server.createTenant('other-plant');
  await createUser(server, { username: 'zhang.admin', displayName: '张管理', roles: ['admin'] });
  adminToken = await accessToken(server, 'zhang.admin');
  engineerId = await createUser(server, { username: 'li.qe', displayName: '李工', roles: ['quality-engineer'], departments: ['quality'], level: 'engineer' }, adminToken);
  engineerToken = await accessToken(server, 'li.qe');
});
afterAll(() => server?.stop());

const events = (type: string) => server.stored().find(DomainEvent, { type }, { orderBy: { sequence: 'asc' } });

describe('user admin', () => {
  it("records the admin user's name as the actor of user.created, without the password or its hash", async () => {
    const [created] = (await events('user.created')).filter((e) => (e.data as { after: { username: string } }).after.username === 'li.qe');
    expect(created).toMatchObject({ actorName: '张管理', subjectType: 'User' });
    expect(created.actorId).toMatch(/^user:/);
    expect(created.data).toEqual({ after: { username: 'li.qe', displayName: '李工', roles: ['quality-engineer'], departments: ['quality'], level: 'engineer', disabled: false } });
    const stored = await server.stored().findOneOrFail(User, { username: 'li.qe' }, { populate: ['passwordHash'] });
    expect(stored.passwordHash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const all = JSON.stringify(await server.stored().find(DomainEvent, {}));
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(stored.passwordHash);
  });

  it("records a user's complaint with the user's name as the event actor", async () => {
    const cs = await createUser(server, { username: 'chen.cs', displayName: '陈客服', roles: ['customer-service-agent'] });
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() }, await accessToken(server, 'chen.cs'));
    expect(createComplaint.__typename).toBe('Complaint');
    const [event] = (await events('complaint.created')).slice(-1);
    expect(event).toMatchObject({ actorName: '陈客服', actorId: `user:${Buffer.from(cs, 'base64url').toString().split(':')[1]}` });
  });

  it.each([
    { title: 'an unknown role', input: { roles: ['quality-engineer', 'wizard'] }, problems: [{ path: '/roles/1', code: 'UNKNOWN_ROLE' }] },
    { title: 'an unknown department', input: { departments: ['moon-base'] }, problems: [{ path: '/departments/0', code: 'UNKNOWN_DEPARTMENT' }] },
    { title: 'an unknown level', input: { level: 'emperor' }, problems: [{ path: '/level', code: 'UNKNOWN_LEVEL' }] },
    { title: 'a short password', input: { password: 'short' }, problems: [{ path: '/password', code: 'MIN_LENGTH' }] },
    { title: 'a bad username', input: { username: 'has space' }, problems: [{ path: '/username', code: 'PATTERN' }] },
    { title: 'a taken username (any case)', input: { username: 'LI.QE' }, problems: [{ path: '/username', code: 'TAKEN' }] },
  ])('refuses $title with VALIDATION_FAILED and creates nothing', async ({ input, problems }) => {
    const before = await server.stored().count(User, {});
    const { createUser: result } = await server.query(CreateUserDocument, { input: { username: 'new.person', displayName: 'New', password: PASSWORD, roles: [], departments: [], ...input } });
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems });
    expect(await server.stored().count(User, {})).toBe(before);
  });

  it('updates roles, departments, level and name; the user sees them at the next request', async () => {
    const { updateUser } = await server.query(UpdateUserDocument, { input: { id: engineerId, displayName: '李工程师', roles: ['quality-engineer', 'quality-manager'], level: 'manager' } }, adminToken);
    expect(updateUser).toMatchObject({ __typename: 'User', displayName: '李工程师', roles: ['quality-engineer', 'quality-manager'], departments: ['quality'], level: 'manager' });
    const { me } = await server.query(MeDocument, undefined, engineerToken);
    expect(me).toMatchObject({ name: '李工程师', roles: ['quality-engineer', 'quality-manager'], level: 'manager' });
    const [event] = (await events('user.updated')).slice(-1);
    expect(event.data).toMatchObject({ before: { displayName: '李工', level: 'engineer' }, after: { displayName: '李工程师', level: 'manager' } });
    const cleared = await server.query(UpdateUserDocument, { input: { id: engineerId, level: null } }, adminToken);
    expect(cleared.updateUser).toMatchObject({ level: null, departments: ['quality'] });
  });

  it('refuses invalid updates with nothing changed', async () => {
    const { updateUser } = await server.query(UpdateUserDocument, { input: { id: engineerId, roles: ['ghost'] } });
    expect(updateUser).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/roles/0', code: 'UNKNOWN_ROLE' }] });
    expect((await server.stored().findOneOrFail(User, { username: 'li.qe' })).roles).toEqual(['quality-engineer', 'quality-manager']);
  });

  it.each([
    { title: 'users', run: (key: string) => server.request(UsersDocument, undefined, { key }) },
    { title: 'user', run: (key: string) => server.request(UserDocument, { id: engineerId }, { key }) },
    { title: 'createUser', run: (key: string) => server.request(CreateUserDocument, { input: { username: 'sneaky', displayName: 'S', password: PASSWORD, roles: ['admin'], departments: [] } }, { key }) },
    { title: 'updateUser', run: (key: string) => server.request(UpdateUserDocument, { input: { id: engineerId, roles: ['admin'] } }, { key }) },
    { title: 'disableUser', run: (key: string) => server.request(DisableUserDocument, { id: engineerId }, { key }) },
    { title: 'resetUserPassword', run: (key: string) => server.request(ResetUserPasswordDocument, { id: engineerId, password: 'a brand new password' }, { key }) },
  ])('gives a non-admin FORBIDDEN for $title, with nothing changed', async ({ run }) => {
    const eventsBefore = await server.stored().count(DomainEvent, {});
    const result = await run(engineerToken);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })]);
    expect(await server.stored().count(DomainEvent, {})).toBe(eventsBefore);
    expect((await server.stored().findOneOrFail(User, { username: 'li.qe' })).roles).not.toContain('admin');
  });

  it.each([
    { title: 'user', run: () => server.request(UserDocument, { id: engineerId }, { key: other.key }).then((r) => r.errors?.[0].extensions?.code) },
    { title: 'updateUser', run: () => server.query(UpdateUserDocument, { input: { id: engineerId, displayName: 'X' } }, other.key).then((r) => r.updateUser.__typename === 'NotFoundError' && r.updateUser.code) },
    { title: 'disableUser', run: () => server.query(DisableUserDocument, { id: engineerId }, other.key).then((r) => r.disableUser.__typename === 'NotFoundError' && r.disableUser.code) },
    { title: 'resetUserPassword', run: () => server.query(ResetUserPasswordDocument, { id: engineerId, password: 'a brand new password' }, other.key).then((r) => r.resetUserPassword.__typename === 'NotFoundError' && r.resetUserPassword.code) },
  ])("gives another tenant's admin NOT_FOUND for $title", async ({ run }) => {
    expect(await run()).toBe('NOT_FOUND');
    expect((await server.query(UsersDocument, undefined, other.key)).users).toEqual([]);
    expect((await server.stored().findOneOrFail(User, { username: 'li.qe' })).disabledAt).toBeNull();
  });

  it('disables a user: login refused, tokens refused at once; enabling lets them log in again', async () => {
    await createUser(server, { username: 'temp.worker' });
    const { body } = await login(server, 'temp.worker', PASSWORD);
    const id = (await server.query(UsersDocument)).users.find((u) => u.username === 'temp.worker')!.id;
    expect((await server.query(DisableUserDocument, { id }, adminToken)).disableUser).toMatchObject({ __typename: 'User', disabledAt: expect.any(String) });
    expect((await server.request(MeDocument, undefined, { key: body.accessToken })).status).toBe(401);
    expect((await refresh(server, body.refreshToken!)).status).toBe(401);
    expect((await login(server, 'temp.worker', PASSWORD)).body.errors![0].extensions.code).toBe('INVALID_CREDENTIALS');
    expect((await events('user.disabled')).at(-1)).toMatchObject({ actorName: '张管理' });
    expect((await server.query(EnableUserDocument, { id })).enableUser).toMatchObject({ disabledAt: null });
    expect((await login(server, 'temp.worker', PASSWORD)).status).toBe(200);
  });

  it('refuses to let an admin disable themselves', async () => {
    const self = (await server.query(UsersDocument)).users.find((u) => u.username === 'zhang.admin')!.id;
    const { disableUser } = await server.query(DisableUserDocument, { id: self }, adminToken);
    expect(disableUser).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/id', code: 'SELF' }] });
  });

  it('resets a password: the old one and the old sessions stop, the new one works; the event has no secret', async () => {
    await createUser(server, { username: 'forgetful' });
    const old = await login(server, 'forgetful', PASSWORD);
    const id = (await server.query(UsersDocument)).users.find((u) => u.username === 'forgetful')!.id;
    expect((await server.query(ResetUserPasswordDocument, { id, password: 'the new password 2026' }, adminToken)).resetUserPassword.__typename).toBe('User');
    expect((await server.request(MeDocument, undefined, { key: old.body.accessToken })).status).toBe(401);
    expect((await login(server, 'forgetful', PASSWORD)).status).toBe(401);
    expect((await login(server, 'forgetful', 'the new password 2026')).status).toBe(200);
    const [event] = (await events('user.password_reset')).slice(-1);
    expect(event).toMatchObject({ actorName: '张管理', data: { sessionsEnded: 1 } });
    expect(JSON.stringify(event)).not.toContain('the new password 2026');
  });
});

describe('changeMyPassword', () => {
  it('needs the current password; nothing changes without it', async () => {
    const { changeMyPassword } = await server.query(ChangeMyPasswordDocument, { currentPassword: 'not my password', newPassword: 'a fine new password' }, engineerToken);
    expect(changeMyPassword).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/currentPassword', code: 'INCORRECT' }] });
    expect((await login(server, 'li.qe', PASSWORD)).status).toBe(200);
  });

  it("changes it and ends the user's other sessions, keeping this one", async () => {
    const elsewhere = await accessToken(server, 'li.qe');
    const { changeMyPassword } = await server.query(ChangeMyPasswordDocument, { currentPassword: PASSWORD, newPassword: 'a fine new password' }, engineerToken);
    expect(changeMyPassword.__typename).toBe('PasswordChanged');
    expect((await server.request(MeDocument, undefined, { key: engineerToken })).status).toBe(200);
    expect((await server.request(MeDocument, undefined, { key: elsewhere })).status).toBe(401);
    expect((await login(server, 'li.qe', 'a fine new password')).status).toBe(200);
    expect((await events('user.password_changed')).at(-1)).toMatchObject({ actorName: '李工程师' });
  });

  it('is FORBIDDEN for an API key', async () => {
    const result = await server.request(ChangeMyPasswordDocument, { currentPassword: 'x', newPassword: 'a fine new password' });
    expect(result.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
