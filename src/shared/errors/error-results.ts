import { Field, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import type { Locale } from '../i18n/locale';
import { ErrorCode } from './error-code';

/** Every expected failure implements this, so clients can handle any of them generically. */
@InterfaceType({ description: 'An expected failure: nothing was changed.' })
export abstract class ErrorResult {
  @Field(() => ErrorCode)
  code!: ErrorCode;

  @Field({ description: "Human-readable explanation, in the caller's language (Accept-Language: zh-CN or en)." })
  message!: string;
}

@ObjectType({ description: 'One problem with the input, located by a JSON pointer.' })
export class ValidationProblem {
  @Field({ description: 'JSON pointer into the mutation input, e.g. /data/customer/email.' })
  path!: string;

  @Field({ description: 'Stable problem code, e.g. REQUIRED, TYPE, FORMAT, MIN_LENGTH, ENUM, UNKNOWN_COMPLAINT_TYPE.' })
  code!: string;

  @Field({ description: "In the caller's language (Accept-Language: zh-CN or en)." })
  message!: string;

  @Field(() => [String], { nullable: true, description: 'The values that would be accepted, when the value given is not one of a known set (e.g. UNKNOWN_CATEGORY lists every category key of the type).' })
  allowed!: string[] | null;

  constructor(path: string, code: string, message: string, allowed: string[] | null = null) {
    this.path = path;
    this.code = code;
    this.message = message;
    this.allowed = allowed;
  }
}

@ObjectType({ implements: ErrorResult, description: 'The input is invalid; every problem is listed.' })
export class ValidationError extends ErrorResult {
  @Field(() => [ValidationProblem])
  problems!: ValidationProblem[];

  constructor(problems: ValidationProblem[], locale: Locale = 'en') {
    super();
    this.code = ErrorCode.VALIDATION_FAILED;
    this.message =
      locale === 'zh-CN' ? `输入无效：共 ${problems.length} 个问题` : `Input is invalid: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    this.problems = problems;
  }
}

@ObjectType({ implements: ErrorResult, description: 'The object changed since it was read: re-read it and retry.' })
export class ConflictError extends ErrorResult {
  @Field(() => Int, { description: 'The version you sent.' })
  expectedVersion!: number;

  @Field(() => Int, { description: 'The version stored now.' })
  currentVersion!: number;

  constructor(expectedVersion: number, currentVersion: number) {
    super();
    this.code = ErrorCode.CONFLICT;
    this.message = `Version ${expectedVersion} is stale; the current version is ${currentVersion}`;
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
  }
}

@ObjectType({ implements: ErrorResult, description: 'No such object for this caller.' })
export class NotFoundError extends ErrorResult {
  @Field(() => ID, { description: 'The ID that was not found.' })
  id!: string;

  constructor(id: string) {
    super();
    this.code = ErrorCode.NOT_FOUND;
    this.message = `No object with id ${id}`;
    this.id = id;
  }
}

@ObjectType({ implements: ErrorResult, description: 'The idempotency key was already used with different input.' })
export class IdempotencyKeyReusedError extends ErrorResult {
  @Field()
  idempotencyKey!: string;

  constructor(key: string) {
    super();
    this.code = ErrorCode.IDEMPOTENCY_KEY_REUSED;
    this.message = `Idempotency key ${JSON.stringify(key)} was already used for a different request`;
    this.idempotencyKey = key;
  }
}
