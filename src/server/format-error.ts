import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { PUBLIC_ERROR_CODES } from '../shared/errors/error-code';

/**
 * Errors the client may see keep their code; anything else (a bug, a database failure) becomes
 * INTERNAL_SERVER_ERROR with no detail, and the detail goes to the log.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  log.error({ err: original, path: formatted.path }, 'unexpected error in GraphQL operation');
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
