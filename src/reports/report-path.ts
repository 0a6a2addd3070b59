/** GET /reports/investigations/<global id>.pdf | .json (served by server/report-routes.ts). */
export const REPORT_ROUTE = /^\/reports\/investigations\/([A-Za-z0-9+/=_-]{1,200})\.(pdf|json)$/;

/** The path a client downloads an investigation's report from. */
export const reportPath = (globalId: string, format: 'pdf' | 'json') => `/reports/investigations/${encodeURIComponent(globalId)}.${format}`;
