/** The face of src/reports: what other features may use (the architecture check holds them to it). */
export { investigationReportJson } from './investigation-json';
export type { InvestigationReport, ReportPerson } from './investigation-report';
export { loadReportFonts, type ReportFonts } from './report-fonts';
export { reportPath } from './report-path';
