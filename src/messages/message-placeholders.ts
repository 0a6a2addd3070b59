import type { ComplaintTypeTemplate, OrganizationTemplate, WorkflowTemplate } from '../__generated__';
import type { Locale } from '../shared/i18n/locale';
import type { ComplaintRecord, RecordedRemedy, RecordedValidity } from '../complaints';
import type { PlaceholderName } from '../templates';
import { type IntakeConcept, intakeValue } from '../templates';

/** What the values are computed from. */
export interface PlaceholderSource {
  complaint: { number: string; data: Record<string, unknown>; record: ComplaintRecord; createdAt: Date };
  /** The complaint type the complaint is pinned to: its intakeFields say where the intake keeps each value. */
  type: Pick<ComplaintTypeTemplate, 'intakeFields'>;
  org: OrganizationTemplate;
  rejectionReasons: NonNullable<WorkflowTemplate['rejectionReasons']>;
  /** Due times of the stage-1 clocks by name (acknowledge, respond, close): null when met or paused. */
  due: Map<string, Date | null>;
  ownerName: string | null;
  senderName: string;
  locale: Locale;
  now: Date;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);

/** A date in the organization's time zone, the way each language writes it: 2026年11月20日 / 20 November 2026. */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone }).format(date);
}

/** An amount with its currency, per language: ¥1,234.50 / CN¥1,234.50. */
export function formatMoney(amount: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { style: 'currency', currency }).format(amount);
}

/** Every catalog placeholder's value for this complaint in this language; null where the complaint has none. */
export function placeholderValues(s: PlaceholderSource): Map<PlaceholderName, string | null> {
  const { complaint: c, org, locale } = s;
  const zone = org.calendar.timeZone;
  const field = (concept: IntakeConcept) => intakeValue(s.type, c.data, concept);
  const remedy: Partial<RecordedRemedy> = c.record.remedy ?? {};
  const validity: Partial<RecordedValidity> = c.record.validity ?? {};
  const remedyType = org.remedyTypes.find((r) => r.key === remedy.type);
  const reason = s.rejectionReasons.find((r) => r.key === validity.reasonCode);
  const stated = field('receivedAt');
  const received = str(stated) && !Number.isNaN(Date.parse(String(stated))) ? new Date(String(stated)) : c.createdAt;
  const lotNumbers = field('lotNumbers');
  const lots = Array.isArray(lotNumbers) ? lotNumbers.filter((l): l is string => typeof l === 'string' && !!l.trim()) : [];
  const amount = typeof remedy.amount === 'number' && remedy.amount > 0 && typeof remedy.currency === 'string' ? formatMoney(remedy.amount, remedy.currency, locale) : null;
  const due = (name: string) => {
    const at = s.due.get(name);
    return at ? formatDate(at, locale, zone) : null;
  };
  const values: Record<PlaceholderName, string | null> = {
    'customer.name': str(field('contactName')) ?? str(field('customer')),
    'customer.organization': str(field('customer')),
    'customer.email': str(field('customerEmail')),
    'customer.phone': str(field('customerPhone')),
    'complaint.number': c.number,
    'complaint.receivedDate': formatDate(received, locale, zone),
    'complaint.description': str(field('description')),
    'product.name': str(field('productName')),
    'product.partNumber': str(field('partNumber')),
    'product.lots': lots.length ? lots.join(', ') : null,
    'order.number': str(field('orderNumber')),
    'remedy.type': remedyType ? remedyType.title[locale] : null,
    'remedy.amount': amount,
    'remedy.description': str(remedy.description),
    'rejection.reason': validity.decision === 'rejected' ? (reason?.title[locale] ?? str(validity.reasonCode)) : null,
    // The template's reply in the message's language, unless the person rejecting wrote their own.
    'rejection.reply': validity.decision !== 'rejected' ? null : validity.replyFromTemplate === true && reason ? reason.reply[locale] : str(validity.reply),
    'due.acknowledge': due('acknowledge'),
    'due.respond': due('respond'),
    'due.close': due('close'),
    'owner.name': s.ownerName,
    'sender.name': s.senderName,
    'company.name': org.title[locale],
    'message.date': formatDate(s.now, locale, zone),
  };
  return new Map(Object.entries(values) as Array<[PlaceholderName, string | null]>);
}
