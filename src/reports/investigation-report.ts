import type { LocalizedText } from '../__generated__';

/**
 * Everything an exported 8D report shows, assembled by the investigation service from stored rows and the
 * pinned template version. Plain data: the PDF and JSON renderers take only this.
 */
export interface InvestigationReport {
  /** e.g. INV-2026-000001 */
  number: string;
  title: string;
  status: string;
  template: { key: string; version: number; title: LocalizedText };
  severity: string | null;
  department: string | null;
  openedAt: Date;
  closedAt: Date | null;
  leader: ReportPerson | null;
  champion: ReportPerson | null;
  team: Array<ReportPerson & { role: string }>;
  /** The complaints this investigation answers (one or many). */
  complaints: Array<{ number: string; customer: string | null; partNumber: string | null; receivedAt: string | null; description: string | null }>;
  sections: ReportSection[];
  effectiveness: {
    scheduledFor: string | null;
    criteria: string | null;
    result: 'passed' | 'failed' | null;
    evidence: string | null;
    /** The name of who recorded the result; `recordedById` their principal id. */
    recordedBy: string | null;
    recordedById?: string | null;
    recordedAt: Date | null;
  } | null;
  /** When the report was generated (printed in the footer). */
  generatedAt: Date;
  /** IANA zone the times are printed in (the organization's, e.g. Asia/Shanghai); UTC when absent. */
  timeZone?: string;
  /** Titles of the keys the report prints (from the organization and complaint-type templates); a key without one prints as is. */
  keyTitles?: Partial<Record<'status' | 'severity' | 'department' | 'role', Record<string, LocalizedText>>>;
}

export interface ReportPerson {
  id: string;
  name: string;
}

export interface ReportSection {
  /** e.g. D4 */
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** draft, submitted, signed-off, reopened */
  status: string;
  /** The section's JSON Schema from the pinned template: labels in x-title (LocalizedText), enum labels in x-enum-titles. */
  schema: Record<string, unknown>;
  /** The section's data (the last submitted payload, or the draft when never submitted). */
  data: Record<string, unknown> | null;
  submittedBy: ReportPerson | null;
  submittedAt: Date | null;
  /** `meaning` (21 CFR 11.50); `signature`: the electronic signature, where the sign-off was signed. */
  signOffs: Array<{ by: ReportPerson; role: string; at: Date; comment: string | null; meaning?: string; signature?: { id: string; signedAt: Date } | null }>;
}
