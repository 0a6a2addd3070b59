import type { IncomingMessage, ServerResponse } from 'node:http';

const HEADER_LIST = /^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$/;

/**
 * CORS for browsers on other origins: allowed origins get Access-Control-Allow-Origin, and their preflight
 * (OPTIONS with Access-Control-Request-Method) 204 with the methods and the headers asked for; a preflight
 * from any other origin gets 403. Returns true when it has answered the request.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (!origin) return false;
  if (allowed.length) res.setHeader('vary', 'Origin');
  const any = allowed.includes('*');
  if (!any && !allowed.includes(origin)) {
    if (!preflight) return false;
    res.writeHead(403, { 'content-length': 0 });
    res.end();
    return true;
  }
  res.setHeader('access-control-allow-origin', any ? '*' : origin);
  res.setHeader('access-control-expose-headers', 'x-request-id');
  if (!preflight) return false;
  const asked = req.headers['access-control-request-headers'];
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST',
    ...(asked && HEADER_LIST.test(asked) ? { 'access-control-allow-headers': asked } : {}),
    'access-control-max-age': '600',
    'content-length': 0,
  });
  res.end();
  return true;
}
