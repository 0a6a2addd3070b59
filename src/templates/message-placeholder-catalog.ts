/**
 * The fixed catalog of what a complaint offers to a customer message, by placeholder name (part of the message
 * template language, which templates check; the messages feature computes the values). The complaint's
 * data is read where its type's intakeFields say, by default at the conventional intake fields the shipped
 * types share (the paths below); a type without one leaves that placeholder without a value.
 */
export const PLACEHOLDERS = {
  'customer.name': 'Contact person (data.customer.contactName; else the organization).',
  'customer.organization': 'Customer organization (data.customer.organization).',
  'customer.email': 'Customer e-mail (data.customer.email).',
  'customer.phone': 'Customer phone (data.customer.phone).',
  'complaint.number': 'Complaint number, e.g. CC-2026-000001.',
  'complaint.receivedDate': 'Date received (data.receivedAt, else when recorded), in the calendar time zone.',
  'complaint.description': 'What the customer reported (data.description).',
  'product.name': 'Product name (data.product.name).',
  'product.partNumber': 'Part number (data.product.partNumber).',
  'product.lots': 'Lot numbers, comma separated (data.lotNumbers).',
  'order.number': 'Order number (data.orderNumber).',
  'remedy.type': 'Title of the proposed remedy type.',
  'remedy.amount': 'Amount of the remedy with its currency (empty when the remedy has none).',
  'remedy.description': 'Description of the proposed remedy.',
  'rejection.reason': 'Title of the rejection reason.',
  'rejection.reply': "The reply recorded when the complaint was rejected (the reason's default reply in the message's language, when that was used).",
  'due.acknowledge': 'Due date of the acknowledge SLA clock.',
  'due.respond': 'Due date of the respond SLA clock.',
  'due.close': 'Due date of the close SLA clock.',
  'owner.name': 'Printed name of the complaint owner.',
  'sender.name': 'Printed name of the person sending (or previewing) the message.',
  'company.name': "The organization's title.",
  'message.date': 'The date the message is rendered.',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;

export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set(Object.keys(PLACEHOLDERS));
