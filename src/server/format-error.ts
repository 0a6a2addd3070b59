import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { PUBLIC_ERROR_CODES } from '../shared/errors/error-code';

/** graphql-js's suggestions: `Did you mean "a", "b", or "c"?`, `Did you mean the enum value "X"?`. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;
/** graphql-js's parser, past ParseOptions.maxTokens (16.x spells it "more that"). */
const TOKEN_LIMIT = /Document contains more tha[nt] \d+ tokens\. Parsing aborted\./;

/**
 * Errors the client may see keep their code; anything else (a bug, a database failure) becomes
 * INTERNAL_SERVER_ERROR with no detail, and the detail goes to the log. Without `details` (production),
 * messages name no limit and suggest no field names. Stack traces never leave the server.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, log: Logger, { details = true }: { details?: boolean } = {}): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    const message = details ? formatted.message : formatted.message.replace(SUGGESTION, '').replace(TOKEN_LIMIT, 'The document has too many tokens.');
    return { ...formatted, message, extensions };
  }
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  log.error({ err: original, path: formatted.path }, 'unexpected error in GraphQL operation');
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
