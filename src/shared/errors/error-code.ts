import { registerEnumType } from 'type-graphql';

/** Stable codes of expected failures, returned as members of result unions. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  CONFLICT = 'CONFLICT',
  NOT_FOUND = 'NOT_FOUND',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  NOT_ALLOWED = 'NOT_ALLOWED',
  PREREQUISITES_NOT_MET = 'PREREQUISITES_NOT_MET',
  UNSAFE_URL = 'UNSAFE_URL',
  ALREADY_VOIDED = 'ALREADY_VOIDED',
}

registerEnumType(ErrorCode, { name: 'ErrorCode', description: 'Stable code of an expected failure.' });

/** Codes of thrown GraphQL errors (`extensions.code`); anything else is masked as INTERNAL_SERVER_ERROR. */
export const PUBLIC_ERROR_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);
