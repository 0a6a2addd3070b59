import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

type ErrorBody = { errors: Array<{ extensions: Record<string, unknown> }> };

let server: TestServer;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  base = server.url.replace(/\/graphql$/, '');
});
afterAll(() => server?.stop());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}`, ...headers }, body });

describe('HTTP endpoints', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    // With the default tenant's public-holiday coverage (test/integration/calendar asserts it by the app clock; this server runs on real time).
    expect(await ready.json()).toEqual({ status: 'ready', calendar: { tenant: 'default', source: 'CN', years: expect.arrayContaining([2004, 2026]), missingYears: expect.any(Array) } });
  });

  it('serves GraphiQL to a browser with every asset from this server, none from a CDN', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThanOrEqual(2);
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const path of [...urls, '/graphql/ide/monacoeditorwork/graphql.worker..bundle.js', '/graphql/ide/monacoeditorwork/editor.worker.bundle.js', '/graphql/ide/monacoeditorwork/json.worker.bundle.js']) {
      const asset = await fetch(`${base}${path}`);
      expect(asset.status, path).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, path).toBeGreaterThan(1000);
    }
    expect((await fetch(`${base}/graphql/ide/../../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/graphql/ide/yoga-graphiql.es.js`)).status).toBe(404);
  });

  it('does not serve GraphiQL when disabled', async () => {
    const off = await startTestServer({ GRAPHIQL: 'false' });
    try {
      const page = await fetch(off.url, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
      expect((await fetch(`${off.url}/ide/graphiql.css`)).status).toBe(404);
    } finally {
      await off.stop();
    }
  });

  it('echoes a valid x-request-id and makes one up otherwise', async () => {
    const given = await post('{"query":"{ __typename }"}', { 'x-request-id': 'plant-7.req-42' });
    expect(given.headers.get('x-request-id')).toBe('plant-7.req-42');
    const made = await post('{"query":"{ __typename }"}', { 'x-request-id': 'bad id with spaces' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(server.config.maxBodyBytes) } });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a body that is not JSON with 400 BAD_REQUEST', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('reports a query error with its code and no stack trace', async () => {
    const res = await post(JSON.stringify({ query: '{ complaints { nope } }' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.errors[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
