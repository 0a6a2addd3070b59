import type { IncomingMessage, ServerResponse } from 'node:http';
import { sightOf, visibleInvestigations } from '../auth/visibility';
import { buildInvestigationReport } from '../investigations/report-builder';
import { Investigation } from '../investigations/investigation.entity';
import { investigationReportJson } from '../reports/investigation-json';
import { renderInvestigationPdf } from '../reports/investigation-pdf';
import { REPORT_ROUTE } from '../reports/report-path';
import { localUuid } from '../shared/graphql/global-id';
import type { Services } from './services';

const LANGUAGES = { 'zh-CN': ['zh-CN'], en: ['en'], both: ['zh-CN', 'en'] } as const;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Answers with a GraphQL-shaped error; true: the request is handled. */
function error(res: ServerResponse, status: number, code: string, message: string): true {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  return true;
}

/**
 * Serves the 8D report of an investigation as a PDF (bilingual by default; `?lang=zh-CN|en|both`) or as the
 * documented JSON export, to a caller with an API key of the investigation's tenant. False: not this route.
 */
export async function serveReport(path: string, search: URLSearchParams, req: IncomingMessage, res: ServerResponse, services: Services): Promise<boolean> {
  const match = REPORT_ROUTE.exec(path);
  if (!match) return false;
  if (req.method !== 'GET') return error(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
  const caller = await services.auth.authenticate(req.headers.authorization);
  if (!caller) return error(res, 401, 'UNAUTHENTICATED', 'Missing or invalid credential: send "Authorization: Bearer <API key or access token>"');
  const globalId = decodeURIComponent(match[1]);
  const id = localUuid(globalId, 'Investigation');
  const em = services.db.forTenant(caller.tenant.id);
  const inv = id ? await em.findOne(Investigation, { $and: [{ id }, visibleInvestigations(em, await sightOf(services.templates, em, caller, services.db.dialect))] }) : null;
  if (!inv) return error(res, 404, 'NOT_FOUND', `No investigation with id ${globalId}`);
  const lang = search.get('lang') ?? 'both';
  if (!(lang in LANGUAGES)) return error(res, 400, 'BAD_USER_INPUT', 'lang must be zh-CN, en or both');
  const report = await buildInvestigationReport(em, caller.tenant.id, inv, services.investigations, services.templates, services.clock.now());
  if (match[2] === 'json') {
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(investigationReportJson(report)));
    return true;
  }
  const pdf = await renderInvestigationPdf(report, { languages: [...LANGUAGES[lang as keyof typeof LANGUAGES]] });
  send(res, 200, 'application/pdf', pdf, { 'content-disposition': `attachment; filename="${inv.number}.pdf"` });
  return true;
}
