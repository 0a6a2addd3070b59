import { GraphQLError } from 'graphql';

/** A thrown error the client may see: its code survives error masking (server/format-error.ts). */
export function publicError(code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT', message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 200, BAD_USER_INPUT: 200 }[code];
  return new GraphQLError(message, { extensions: { code, ...extra, ...(status !== 200 ? { http: { status } } : {}) } });
}
