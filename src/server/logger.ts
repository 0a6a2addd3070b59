import pino, { type Logger } from 'pino';
import type { Config } from '../config/config';

/** Structured JSON logs on stdout; the API key and authorization headers never appear in them. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'complaint-qms', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'connectionParams.authorization'], censor: '[redacted]' },
  });
}
