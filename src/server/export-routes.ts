import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from './services';

/** GET /exports/<token>.<ext>: the token is 32 random bytes, base64url. */
const ROUTE = /^\/exports\/([A-Za-z0-9_-]{43})\.(csv|xlsx|svg|png)$/;

function error(res: ServerResponse, status: number, code: string, message: string): true {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

/**
 * Serves an export link handed out by requestExport, without an Authorization header: the unguessable token
 * is the capability and binds the tenant. Unknown or expired: 404. The file is rendered now from current
 * data and streamed (CSV and XLSX page by page). False: not this route.
 */
export async function serveExport(path: string, req: IncomingMessage, res: ServerResponse, services: Services): Promise<boolean> {
  const match = ROUTE.exec(path);
  if (!match) return false;
  if (req.method !== 'GET') return error(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
  const resolved = await services.exports.resolve(match[1], match[2]);
  if (!resolved) return error(res, 404, 'NOT_FOUND', 'No such export, or its link has expired: request a new one');
  res.writeHead(200, {
    'content-type': resolved.contentType,
    'content-disposition': `attachment; filename="${resolved.filename}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'",
  });
  await services.exports.render(resolved, res);
  return true;
}
