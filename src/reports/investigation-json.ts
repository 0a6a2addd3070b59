import type { LocalizedText } from '../__generated__';
import type { Locale } from '../shared/i18n/locale';
import type { InvestigationReport, ReportPerson, ReportSection } from './investigation-report';
import { keyTitle, REPORT_LANGUAGES, safeTimeZone, verbatim, type KeyKind } from './report-i18n';
import { isObject, orderedKeys, SchemaReader, scalarText, titleOf, type JsonSchema } from './report-schema';

/** Bumped on any change a consumer could notice; additions of new keys do not bump it. */
export const INVESTIGATION_REPORT_JSON_VERSION = 1;

/** A stored key with its display title, e.g. { key: 'signed-off', title: { 'zh-CN': '已签核', en: 'Signed off' } }. */
export type KeyedJson = { key: string; title: LocalizedText };

/**
 * One printed value of a section: every scalar in the payload, depth first in template order.
 * `pointer` is its JSON pointer into `data`; `label` the field's own title and `path` the titles from the
 * section down to it (array items as #1, #2 ...), joined with ' › '; `text` the value as the PDF prints it
 * (enum titles, 是/Yes, dates in `timeZone`), while `value` stays the raw JSON value.
 */
export type FieldJson = { pointer: string; label: LocalizedText; path: LocalizedText; value: string | number | boolean | null; text: LocalizedText };

export type SectionJson = {
  key: string;
  title: LocalizedText;
  description: LocalizedText | null;
  status: KeyedJson;
  submittedBy: ReportPerson | null;
  submittedAt: string | null;
  signOffs: Array<{ by: ReportPerson; role: KeyedJson; at: string; comment: string | null; meaning: string | null; signature: { id: string; signedAt: string } | null }>;
  /** The payload exactly as stored (validated by `schema`). */
  data: Record<string, unknown> | null;
  /** The section's JSON Schema from the pinned template version. */
  schema: JsonSchema;
  fields: FieldJson[];
};

/**
 * The documented JSON export of an investigation report (format `investigation-report`). Every time is an
 * ISO 8601 UTC string; `timeZone` is the zone the PDF prints them in. Keys the templates label (status,
 * severity, department, roles) come as { key, title } with the title in both languages. Sections are in
 * template order and each carries its raw `data` beside the labelled `fields`.
 */
export type InvestigationReportJson = {
  format: 'investigation-report';
  formatVersion: number;
  languages: Locale[];
  timeZone: string;
  number: string;
  title: string;
  status: KeyedJson;
  template: { key: string; version: number; title: LocalizedText };
  severity: KeyedJson | null;
  department: KeyedJson | null;
  openedAt: string;
  closedAt: string | null;
  leader: ReportPerson | null;
  champion: ReportPerson | null;
  team: Array<ReportPerson & { role: KeyedJson }>;
  complaints: InvestigationReport['complaints'];
  sections: SectionJson[];
  effectiveness: {
    scheduledFor: string | null;
    criteria: string | null;
    result: KeyedJson | null;
    evidence: string | null;
    /** The name of who recorded the result; `recordedById` their principal id. */
    recordedBy: string | null;
    recordedById: string | null;
    recordedAt: string | null;
  } | null;
  generatedAt: string;
};

export function investigationReportJson(report: InvestigationReport): InvestigationReportJson {
  const timeZone = safeTimeZone(report.timeZone);
  const keyed = (kind: KeyKind, key: string): KeyedJson => ({ key, title: keyTitle(report, kind, key) });
  const person = (p: ReportPerson | null) => (p ? { id: p.id, name: p.name } : null);
  const effectiveness = report.effectiveness;
  return {
    format: 'investigation-report',
    formatVersion: INVESTIGATION_REPORT_JSON_VERSION,
    languages: [...REPORT_LANGUAGES],
    timeZone,
    number: report.number,
    title: report.title,
    status: keyed('status', report.status),
    template: { key: report.template.key, version: report.template.version, title: report.template.title },
    severity: report.severity === null ? null : keyed('severity', report.severity),
    department: report.department === null ? null : keyed('department', report.department),
    openedAt: report.openedAt.toISOString(),
    closedAt: iso(report.closedAt),
    leader: person(report.leader),
    champion: person(report.champion),
    team: report.team.map((m) => ({ id: m.id, name: m.name, role: keyed('role', m.role) })),
    complaints: report.complaints.map((c) => ({ ...c })),
    sections: report.sections.map((s) => sectionJson(report, s, timeZone)),
    effectiveness: effectiveness && {
      scheduledFor: effectiveness.scheduledFor,
      criteria: effectiveness.criteria,
      result: effectiveness.result === null ? null : keyed('status', effectiveness.result),
      evidence: effectiveness.evidence,
      recordedBy: effectiveness.recordedBy,
      recordedById: effectiveness.recordedById ?? null,
      recordedAt: iso(effectiveness.recordedAt),
    },
    generatedAt: report.generatedAt.toISOString(),
  };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function sectionJson(report: InvestigationReport, section: ReportSection, timeZone: string): SectionJson {
  const data = section.data === null ? null : (JSON.parse(JSON.stringify(section.data)) as Record<string, unknown>);
  const fields: FieldJson[] = [];
  if (data) {
    const reader = new SchemaReader(section.schema);
    collectFields(reader, reader.resolve(section.schema, data), data, '', [], fields, timeZone);
  }
  return {
    key: section.key,
    title: section.title,
    description: section.description ?? null,
    status: { key: section.status, title: keyTitle(report, 'status', section.status) },
    submittedBy: section.submittedBy && { id: section.submittedBy.id, name: section.submittedBy.name },
    submittedAt: iso(section.submittedAt),
    signOffs: section.signOffs.map((s) => ({
      by: { id: s.by.id, name: s.by.name },
      role: { key: s.role, title: keyTitle(report, 'role', s.role) },
      at: s.at.toISOString(),
      comment: s.comment,
      meaning: s.meaning ?? null,
      signature: s.signature ? { id: s.signature.id, signedAt: s.signature.signedAt.toISOString() } : null,
    })),
    data,
    schema: JSON.parse(JSON.stringify(section.schema)) as JsonSchema,
    fields,
  };
}

function collectFields(
  reader: SchemaReader,
  schema: JsonSchema,
  value: unknown,
  pointer: string,
  trail: LocalizedText[],
  out: FieldJson[],
  timeZone: string,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const itemTrail = [...trail, verbatim(`#${index + 1}`)];
      collectFields(reader, reader.item(schema, index, item), item, `${pointer}/${index}`, itemTrail, out, timeZone);
    });
    return;
  }
  if (isObject(value)) {
    for (const key of orderedKeys(schema, value)) {
      const child = reader.property(schema, key, value[key]);
      const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
      collectFields(reader, child, value[key], `${pointer}/${escaped}`, [...trail, titleOf(child, key)], out, timeZone);
    }
    return;
  }
  const named = [...trail].reverse().find((t) => !/^#\d+$/.test(t.en)) ?? verbatim('');
  out.push({
    pointer,
    label: named,
    path: { 'zh-CN': trail.map((t) => t['zh-CN']).join(' › '), en: trail.map((t) => t.en).join(' › ') },
    value: value === undefined ? null : (value as string | number | boolean | null),
    text: scalarText(schema, value, timeZone),
  });
}
