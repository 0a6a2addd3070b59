import type { EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedError } from '../../../src/shared/errors/error-results';
import { IdempotencyKey } from '../../../src/shared/idempotency/idempotency-key.entity';
import { IdempotentRequest, idempotencyKeyMisfits, idempotencyKeyProblem, MAX_IDEMPOTENCY_KEY_LENGTH } from '../../../src/shared/idempotency/idempotency';

const TENANT = '00000000-0000-4000-8000-000000000001';
const RESULT = '00000000-0000-4000-8000-0000000000aa';
const NOW = new Date('2026-12-01T08:00:00Z');

describe('idempotency key length', () => {
  it('is the stored column length', () => {
    expect(MAX_IDEMPOTENCY_KEY_LENGTH).toBe(200);
  });

  it.each([
    { title: 'no key', key: undefined, misfits: false, blank: false },
    { title: 'a null key', key: null, misfits: false, blank: false },
    { title: 'an empty key', key: '', misfits: true, blank: true },
    { title: 'a key of spaces', key: '   ', misfits: false, blank: true },
    { title: 'one character', key: 'k', misfits: false, blank: false },
    { title: '200 characters', key: 'k'.repeat(200), misfits: false, blank: false },
    { title: '201 characters', key: 'k'.repeat(201), misfits: true, blank: true },
  ])('$title', ({ key, misfits, blank }) => {
    expect(idempotencyKeyMisfits(key)).toBe(misfits);
    expect(idempotencyKeyMisfits(key, { blankIsEmpty: true })).toBe(blank);
  });

  it('names the path and says the limit in the caller’s language', () => {
    expect(idempotencyKeyProblem('ok', '/idempotencyKey', 'en')).toBeNull();
    expect(idempotencyKeyProblem('', '/input/idempotencyKey', 'en')).toMatchObject({ path: '/input/idempotencyKey', code: 'LENGTH', message: 'must be 1 to 200 characters' });
    expect(idempotencyKeyProblem('k'.repeat(201), '/idempotencyKey', 'zh-CN')).toMatchObject({ path: '/idempotencyKey', code: 'LENGTH', message: '长度必须为 1 到 200 个字符' });
  });
});

describe('IdempotentRequest', () => {
  let orm: MikroORM;
  const load = async (_em: EntityManager, id: string) => ({ id });
  const request = (key: string | null | undefined, input: unknown, operation = 'createThing') => IdempotentRequest.of(operation, key, input, load);

  beforeAll(async () => {
    orm = await MikroORM.init({ dbName: ':memory:', entities: [IdempotencyKey], allowGlobalContext: true });
    await orm.schema.createSchema();
  });
  afterAll(() => orm.close());

  it('is nothing without a key', () => {
    expect(request(undefined, { a: 1 })).toBeNull();
    expect(request(null, { a: 1 })).toBeNull();
    expect(request('', { a: 1 })).toBeNull();
  });

  it('hashes the canonical request: key order does not matter, content does', () => {
    expect(request('k', { a: 1, b: [1, 2] })!.requestHash).toBe(request('k', { b: [1, 2], a: 1 })!.requestHash);
    expect(request('k', { a: 1 })!.requestHash).not.toBe(request('k', { a: 2 })!.requestHash);
    expect(request('k', { a: 1 })!.requestHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('replays the stored result of the same request, refuses other input or another operation', async () => {
    const em = orm.em.fork();
    const first = request('key-1', { a: 1 })!;
    expect(await first.replay(em)).toBeNull();
    first.remember(em, TENANT, RESULT, NOW);
    await em.flush();

    const fresh = orm.em.fork();
    expect(await request('key-1', { a: 1 })!.replay(fresh)).toEqual({ id: RESULT });
    const otherInput = await request('key-1', { a: 2 })!.replay(fresh);
    expect(otherInput).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(otherInput).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: 'key-1' });
    expect(await request('key-1', { a: 1 }, 'deleteThing')!.replay(fresh)).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await request('key-2', { a: 1 })!.replay(fresh)).toBeNull();
  });

  it('runs afresh when the stored result is gone', async () => {
    const em = orm.em.fork();
    IdempotentRequest.of('createThing', 'key-gone', {}, load)!.remember(em, TENANT, RESULT, NOW);
    await em.flush();
    expect(await IdempotentRequest.of('createThing', 'key-gone', {}, async () => null)!.replay(orm.em.fork())).toBeNull();
  });

  it('after a race lost on the unique key, replays the winner; other failures are not its business', async () => {
    const winner = orm.em.fork();
    request('key-race', { a: 1 })!.remember(winner, TENANT, RESULT, NOW);
    await winner.flush();

    const loser = orm.em.fork();
    const mine = request('key-race', { a: 1 })!;
    mine.remember(loser, TENANT, '00000000-0000-4000-8000-0000000000bb', NOW);
    const error = await loser.flush().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(await mine.replayAfterRace(error, loser)).toEqual({ id: RESULT });
    expect(await mine.replayAfterRace(new Error('disk full'), loser)).toBeNull();
  });
});
