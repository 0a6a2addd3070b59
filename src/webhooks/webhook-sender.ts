import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { type AllowList, checkUrlSyntax, guardedLookup } from './url-guard';

export const USER_AGENT = 'complaint-qms-webhooks/1';
/** Characters of the answer kept in the delivery log. */
export const EXCERPT_CHARS = 1000;
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export interface SendResult {
  /** HTTP status, null when no answer came. */
  status: number | null;
  /** TIMEOUT, CONNECTION_REFUSED, ... for a failure without an answer; HTTP_<status> for a non-2xx one; null on success. */
  error: string | null;
  latencyMs: number;
  excerpt: string | null;
  /** From a Retry-After header (seconds or an HTTP date), bounded to a day. */
  retryAfterMs: number | null;
  /** Stopped because the dispatcher is stopping: not an attempt. */
  aborted: boolean;
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(ms, 1000), MAX_RETRY_AFTER_MS);
}

function errorCode(error: NodeJS.ErrnoException, timedOut: boolean): string {
  if (timedOut) return 'TIMEOUT';
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return 'CONNECTION_REFUSED';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') return 'CONNECTION_RESET';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'DNS_FAILURE';
  if (code === 'UNSAFE_ADDRESS') return 'UNSAFE_ADDRESS';
  if (/TLS|CERT|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return 'TLS_ERROR';
  return 'NETWORK_ERROR';
}

/**
 * One POST of a webhook: no redirects followed (3xx is a failure), the whole exchange bounded by `timeoutMs`,
 * connected only to an address the guard accepts (checked on the resolved address, so DNS rebinding cannot slip through).
 */
export function sendWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allow: AllowList; now: Date; signal?: AbortSignal },
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const check = checkUrlSyntax(rawUrl, options.allow);
  if (!check.ok) return Promise.resolve({ status: null, error: 'UNSAFE_ADDRESS', latencyMs: 0, excerpt: check.detail, retryAfterMs: null, aborted: false });
  const url = check.url;
  const client = url.protocol === 'https:' ? https : http;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs' | 'aborted'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      resolve({ ...result, latencyMs: elapsed(), aborted: !timedOut && !!options.signal?.aborted });
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        agent: url.protocol === 'https:' ? agents.https : agents.http,
        lookup: guardedLookup(options.allow),
        signal: controller.signal,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': USER_AGENT },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < EXCERPT_CHARS * 4) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        response.on('error', (error: NodeJS.ErrnoException) => finish({ status: null, error: errorCode(error, timedOut), excerpt: null, retryAfterMs: null }));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const ok = status >= 200 && status < 300;
          finish({
            status,
            error: ok ? null : `HTTP_${status}`,
            excerpt: text ? text.slice(0, EXCERPT_CHARS) : null,
            retryAfterMs: ok ? null : parseRetryAfter(response.headers['retry-after'], options.now),
          });
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: null, error: errorCode(error, timedOut), excerpt: error.code === 'UNSAFE_ADDRESS' ? error.message.slice(0, EXCERPT_CHARS) : null, retryAfterMs: null }),
    );
    request.end(body);
  });
}
