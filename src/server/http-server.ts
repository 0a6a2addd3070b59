import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getOperationAST, GraphQLError, Kind, parse, specifiedRules, validate, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { isOperator, type Caller } from '../auth/principal';
import { calendarReadiness } from '../calendar/calendar-readiness';
import { OPERATOR_FIELDS } from '../tenants';
import type { Config } from '../config/config';
import { negotiateLocale, type Locale } from '../shared/i18n/locale';
import type { Context } from '../shared/request-context';
import type { Services } from './services';
import { handleCors } from './cors';
import { maskError } from './format-error';
import { graphiqlHtml, serveGraphiqlAsset } from './graphiql';
import { serveExport } from './export-routes';
import { serveReport } from './report-routes';
import { serveAuth } from './auth-routes';
import { CredentialWatch } from './credential-watch';
import { argumentLimitErrors, limitRules, webSocketRules, type LimitOptions } from './limits';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

class BodyTooLarge extends Error {}
class BodyNotUtf8 extends Error {}

/** Strict: invalid UTF-8 is refused rather than stored as U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the body up to `limit` bytes as UTF-8; past it, drains the rest (so the 413 reaches the client) and fails. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      return reject(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) return reject(new BodyTooLarge());
      try {
        resolve(utf8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new BodyNotUtf8());
      }
    });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const unauthenticated = () =>
  new GraphQLError('Missing or invalid credential: send "Authorization: Bearer <API key or access token>"', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

const tenantDisabled = () =>
  new GraphQLError('The tenant of this credential is disabled', { extensions: { code: 'TENANT_DISABLED', http: { status: 403 } } });

const tenantCredentialRequired = () =>
  new GraphQLError("A platform operator's credential belongs to no tenant: it may only provision tenants (tenants, createTenant, disableTenant, enableTenant)", {
    extensions: { code: 'TENANT_CREDENTIAL_REQUIRED', http: { status: 403 } },
  });

/** The root fields an operation selects, through fragments. */
function rootFields(document: DocumentNode, selectionSet: SelectionSetNode, out = new Set<string>()): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) out.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFields(document, selection.selectionSet, out);
    else {
      const fragment = document.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment) rootFields(document, fragment.selectionSet, out);
    }
  }
  return out;
}

/** A platform operator's operation selects only the operator's fields (and introspection's, when it is on). */
const operatorMayRun = (document: DocumentNode, operation: OperationDefinitionNode): boolean =>
  [...rootFields(document, operation.selectionSet)].every((f) => f.startsWith('__') || OPERATOR_FIELDS.has(f));

// Apollo would run the subscription's resolver once, without an event (found by test/integration/server/fuzz.test.ts).
const subscriptionOverHttp = () =>
  new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) on this path, not over HTTP', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

export interface HttpServer {
  server: Server;
  apollo: ApolloServer<Context>;
  /** Stops accepting, closes subscriptions, waits for in-flight requests up to the timeout. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Node's HTTP server with: Apollo (executeHTTPGraphQLRequest) and graphql-ws on the GraphQL path,
 * GraphiQL from node_modules, /healthz and /readyz.
 */
export async function createHttpServer(config: Config, schema: GraphQLSchema, services: Services, log: Logger, ready: () => Promise<string | null>): Promise<HttpServer> {
  const limits: LimitOptions = { limits: config.limits, errorDetails: config.errorDetails, introspection: config.introspection };
  const details = { details: config.errorDetails };
  // Runs after validation, before execution: the argument limits need the variables.
  const argumentLimits: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (operation?.operation === 'subscription') throw subscriptionOverHttp();
          if (operation && isOperator(contextValue) && !operatorMayRun(document, operation)) throw tenantCredentialRequired();
          const [error] = operation ? argumentLimitErrors(schema, document, operation, request.variables, limits) : [];
          if (error) throw error;
        },
      };
    },
  };
  const apollo = new ApolloServer<Context>({
    schema,
    plugins: [ApolloServerPluginLandingPageDisabled(), argumentLimits],
    formatError: (formatted, error) => maskError(formatted, error, log, details),
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    parseOptions: { maxTokens: config.limits.tokens },
    validationRules: limitRules(limits),
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  // The entity manager and the child logger are made on first use: many operations need neither.
  const contextFor = (caller: Caller, requestId: string, locale: Locale): Context => {
    let em: EntityManager | undefined;
    let requestLog: Logger | undefined;
    return {
      ...caller,
      requestId,
      locale,
      // An operator's placeholder tenant has no rows: scoped to nothing (and the operation gate admits only operator fields).
      get em() {
        return (em ??= services.db.forTenant(caller.tenant.id));
      },
      get log() {
        return (requestLog ??= log.child({ requestId, tenant: caller.tenant.slug, principal: caller.principal.id }));
      },
    };
  };

  const readyCalendar = calendarReadiness(services.db, services.templates, services.clock, config.defaultTenant);
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | null = null;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', requestId);
    if (closing) res.setHeader('connection', 'close');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (handleCors(req, res, config.corsOrigins)) return;

    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const problem = closing ? 'shutting down' : await ready();
      if (problem) return sendJson(res, 503, { status: 'unavailable', reason: problem });
      // Details for operators: a calendar without next year's holidays is worth knowing, not a reason to stop traffic.
      const calendar = await readyCalendar().catch((error: Error) => (log.warn({ err: error }, 'readiness: calendar coverage unavailable'), null));
      return sendJson(res, 200, calendar ? { status: 'ready', calendar } : { status: 'ready' });
    }
    if (config.graphiql && req.method === 'GET' && path.startsWith(`${config.graphqlPath}/ide/`)) {
      if (await serveGraphiqlAsset(path.slice(config.graphqlPath.length + 5), res)) return;
      return sendJson(res, 404, { error: 'not found' });
    }
    if (await serveReport(path, url.searchParams, req, res, services)) return;
    if (await serveExport(path, req, res, services)) return;
    if (await serveAuth(path, req, res, services, config.defaultTenant)) return;
    if (path !== config.graphqlPath) return sendJson(res, 404, { error: 'not found' });

    if (config.graphiql && req.method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html')) {
      const html = graphiqlHtml(config.graphqlPath);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      return void res.end(html);
    }

    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, config.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          const message = config.errorDetails ? `Request body larger than ${config.maxBodyBytes} bytes` : 'Request body too large';
          return sendJson(res, 413, { errors: [{ message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }, { connection: 'close' });
        }
        if (error instanceof BodyNotUtf8) return sendJson(res, 400, { errors: [{ message: 'Request body is not valid UTF-8', extensions: { code: 'BAD_REQUEST' } }] });
        throw error;
      }
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const started = process.hrtime.bigint();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        const caller = await services.auth.identify(req.headers.authorization);
        if (caller === 'tenant_disabled') throw tenantDisabled();
        if (!caller) throw unauthenticated();
        return contextFor(caller, requestId, negotiateLocale(req.headers['accept-language']));
      },
    });
    const status = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = status;
    if (response.body.kind === 'complete') res.end(response.body.string);
    else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
    if (log.isLevelEnabled('debug')) log.debug({ requestId, method: req.method, status, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'graphql request');
  }

  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    inFlight++;
    handle(req, res)
      .catch((error) => {
        log.error({ err: error }, 'unhandled error in HTTP handler');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.destroy();
      })
      .finally(() => {
        inFlight--;
        if (closing && inFlight === 0) drained?.();
      });
  });

  const watch = new CredentialWatch(services.auth, services.apiKeys, services.clock, config.auth.subscriptionRecheckMs, log);
  const wss = new WebSocketServer({ server, path: config.graphqlPath, maxPayload: config.maxBodyBytes });
  const ws = useServer<Record<string, unknown>, { caller?: Caller; requestId?: string }>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        const authenticated = await services.auth.authenticateConnection(typeof authorization === 'string' ? authorization : null);
        if (!authenticated) return false;
        const { caller, expiresAtMs } = authenticated;
        watch.watch(ctx.extra.socket, authorization as string, caller.principal.id, caller.tenant.id, caller.principal.sessionId ?? null, expiresAtMs);
        ctx.extra.caller = caller;
        ctx.extra.requestId = randomUUID();
        return true;
      },
      // Parsed and validated here, with the limits the HTTP path has (graphql-ws would apply none).
      onSubscribe: (_ctx, _id, payload) => {
        const refuse = (errors: readonly GraphQLError[], code: string) =>
          errors.map((e) => {
            const { http: _http, ...extensions }: Record<string, unknown> = { code, ...e.extensions };
            const masked = maskError({ ...e.toJSON(), extensions }, e, log, details);
            return new GraphQLError(masked.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: masked.extensions });
          });
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.limits.tokens });
        } catch (error) {
          return refuse([error instanceof GraphQLError ? error : new GraphQLError('Syntax Error')], 'GRAPHQL_PARSE_FAILED');
        }
        const invalid = validate(schema, document, [...specifiedRules, ...webSocketRules(limits)]);
        if (invalid.length) return refuse(invalid, 'GRAPHQL_VALIDATION_FAILED');
        const operation = getOperationAST(document, payload.operationName);
        const refused = operation ? argumentLimitErrors(schema, document, operation, payload.variables ?? undefined, limits) : [];
        if (refused.length) return refuse(refused, 'BAD_USER_INPUT');
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx) => {
        const locale = ctx.connectionParams?.locale;
        return contextFor(ctx.extra.caller!, ctx.extra.requestId ?? randomUUID(), negotiateLocale(typeof locale === 'string' ? locale : null));
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return result;
        return { ...result, errors: result.errors.map((e) => maskError(e.toJSON(), e, log, details)) as never };
      },
    },
    wss,
  );

  return {
    server,
    apollo,
    async close(timeoutMs) {
      closing = true;
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      watch.dispose();
      await ws.dispose();
      wss.close();
      const requestsDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      await Promise.race([requestsDone, deadline]);
      // Keep-alive connections whose last response has just gone out.
      server.closeIdleConnections();
      await Promise.race([serverClosed, deadline]);
      server.closeAllConnections();
      await apollo.stop();
    },
  };
}
