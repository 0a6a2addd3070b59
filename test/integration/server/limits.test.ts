import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';

type Body = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: string[]; extensions: Record<string, unknown> }> };

// Small limits, so each is reached with a short document and the configuration is seen to apply.
const LIMITS = { depth: 8, cost: 500, aliases: 5, directives: 5, tokens: 200, listLength: 10, jsonDepth: 5, body: 4096 };
const ENV = {
  GRAPHQL_MAX_DEPTH: String(LIMITS.depth),
  GRAPHQL_MAX_COST: String(LIMITS.cost),
  GRAPHQL_MAX_ALIASES: String(LIMITS.aliases),
  GRAPHQL_MAX_DIRECTIVES: String(LIMITS.directives),
  GRAPHQL_MAX_TOKENS: String(LIMITS.tokens),
  GRAPHQL_MAX_LIST_LENGTH: String(LIMITS.listLength),
  GRAPHQL_MAX_JSON_DEPTH: String(LIMITS.jsonDepth),
  MAX_BODY_BYTES: String(LIMITS.body),
};

let server: TestServer;
let defaults: TestServer;
beforeAll(async () => {
  [server, defaults] = await Promise.all([startTestServer(ENV), startTestServer()]);
});
afterAll(() => Promise.all([server?.stop(), defaults?.stop()]));

const post = async (target: TestServer, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
};
const run = (query: string, variables?: Record<string, unknown>) => post(server, { query, variables });
const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');

/**
 * Exactly `n` levels of fields: complaints > edges > node (a Complaint) > closingEvaluation > complaint > ... > __typename
 * (objects, not lists, so the cost stays small: nested lists would multiply it).
 */
function deep(n: number): string {
  const levels = ['complaints(first: 1)', 'edges', 'node'];
  while (levels.length < n - 1) levels.push(levels.length % 2 ? 'closingEvaluation' : 'complaint');
  const fields = levels.slice(0, n - 1);
  return `{ ${fields.map((f) => `${f} {`).join(' ')} __typename ${'}'.repeat(fields.length)} }`;
}
/**
 * Cost exactly `n` (400 to 503): a page of 100 complaints with their nodes is 1 + 100 edges + 100 nodes = 201, the
 * same of investigations 201, `events(first: c) { edges { __typename } }` 1 + c.
 */
const costly = (n: number) =>
  `{ complaints(first: 100) { edges { node { id } } } investigations(first: 100) { edges { node { id } } } events(first: ${n - 403}) { edges { __typename } } }`;
const aliased = (n: number) => `{ ${repeat(n, (i) => `a${i}: unreadNotificationCount`)} }`;
const directed = (n: number) => `{ ${repeat(n, () => '__typename @include(if: true)')} }`;
/** Exactly `n` tokens and no cost to speak of: `{ __typename }` is 3, each `... on Query { }` around it 5, each more `__typename` 1. */
function tokens(n: number): string {
  const wraps = Math.floor((n - 3) / 5);
  return `${'{ ... on Query '.repeat(wraps)}{ __typename ${repeat((n - 3) % 5, () => '__typename')} }${' }'.repeat(wraps)}`;
}

describe('operation limits: each admits its value and refuses one more, before any resolver runs', () => {
  it.each([
    { limit: 'depth', n: LIMITS.depth, build: deep, code: 'GRAPHQL_VALIDATION_FAILED', message: /depth limit of 8 exceeded, found 9/ },
    { limit: 'aliases', n: LIMITS.aliases, build: aliased, code: 'GRAPHQL_VALIDATION_FAILED', message: /Aliases limit of 5 exceeded, found 6/ },
    { limit: 'directives', n: LIMITS.directives, build: directed, code: 'GRAPHQL_VALIDATION_FAILED', message: /Directives limit of 5 exceeded, found 6/ },
    { limit: 'tokens', n: LIMITS.tokens, build: tokens, code: 'GRAPHQL_PARSE_FAILED', message: /more tha[nt] 200 tokens/ },
  ])('$limit: $n passes, one more is refused with $code', async ({ n, build, code, message }) => {
    const ok = await run(build(n));
    expect(ok.body.errors).toBeUndefined();
    expect(ok.status).toBe(200);
    const refused = await run(build(n + 1));
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors![0].extensions).toEqual({ code });
    expect(refused.body.errors![0].message).toMatch(message);
  });

  it('cost: 500 passes, 501 is refused with COST_LIMIT_EXCEEDED at the costliest part, saying what to lower', async () => {
    const ok = await run(costly(LIMITS.cost));
    expect(ok.body.errors).toBeUndefined();
    const refused = await run(costly(LIMITS.cost + 1));
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([
      {
        message: 'The operation costs 501, more than the limit of 500; complaints costs 201: lower `first` on complaints or select fewer fields under it.',
        path: ['complaints'],
        extensions: { code: 'COST_LIMIT_EXCEEDED', argumentName: 'first', cost: 501, maxCost: 500, fieldCost: 201 },
      },
    ]);
  });

  it('defaults to limits that admit every operation in test/operations (run by the rest of the suite)', () => {
    expect(loadConfig({}).limits).toEqual({ depth: 10, cost: 5000, aliases: 15, directives: 50, tokens: 1000, listLength: 1000, jsonDepth: 64 });
  });
});

describe('first/last 1..100 on every field that pages', () => {
  const fields = [
    { field: 'complaints', query: (v: string) => `{ complaints(first: ${v}) { totalCount } }`, path: ['complaints'] },
    { field: 'investigations', query: (v: string) => `{ investigations(first: ${v}) { totalCount } }`, path: ['investigations'] },
    { field: 'events', query: (v: string) => `{ events(first: ${v}) { headSequence } }`, path: ['events'] },
    { field: 'myApprovals', query: (v: string) => `{ myApprovals(first: ${v}) { id } }`, path: ['myApprovals'] },
    { field: 'myNotifications', query: (v: string) => `{ myNotifications(first: ${v}) { id } }`, path: ['myNotifications'] },
    { field: 'Complaint.history', query: (v: string) => `{ complaints(first: 1) { edges { node { history(first: ${v}) { id } } } } }`, path: ['complaints', 'edges', 'node', 'history'] },
    { field: 'Investigation.historyEvents', query: (v: string) => `{ investigations(first: 1) { edges { node { h: historyEvents(first: ${v}) { id } } } } }`, path: ['investigations', 'edges', 'node', 'h'] },
    { field: 'WebhookEndpoint.deliveries', query: (v: string) => `{ webhookEndpoints { deliveries(first: ${v}) { totalCount } } }`, path: ['webhookEndpoints', 'deliveries'] },
  ];

  // At the default limits: a page of 100 nested in a page costs more than the small test limits allow.
  const run = (query: string, variables?: Record<string, unknown>) => post(defaults, { query, variables });
  it.each(fields)('$field: 1 and 100 pass, 0 and 101 are refused (literal or variable)', async ({ query, path }) => {
    for (const ok of ['1', '100']) expect((await run(query(ok))).body.errors, ok).toBeUndefined();
    for (const bad of ['0', '101']) {
      const refused = await run(query(bad));
      expect(refused.status, bad).toBe(400);
      expect(refused.body.errors).toMatchObject([{ path, extensions: { code: 'BAD_USER_INPUT', argumentName: 'first', path: 'first' } }]);
    }
    const viaVariable = await run(`query Q($n: Int!) ${query('$n')}`, { n: 101 });
    expect(viaVariable.body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' } }]);
  });
});

describe('cost at the default limit: every page size the schema allows, never nested pages of pages', () => {
  type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
  type Field = { name: string; args: Array<{ name: string; type: TypeRef; defaultValue: string | null }>; type: TypeRef };
  type FullType = { kind: string; name: string; fields: Field[] | null };
  const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
  const isList = (t: TypeRef): boolean => t.kind === 'LIST' || (t.kind === 'NON_NULL' && isList(t.ofType!));
  const required = (f: Field) => f.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue === null);
  const pages = (f: Field) => f.args.some((a) => a.name === 'first');

  let types: Map<string, FullType>;
  beforeAll(async () => {
    const { body } = await post(defaults, {
      query: '{ __schema { types { kind name fields { name type { ...T } args { name defaultValue type { ...T } } } } } } fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }',
    });
    types = new Map((body.data!.__schema as { types: FullType[] }).types.map((t) => [t.name, t]));
  });

  /** What a client lists: every scalar of the row, the id (or __typename) of each object it links to; no page inside a page. */
  const row = (typeName: string): string => {
    const type = types.get(typeName)!;
    if (!type.fields) return '__typename';
    return type.fields
      .filter((f) => !required(f) && !pages(f))
      .map((f) => {
        const target = types.get(named(f.type).name!)!;
        if (!target.fields) return f.name;
        if (f.name === 'edges') return `edges { cursor node { ${row(named(target.fields.find((e) => e.name === 'node')!.type).name!)} } }`;
        return `${f.name} { __typename ${target.fields.some((t) => t.name === 'id') ? 'id' : ''} }`;
      })
      .join(' ');
  };
  /** The shortest way from Query to a type, through fields without required arguments (pages of 1 on the way). */
  const reach = (typeName: string): ((inner: string) => string) | null => {
    const queue: Array<{ type: string; wrap: (inner: string) => string }> = [{ type: 'Query', wrap: (inner) => `{ ${inner} }` }];
    const seen = new Set(['Query']);
    while (queue.length) {
      const { type, wrap } = queue.shift()!;
      if (type === typeName) return wrap;
      for (const f of types.get(type)!.fields ?? []) {
        const next = named(f.type).name!;
        if (required(f) || seen.has(next) || !types.get(next)!.fields) continue;
        seen.add(next);
        const call = pages(f) ? `${f.name}(first: 1)` : f.name;
        queue.push({ type: next, wrap: (inner) => wrap(`${call} { ${inner} }`) });
      }
    }
    return null;
  };
  const pagedFields = () =>
    [...types.values()].filter((t) => t.kind === 'OBJECT' && !t.name.startsWith('__')).flatMap((t) => (t.fields ?? []).filter(pages).map((f) => ({ parent: t.name, field: f })));

  it('finds every paged field (introspection)', () => {
    expect(pagedFields().map(({ parent, field }) => `${parent}.${field.name}`).sort()).toEqual(
      expect.arrayContaining(['Complaint.history', 'Investigation.historyEvents', 'Query.complaints', 'Query.events', 'Query.investigations', 'Query.lessons', 'Query.myApprovals', 'Query.myNotifications', 'WebhookEndpoint.deliveries']),
    );
  });

  it('accepts first: 100 with a realistic selection on every paged field', async () => {
    const sent: string[] = [];
    for (const { parent, field } of pagedFields()) {
      const wrap = reach(parent);
      expect(wrap, `${parent} is reachable`).not.toBeNull();
      const others = field.args.filter((a) => a.name !== 'first' && a.type.kind === 'NON_NULL' && a.defaultValue === null);
      expect(others, `${parent}.${field.name} needs no other argument`).toEqual([]);
      const query = wrap!(`${field.name}(first: 100) { ${row(named(field.type).name!)} }`);
      const answer = await post(defaults, { query });
      expect(answer.body.errors, query).toBeUndefined();
      expect(answer.status).toBe(200);
      sent.push(query);
    }
    expect(sent.find((q) => q.startsWith('{ events(first: 100)'))).toContain('envelope');
  });

  it.each([
    {
      title: 'a page of 100 in each of a page of 100',
      query: '{ complaints(first: 100) { edges { node { id history(first: 100) { id type } } } } }',
      variables: undefined,
      message: 'The operation costs 10,201, more than the limit of 5,000; complaints.edges.node.history costs 10,000: lower `first` on complaints.edges.node.history or select fewer fields under it.',
      path: ['complaints', 'edges', 'node', 'history'],
      extensions: { argumentName: 'first', cost: 10201, maxCost: 5000, fieldCost: 10000 },
    },
    {
      title: 'the same with the inner page left at its default (100)',
      query: '{ complaints(first: 100) { edges { node { id history { id type } } } } }',
      variables: undefined,
      message: 'The operation costs 10,201, more than the limit of 5,000; complaints.edges.node.history costs 10,000: lower `first` on complaints.edges.node.history or select fewer fields under it.',
      path: ['complaints', 'edges', 'node', 'history'],
      extensions: { argumentName: 'first', cost: 10201, maxCost: 5000, fieldCost: 10000 },
    },
    {
      title: 'the same with page sizes in variables',
      query: 'query Q($n: Int!, $h: Int!) { complaints(first: $n) { edges { node { id history(first: $h) { id type } } } } }',
      variables: { n: 100, h: 100 },
      message: 'The operation costs 10,201, more than the limit of 5,000; complaints.edges.node.history costs 10,000: lower `first` on complaints.edges.node.history or select fewer fields under it.',
      path: ['complaints', 'edges', 'node', 'history'],
      extensions: { argumentName: 'first', cost: 10201, maxCost: 5000, fieldCost: 10000 },
    },
    {
      title: 'fifteen aliased pages of 100 complaints with their lists',
      query: `{ ${repeat(15, (i) => `a${i}: complaints(first: 100) { edges { node { id clocks { name } signatures { id } } } }`)} }`,
      variables: undefined,
      message: 'The operation costs 12,015, more than the limit of 5,000; a0 costs 801: lower `first` on a0 or select fewer fields under it.',
      path: ['a0'],
      extensions: { argumentName: 'first', cost: 12015, maxCost: 5000, fieldCost: 801 },
    },
  ])('refuses $title with COST_LIMIT_EXCEEDED naming what to lower', async ({ query, variables, message, path, extensions }) => {
    const refused = await post(defaults, { query, variables });
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([{ message, path, extensions: { code: 'COST_LIMIT_EXCEEDED', ...extensions } }]);
  });

  it('accepts the nested page once the inner page is lowered as told', async () => {
    const query = 'query Q($n: Int!, $h: Int!) { complaints(first: $n) { edges { node { id history(first: $h) { id type } } } } }';
    expect((await post(defaults, { query, variables: { n: 100, h: 5 } })).body.errors).toBeUndefined();
  });
});

describe('null for an argument that may not be null', () => {
  it('is BAD_USER_INPUT on the argument, not INTERNAL_SERVER_ERROR, though the argument has a default', async () => {
    const refused = await run('query Q($first: Int) { events(first: $first) { headSequence } }', { first: null });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { message: 'Argument "first" of non-null type "Int!" must not be null.', path: ['events'], extensions: { code: 'BAD_USER_INPUT', argumentName: 'first', path: 'first' } },
    ]);
    expect((await run('query Q($first: Int) { events(first: $first) { headSequence } }', {})).body.errors).toBeUndefined();
  });
});

describe('input lists: at most GRAPHQL_MAX_LIST_LENGTH items', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => `S${i}`);
  it.each([
    { title: 'a filter list (input-object field)', query: 'query Q($s: [String!]) { complaints(filter: { statuses: $s }) { totalCount } }', vars: (n: number) => ({ s: items(n) }), argumentName: 'filter', pointer: 'filter/statuses' },
    { title: 'a list inside an input variable', query: 'query Q($f: StatsFilter) { pareto(dimension: CATEGORY, filter: $f) { __typename } }', vars: (n: number) => ({ f: { products: items(n) } }), argumentName: 'filter', pointer: 'filter/products' },
    { title: 'a list argument', query: 'mutation M($ids: [ID!]!) { markNotificationsRead(ids: $ids) }', vars: (n: number) => ({ ids: items(n) }), argumentName: 'ids', pointer: 'ids' },
  ])('$title: $pointer with 10 items passes the limit, 11 are refused', async ({ query, vars, argumentName, pointer }) => {
    const ok = await run(query, vars(LIMITS.listLength));
    expect(ok.body.errors?.filter((e) => e.extensions.argumentName === argumentName && /items/.test(e.message)) ?? []).toEqual([]);
    const refused = await run(query, vars(LIMITS.listLength + 1));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toMatchObject([{ message: `${pointer} has 11 items; at most 10 are allowed`, extensions: { code: 'BAD_USER_INPUT', argumentName, path: pointer } }]);
  });
});

describe('JSON inputs: at most GRAPHQL_MAX_JSON_DEPTH levels of arrays and objects', () => {
  /** `{"x":[[…[1]…]]}`: `n` levels in all. */
  const nested = (n: number): unknown => JSON.parse(`{"x":${'['.repeat(n - 1)}1${']'.repeat(n - 1)}}`);
  const query = 'mutation V($c: JSONObject!) { validateTemplate(input: { kind: ORGANIZATION, content: $c }) { valid } }';
  it('5 levels pass the limit, 6 are refused (variable or literal)', async () => {
    const ok = await run(query, { c: nested(LIMITS.jsonDepth) });
    expect(ok.body).toEqual({ data: { validateTemplate: { valid: false } } });
    const refused = await run(query, { c: nested(LIMITS.jsonDepth + 1) });
    expect(refused.status).toBe(400);
    const expected = [{ message: 'input/content is nested more than 5 levels deep', path: ['validateTemplate'], extensions: { code: 'BAD_USER_INPUT', reason: 'JSON_TOO_DEEP', argumentName: 'input', path: 'input/content' } }];
    expect(refused.body.errors).toEqual(expected);
    const literal = await run('mutation { validateTemplate(input: { kind: ORGANIZATION, content: { x: [[[[[1]]]]] } }) { valid } }');
    expect(literal.body.errors).toEqual(expected);
  });
});

describe('request body, batching, CSRF', () => {
  /** A JSON body of exactly `bytes` bytes. */
  const bodyOf = (bytes: number) => {
    const shell = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
    return JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes - shell.length) } });
  };

  it('a body of MAX_BODY_BYTES passes, one byte more is 413 PAYLOAD_TOO_LARGE', async () => {
    expect(Buffer.byteLength(bodyOf(LIMITS.body))).toBe(LIMITS.body);
    const ok = await post(server, bodyOf(LIMITS.body));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ data: { __typename: 'Query' } });
    const refused = await post(server, bodyOf(LIMITS.body + 1));
    expect(refused.status).toBe(413);
    expect(refused.body.errors![0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a batch (a JSON array) with 400 BAD_REQUEST', async () => {
    const refused = await post(server, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toMatchObject([{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }]);
  });

  it.each([
    { title: 'GET without a content-type or preflight header', init: { method: 'GET' }, search: '?query=%7B__typename%7D', status: 400 },
    { title: 'POST as text/plain', init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' }, search: '', status: 400 },
    { title: 'POST as a form', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '{"query":"{ __typename }"}' }, search: '', status: 400 },
    { title: 'GET with apollo-require-preflight', init: { method: 'GET', headers: { 'apollo-require-preflight': 'true' } }, search: '?query=%7B__typename%7D', status: 200 },
    { title: 'POST as application/json', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }, search: '', status: 200 },
  ])('CSRF prevention: $title -> $status', async ({ init, search, status }) => {
    const res = await fetch(server.url + search, { ...init, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(init as { headers?: Record<string, string> }).headers } });
    expect(res.status).toBe(status);
    const body = (await res.json()) as Body;
    if (status === 400) expect(body.errors).toMatchObject([{ message: expect.stringContaining('Cross-Site Request Forgery'), extensions: { code: 'BAD_REQUEST' } }]);
    else expect(body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('CORS', () => {
  let cors: TestServer;
  beforeAll(async () => {
    cors = await startTestServer({ CORS_ORIGINS: 'https://qe.example.com, http://localhost:5173' });
  });
  afterAll(() => cors?.stop());

  const preflight = (target: TestServer, origin: string) =>
    fetch(target.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  it.each(['https://qe.example.com', 'http://localhost:5173'])('answers the preflight of an allowed origin (%s) and marks its responses', async (origin) => {
    const res = await preflight(cors, origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    const answer = await post(cors, { query: '{ __typename }' }, { origin });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it.each([
    { title: 'another origin', target: () => cors, origin: 'https://evil.example.net' },
    { title: 'a look-alike origin', target: () => cors, origin: 'https://qe.example.com.evil.net' },
    { title: 'any origin when none is configured', target: () => defaults, origin: 'https://qe.example.com' },
  ])('refuses the preflight of $title and does not mark its responses', async ({ target, origin }) => {
    const res = await preflight(target(), origin);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await post(target(), { query: '{ __typename }' }, { origin });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('production: no limits, suggestions, stack traces, introspection or IDE', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({ NODE_ENV: 'production', ...ENV });
  });
  afterAll(() => prod?.stop());
  const prodRun = (query: string, variables?: Record<string, unknown>) => post(prod, { query, variables });

  it.each([
    { title: 'too deep', query: deep(LIMITS.depth + 1), message: 'The operation is nested too deeply.' },
    { title: 'too costly', query: costly(LIMITS.cost + 1), message: 'The operation is too costly; complaints costs most: lower `first` on complaints or select fewer fields under it.' },
    { title: 'too many aliases', query: aliased(LIMITS.aliases + 1), message: 'The operation has too many aliases.' },
    { title: 'too many directives', query: directed(LIMITS.directives + 1), message: 'The operation has too many directives.' },
    { title: 'too many tokens', query: tokens(LIMITS.tokens + 1), message: 'Syntax Error: The document has too many tokens.' },
    { title: 'first too large', query: '{ complaints(first: 101) { totalCount } }', message: 'first is out of range' },
    { title: 'a list too long', query: `{ complaints(filter: { statuses: [${repeat(11, () => '"A"')}] }) { totalCount } }`, message: 'filter/statuses has too many items' },
    { title: 'a JSON input too deep', query: 'mutation { validateTemplate(input: { kind: ORGANIZATION, content: { x: [[[[[1]]]]] } }) { valid } }', message: 'input/content is nested too deeply' },
    { title: 'a misspelt field', query: '{ complaintz { totalCount } }', message: 'Cannot query field "complaintz" on type "Query".' },
    { title: 'a misspelt enum value', query: '{ pareto(dimension: CATEGORI) { __typename } }', message: 'Value "CATEGORI" does not exist in "StatsDimension" enum.' },
  ])('$title: "$message"', async ({ query, message }) => {
    const res = await prodRun(query);
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].message).toBe(message);
    expect(JSON.stringify(res.body)).not.toMatch(/stack|Did you mean|\b(8|9|500|501|5|6|10|11|100|200)\b(?! items)/);
  });

  it('says the same in development, with the limit and the suggestion', async () => {
    expect((await run('{ complaints(first: 101) { totalCount } }')).body.errors![0].message).toBe('first must be between 1 and 100');
    expect((await run('{ complaintz { totalCount } }')).body.errors![0].message).toMatch(/Did you mean "complaint", "complaints"/);
  });

  it('hides the size limit of a body too large', async () => {
    const res = await post(prod, JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(LIMITS.body) } }));
    expect(res.status).toBe(413);
    expect(res.body.errors![0].message).toBe('Request body too large');
  });

  it.each([
    { title: '__schema', query: '{ __schema { queryType { name } } }' },
    { title: '__type', query: '{ __type(name: "Complaint") { name } }' },
  ])('refuses introspection ($title) but answers __typename', async ({ query }) => {
    const res = await prodRun(query);
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await prodRun('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers introspection outside production, and in production when INTROSPECTION=true', async () => {
    expect((await run('{ __schema { queryType { name } } }')).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const on = await startTestServer({ NODE_ENV: 'production', INTROSPECTION: 'true' });
    try {
      expect((await post(on, { query: '{ __schema { queryType { name } } }' })).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    } finally {
      await on.stop();
    }
  });

  it('serves no GraphiQL', async () => {
    const page = await fetch(prod.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    expect((await fetch(`${prod.url}/ide/graphiql.css`)).status).toBe(404);
  });
});

describe('graphql-ws applies the same limits', () => {
  const once = (client: Client, query: string, variables?: Record<string, unknown>) =>
    new Promise<{ data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>((resolve) => {
      let result: { data?: unknown } = {};
      client.subscribe(
        { query, variables },
        {
          next: (value) => (result = value as never),
          error: (errors) => resolve({ errors: errors as never }),
          complete: () => resolve(result),
        },
      );
    });

  it.each([
    { title: 'depth', ok: deep(LIMITS.depth), refused: deep(LIMITS.depth + 1), code: 'GRAPHQL_VALIDATION_FAILED' },
    { title: 'tokens', ok: tokens(LIMITS.tokens), refused: tokens(LIMITS.tokens + 1), code: 'GRAPHQL_PARSE_FAILED' },
    { title: 'cost', ok: costly(LIMITS.cost), refused: costly(LIMITS.cost + 1), code: 'COST_LIMIT_EXCEEDED' },
    { title: 'first', ok: '{ complaints(first: 100) { totalCount } }', refused: '{ complaints(first: 101) { totalCount } }', code: 'BAD_USER_INPUT' },
    {
      title: 'a subscription filter list',
      ok: `subscription { complaintStatusChanged(filter: { statuses: [${repeat(10, () => '"A"')}] }) { complaint { id } } }`,
      refused: `subscription { complaintStatusChanged(filter: { statuses: [${repeat(11, () => '"A"')}] }) { complaint { id } } }`,
      code: 'BAD_USER_INPUT',
    },
  ])('$title: n passes, n + 1 is refused with $code', async ({ ok, refused, code }) => {
    const client = server.wsClient();
    if (ok.startsWith('subscription')) {
      const errors: unknown[] = [];
      const started = server.subscriptions.started();
      const stop = client.subscribe({ query: ok }, { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined });
      // Until the server has started it or refused it (a ceiling, not a pause that a loaded machine can outlast).
      const end = Date.now() + 30_000;
      while (server.subscriptions.started() === started && !errors.length && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      stop();
      expect(errors).toEqual([]);
      expect(server.subscriptions.started()).toBeGreaterThan(started);
    } else {
      expect((await once(client, ok)).errors).toBeUndefined();
    }
    const answer = await once(client, refused);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions?.code).toBe(code);
  });

  it('refuses introspection over WebSocket when it is off', async () => {
    const prod = await startTestServer({ NODE_ENV: 'production' });
    try {
      const answer = await once(prod.wsClient(), '{ __schema { queryType { name } } }');
      expect(answer.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.errors?.[0].message).not.toMatch(/Did you mean/);
    } finally {
      await prod.stop();
    }
  });
});
