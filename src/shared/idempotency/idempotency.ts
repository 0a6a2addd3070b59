import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { canonicalJson, sha256 } from '../canonical-json';
import { IdempotencyKeyReusedError, ValidationProblem } from '../errors/error-results';
import type { Locale } from '../i18n/locale';
import { IdempotencyKey } from './idempotency-key.entity';

/** The longest client key: the length of the stored key column (`idempotency_key.key`). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * Whether a client key is too short or too long (only given keys are checked). `blankIsEmpty`: a key of white
 * space only counts as empty.
 */
export function idempotencyKeyMisfits(key: string | null | undefined, options: { blankIsEmpty?: boolean } = {}): boolean {
  if (key === null || key === undefined) return false;
  const empty = options.blankIsEmpty ? !key.trim() : key.length === 0;
  return empty || key.length > MAX_IDEMPOTENCY_KEY_LENGTH;
}

/** The `LENGTH` problem of a misfitting key at `path`, or null when the key fits (or none is given). */
export function idempotencyKeyProblem(key: string | null | undefined, path: string, locale: Locale): ValidationProblem | null {
  if (!idempotencyKeyMisfits(key)) return null;
  const message = locale === 'zh-CN' ? `长度必须为 1 到 ${MAX_IDEMPOTENCY_KEY_LENGTH} 个字符` : `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
  return new ValidationProblem(path, 'LENGTH', message);
}

/** Loads the stored result of an earlier request by its id (null: it is gone, so the request runs afresh). */
export type LoadResult<T> = (em: EntityManager, resultId: string) => Promise<T | null>;

/**
 * One idempotent create: a retry with the same key returns the first result and creates nothing; the same key
 * with other input is `IDEMPOTENCY_KEY_REUSED`. The caller replays before its write and again inside it (under
 * the write lock), records the key in the same write, and after a failed write asks `replayAfterRace`.
 */
export class IdempotentRequest<T> {
  private constructor(
    readonly key: string,
    readonly operation: string,
    /** SHA-256 of the canonical request (without the key). */
    readonly requestHash: string,
    private readonly load: LoadResult<T>,
  ) {}

  /** The request for a client key, or null when none (or an empty one) is given: then nothing is replayed or stored. */
  static of<T>(operation: string, key: string | null | undefined, request: unknown, load: LoadResult<T>): IdempotentRequest<T> | null {
    return key ? new IdempotentRequest(key, operation, sha256(canonicalJson(request)), load) : null;
  }

  /** The result of an earlier request with this key, an error when the key was used for other input, or null. */
  async replay(em: EntityManager): Promise<T | IdempotencyKeyReusedError | null> {
    const seen = await em.findOne(IdempotencyKey, { key: this.key });
    if (!seen) return null;
    if (seen.operation !== this.operation || seen.requestHash !== this.requestHash) return new IdempotencyKeyReusedError(this.key);
    return this.load(em, seen.resultId);
  }

  /** Stores the key with the id of what this request created, in the write that created it. */
  remember(em: EntityManager, tenantId: string, resultId: string, now: Date): void {
    em.create(IdempotencyKey, { tenantId, key: this.key, operation: this.operation, requestHash: this.requestHash, resultId, createdAt: now });
  }

  /**
   * After a failed write: when the key's unique constraint refused it (PostgreSQL: two first attempts with one key
   * raced), the winner's result in a fresh fork of `em`; otherwise null and the caller rethrows.
   */
  async replayAfterRace(error: unknown, em: EntityManager): Promise<T | IdempotencyKeyReusedError | null> {
    if (!(error instanceof UniqueConstraintViolationException)) return null;
    return this.replay(em.fork());
  }
}
