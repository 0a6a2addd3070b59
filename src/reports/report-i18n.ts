import type { LocalizedText } from '../__generated__';
import type { Locale } from '../shared/i18n/locale';
import type { InvestigationReport } from './investigation-report';

export const REPORT_LANGUAGES: readonly Locale[] = ['zh-CN', 'en'];

/** The fixed words of an exported report; everything else comes from the template or the report. */
export const UI = {
  report: { 'zh-CN': '调查报告', en: 'Investigation report' },
  number: { 'zh-CN': '编号', en: 'Number' },
  title: { 'zh-CN': '标题', en: 'Title' },
  template: { 'zh-CN': '模板', en: 'Template' },
  status: { 'zh-CN': '状态', en: 'Status' },
  severity: { 'zh-CN': '严重度', en: 'Severity' },
  department: { 'zh-CN': '责任部门', en: 'Department' },
  openedAt: { 'zh-CN': '开启时间', en: 'Opened at' },
  closedAt: { 'zh-CN': '关闭时间', en: 'Closed at' },
  leader: { 'zh-CN': '组长', en: 'Leader' },
  champion: { 'zh-CN': '倡导者', en: 'Champion' },
  timeZone: { 'zh-CN': '时区', en: 'Time zone' },
  team: { 'zh-CN': '小组', en: 'Team' },
  name: { 'zh-CN': '姓名', en: 'Name' },
  role: { 'zh-CN': '角色', en: 'Role' },
  complaints: { 'zh-CN': '关联客诉', en: 'Linked complaints' },
  complaintNumber: { 'zh-CN': '客诉编号', en: 'Complaint' },
  customer: { 'zh-CN': '客户', en: 'Customer' },
  partNumber: { 'zh-CN': '零件号', en: 'Part number' },
  receivedAt: { 'zh-CN': '接收时间', en: 'Received' },
  description: { 'zh-CN': '描述', en: 'Description' },
  submittedBy: { 'zh-CN': '提交人', en: 'Submitted by' },
  submittedAt: { 'zh-CN': '提交时间', en: 'Submitted at' },
  signOffs: { 'zh-CN': '签核', en: 'Sign-offs' },
  signedBy: { 'zh-CN': '签核人', en: 'Signed by' },
  signedAt: { 'zh-CN': '签核时间', en: 'Signed at' },
  comment: { 'zh-CN': '意见', en: 'Comment' },
  meaning: { 'zh-CN': '签名含义', en: 'Meaning' },
  eSigned: { 'zh-CN': '电子签名', en: 'e-signed' },
  noSignOffs: { 'zh-CN': '尚无签核', en: 'Not signed off yet' },
  noData: { 'zh-CN': '尚未填写', en: 'Not filled in yet' },
  none: { 'zh-CN': '无', en: 'None' },
  effectiveness: { 'zh-CN': '有效性检查', en: 'Effectiveness check' },
  scheduledFor: { 'zh-CN': '计划检查日期', en: 'Scheduled for' },
  criteria: { 'zh-CN': '判定准则', en: 'Criteria' },
  result: { 'zh-CN': '结果', en: 'Result' },
  evidence: { 'zh-CN': '证据', en: 'Evidence' },
  recordedBy: { 'zh-CN': '记录人', en: 'Recorded by' },
  recordedAt: { 'zh-CN': '记录时间', en: 'Recorded at' },
  notScheduled: { 'zh-CN': '尚未安排', en: 'Not scheduled' },
  causesInFull: { 'zh-CN': '原因全文', en: 'Causes in full' },
  more: { 'zh-CN': '另有 {n} 条', en: '{n} more' },
  generatedAt: { 'zh-CN': '生成时间', en: 'Generated at' },
  page: { 'zh-CN': '第 {n} / {total} 页', en: 'Page {n} of {total}' },
  yes: { 'zh-CN': '是', en: 'Yes' },
  no: { 'zh-CN': '否', en: 'No' },
} satisfies Record<string, LocalizedText>;

/** Section and investigation states the code knows; the report's `keyTitles.status` may add or override. */
const STATUS: Record<string, LocalizedText> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  submitted: { 'zh-CN': '已提交', en: 'Submitted' },
  'signed-off': { 'zh-CN': '已签核', en: 'Signed off' },
  reopened: { 'zh-CN': '已重开', en: 'Reopened' },
  open: { 'zh-CN': '进行中', en: 'Open' },
  'in-progress': { 'zh-CN': '进行中', en: 'In progress' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
  passed: { 'zh-CN': '通过', en: 'Passed' },
  failed: { 'zh-CN': '未通过', en: 'Failed' },
};

export type KeyKind = 'status' | 'severity' | 'department' | 'role' | 'meaning';

/** The display title of a key the report prints (a status, severity, department, role or signature meaning); the key itself when unknown. */
export function keyTitle(report: Pick<InvestigationReport, 'keyTitles'>, kind: KeyKind, key: string): LocalizedText {
  const fromReport = report.keyTitles?.[kind]?.[key];
  if (fromReport) return fromReport;
  if (kind === 'status' && STATUS[key]) return STATUS[key];
  return { 'zh-CN': key, en: key };
}

/** A bilingual text in the chosen languages, "中文 / English"; one copy when both read the same. */
export function joinLanguages(text: LocalizedText, languages: readonly Locale[]): string {
  const parts: string[] = [];
  for (const locale of languages) {
    const part = text[locale];
    if (part && !parts.includes(part)) parts.push(part);
  }
  return parts.join(' / ');
}

export function fillIn(text: LocalizedText, values: Record<string, string | number>): LocalizedText {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  return { 'zh-CN': fill(text['zh-CN']), en: fill(text.en) };
}

/** The same words in both languages (names, numbers, free text typed by users). */
export const verbatim = (text: string): LocalizedText => ({ 'zh-CN': text, en: text });

export function yesNo(value: boolean): LocalizedText {
  return value ? UI.yes : UI.no;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl refuses unknown zones; a report must still print, so those fall back to UTC. */
export function safeTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** "2026-03-05 14:30" in the given zone: one unambiguous form for both languages. */
export function formatDateTime(date: Date, timeZone: string): string {
  const part = Object.fromEntries(formatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** A date or date-time string as stored in a payload: dates print as they are, date-times in the zone. */
export function formatDateString(value: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatDateTime(date, timeZone);
}
