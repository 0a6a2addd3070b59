import type { IncomingMessage, ServerResponse } from 'node:http';
import { JSON_DEPTH_CEILING, jsonInputProblem } from '../shared/json-input';
import type { Services } from './services';

const MAX_BODY = 16 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
  return true;
}

const error = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => send(res, status, { errors: [{ message, extensions: { code } }] }, headers);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as a JSON object, or null: too large, not UTF-8, not JSON, not an object, or a string no database stores. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(utf8.decode(Buffer.concat(chunks)));
    if (!value || typeof value !== 'object' || Array.isArray(value) || jsonInputProblem(value, JSON_DEPTH_CEILING)) return null;
    return value as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * POST /auth/login {tenant, username, password} and POST /auth/refresh {refreshToken}: credentials are
 * exchanged for tokens outside GraphQL, so every GraphQL operation stays authenticated. JSON bodies only
 * (a cross-site form cannot send one without a CORS preflight). False: not this route.
 */
export async function serveAuth(path: string, req: IncomingMessage, res: ServerResponse, services: Services, defaultTenant: string): Promise<boolean> {
  if (path !== '/auth/login' && path !== '/auth/refresh') return false;
  if (req.method !== 'POST') return error(res, 405, 'METHOD_NOT_ALLOWED', 'POST only', { allow: 'POST' });
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return error(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send Content-Type: application/json');
  const body = await readJson(req);
  if (!body) return error(res, 400, 'BAD_REQUEST', 'The body must be a JSON object in UTF-8 of at most 16 KiB, its strings without NUL or unpaired surrogates');
  const str = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : null);
  if (path === '/auth/login') {
    const tenant = str('tenant') ?? defaultTenant;
    const username = str('username');
    const password = str('password');
    if (username === null || password === null) return error(res, 400, 'BAD_REQUEST', 'username and password are required strings (tenant: optional, the default tenant\'s slug)');
    const outcome = await services.auth.login(tenant, username, password);
    if (outcome.ok) return send(res, 200, outcome.tokens);
    if (outcome.code === 'ACCOUNT_LOCKED') {
      return error(res, 429, 'ACCOUNT_LOCKED', 'Too many failed logins: try again later', { 'retry-after': String(outcome.retryAfterSeconds) });
    }
    if (outcome.code === 'TENANT_DISABLED') return error(res, 403, 'TENANT_DISABLED', 'The tenant is disabled');
    return error(res, 401, 'INVALID_CREDENTIALS', 'Unknown tenant or username, or wrong password');
  }
  const refreshToken = str('refreshToken');
  if (refreshToken === null) return error(res, 400, 'BAD_REQUEST', 'refreshToken is a required string');
  const outcome = await services.auth.refresh(refreshToken);
  if (outcome.ok) return send(res, 200, outcome.tokens);
  if (outcome.code === 'TENANT_DISABLED') return error(res, 403, 'TENANT_DISABLED', 'The tenant is disabled');
  return error(res, 401, 'INVALID_REFRESH_TOKEN', 'The refresh token is unknown, used already, or its session ended: log in again');
}
