import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptComplaintDocument,
  AddContainmentActionDocument,
  ComplaintMessagesDocument,
  CreateComplaintDocument,
  CreateTemplateDraftDocument,
  type MessageChannel,
  type MessageLocale,
  NotifyCustomerDocument,
  PreviewMessageDocument,
  ProposeRemedyDocument,
  PublishTemplateDocument,
  RejectComplaintDocument,
  SendCustomerMessageDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  TemplateDocument,
  type TemplateKind,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import { DomainEvent } from '../../../src/db/event.entity';
import { CustomerMessage } from '../../../src/messages/customer-message.entity';
import { OutboundEmail } from '../../../src/notifications/outbound-email.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { createInput, productQualityData } from '../../fixtures/complaints';
import type { Json } from '../../fixtures/templates';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
const keys: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const role of ['customer-service-agent', 'rd-engineer', 'quality-manager']) keys[role] = (await server.app.services.apiKeys.create(server.tenantId, role, [role])).key;
});
afterAll(() => server?.stop());

type Complaintish = Extract<TransitionFieldsFragment, { __typename: 'Complaint' }>;
const ref = (c: { id: string; version: number }) => ({ id: c.id, version: c.version });
const SHIPPED = readdirSync(join(__dirname, '../../../templates/messages')).map((f) => f.replace(/\.json$/, '')).sort();
const LOCALES = ['ZH_CN', 'EN'] as const;

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Complaintish> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return value;
}

async function created(data: Record<string, unknown> = productQualityData()): Promise<{ id: string; version: number; number: string }> {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  return createComplaint as never;
}

/** Accepted, contained and with a compensation of CNY 1,500 proposed: every placeholder but the rejection has its data. */
async function withRemedy(data?: Record<string, unknown>): Promise<Complaintish & { number: string }> {
  const c0 = await created(data);
  let c = await step(server.query(StartReviewDocument, { input: ref(c0) }));
  c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'manufacturing-defect' } }));
  c = await step(server.query(AddContainmentActionDocument, { input: { ...ref(c), description: '冻结库存 Stock on hold' } }));
  c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'compensation', amount: 1500, currency: 'CNY', description: '补偿挑选费用 Sorting costs' } }));
  return { ...c, number: c0.number };
}

async function rejected(): Promise<Complaintish & { number: string }> {
  const c0 = await created();
  let c = await step(server.query(StartReviewDocument, { input: ref(c0) }));
  c = await step(server.query(RejectComplaintDocument, { input: { ...ref(c), reasonCode: 'within-specification' } }));
  return { ...c, number: c0.number };
}

async function preview(complaintId: string, messageKey: string, locale: MessageLocale, channel: MessageChannel = 'EMAIL', key?: string) {
  return (await server.query(PreviewMessageDocument, { input: { complaintId, messageKey, locale, channel } }, key)).previewMessage;
}

describe('shipped messages', () => {
  it('ships the six purposes', () => {
    expect(SHIPPED).toEqual(['acknowledgement', 'rejection', 'remedy-offer', 'request-for-information', 'resolution', 'thanks']);
  });

  it('every shipped message renders in both languages against a real complaint, with no marker left', async () => {
    const remedy = await withRemedy();
    const reject = await rejected();
    const expected = {
      ZH_CN: { greeting: '尊敬的王工', received: '2026年11月20日', money: '¥1,500.00', reason: '符合规格' },
      EN: { greeting: 'Dear 王工', received: '20 November 2026', money: 'CN¥1,500.00', reason: 'Within specification' },
    };
    for (const key of SHIPPED) {
      const c = key === 'rejection' ? reject : remedy;
      for (const locale of LOCALES) {
        const p = await preview(c.id, key, locale);
        if (p.__typename !== 'MessagePreview') throw new Error(JSON.stringify(p));
        const e = expected[locale];
        expect(p.missing, `${key} ${locale}`).toEqual([]);
        expect(`${p.subject}\n${p.textBody}\n${p.htmlBody}`).not.toContain('[[');
        expect(p.subject).toContain(c.number);
        expect(p.textBody).toMatch(new RegExp(`^${e.greeting}`));
        expect(p.htmlBody).toContain(`<p>${e.greeting}`);
        expect(p.placeholders).toContain('customer.name');
        if (key === 'acknowledgement') expect(p.textBody).toContain(e.received);
        if (key === 'remedy-offer') expect(p.textBody).toContain(e.money);
        if (key === 'rejection') {
          expect(p.textBody).toContain(e.reason);
          expect(p.textBody).toContain(locale === 'EN' ? 'Our measurements show the parts meet the agreed drawing' : '经检测，所涉产品符合双方确认的图纸');
        }
      }
    }
  });

  it('reports the placeholders a complaint has no value for, as visible markers', async () => {
    const c = await created();
    const p = await preview(c.id, 'remedy-offer', 'EN', 'LETTER');
    if (p.__typename !== 'MessagePreview') throw new Error(p.__typename);
    expect(p.missing.sort()).toEqual(['remedy.amount', 'remedy.description', 'remedy.type']);
    expect(p.textBody).toContain('Remedy: [[remedy.type]]\nAmount: [[remedy.amount]]');
    expect(p.htmlBody).toBeNull();
  });
});

describe('escaping by channel', () => {
  const script = '<script>alert(1)</script>';

  it('escapes a script-looking customer name in HTML and keeps it verbatim in text', async () => {
    const c = await created(productQualityData({ customer: { organization: 'ACME', contactName: script, email: 'x@example.com' } }));
    const p = await preview(c.id, 'acknowledgement', 'EN');
    if (p.__typename !== 'MessagePreview') throw new Error(p.__typename);
    expect(p.textBody).toContain(`Dear ${script},`);
    expect(p.htmlBody).toContain('<p>Dear &lt;script&gt;alert(1)&lt;&#x2F;script&gt;,</p>');
    expect(p.htmlBody).not.toContain('<script');
    const { sendCustomerMessage: sent } = await server.query(SendCustomerMessageDocument, { input: { complaintId: c.id, messageKey: 'acknowledgement', locale: 'EN', channel: 'EMAIL' } });
    if (sent.__typename !== 'CustomerMessage') throw new Error(sent.__typename);
    const row = await server.stored().findOneOrFail(CustomerMessage, { id: localUuid(sent.id, 'CustomerMessage')! });
    expect(row.textBody).toContain(`Dear ${script},`);
    expect(row.htmlBody).not.toContain('<script');
  });
});

describe('publishing a message template', () => {
  const base = (body: string): Json => ({
    kind: 'message',
    key: 'custom-note',
    title: { 'zh-CN': '说明', en: 'Note' },
    purpose: 'request-for-information',
    roles: ['customer-service-agent'],
    texts: { 'zh-CN': { subject: '{{complaint.number}}', body: '您好 {{customer.name}}' }, en: { subject: '{{complaint.number}}', body } },
  });

  let drafts = 0;
  const nextKey = () => `custom-note-${++drafts}`;

  async function publish(kind: TemplateKind, key: string, content: Json) {
    const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind, key, content } });
    if (draft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(draft));
    return (await server.query(PublishTemplateDocument, { input: { kind, key, draftVersion: draft.version } })).publishTemplate;
  }

  it.each([
    { title: 'an unknown placeholder', body: 'Dear {{customer.password}}', path: '/texts/en/body', code: 'UNKNOWN_PLACEHOLDER' },
    { title: 'a section', body: '{{#customer.name}}Dear{{/customer.name}}', path: '/texts/en/body', code: 'SECTION_NOT_ALLOWED' },
    { title: 'an inverted section', body: '{{^customer.name}}Sir{{/customer.name}}', path: '/texts/en/body', code: 'SECTION_NOT_ALLOWED' },
    { title: 'a partial', body: '{{> footer}}', path: '/texts/en/body', code: 'PARTIAL_NOT_ALLOWED' },
    { title: 'an unescaped tag', body: 'Dear {{{customer.name}}}', path: '/texts/en/body', code: 'UNESCAPED_NOT_ALLOWED' },
    { title: 'an ampersand tag', body: 'Dear {{& customer.name}}', path: '/texts/en/body', code: 'UNESCAPED_NOT_ALLOWED' },
    { title: 'a delimiter change', body: '{{=<% %>=}}Dear <%customer.name%>', path: '/texts/en/body', code: 'DELIMITER_CHANGE_NOT_ALLOWED' },
    { title: 'an unclosed tag', body: 'Dear {{customer.name', path: '/texts/en/body', code: 'TEMPLATE_SYNTAX' },
  ])('refuses $title with its path', async ({ body, path, code }) => {
    const key = nextKey();
    const result = await publish('MESSAGE' as TemplateKind, key, { ...base(body), key });
    expect(result).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED' });
    expect((result as { problems: Array<{ path: string; code: string }> }).problems.map((p) => [p.path, p.code])).toEqual([[path, code]]);
  });

  it('refuses an unknown role', async () => {
    const key = nextKey();
    const content = { ...base('Dear {{customer.name}}'), key, roles: ['janitor'] };
    const result = await publish('MESSAGE' as TemplateKind, key, content);
    expect((result as { problems: Array<{ path: string; code: string }> }).problems.map((p) => [p.path, p.code])).toEqual([['/roles/0', 'UNKNOWN_REFERENCE']]);
  });

  it('refuses a workflow transition offering an unknown message', async () => {
    const { template } = await server.query(TemplateDocument, { kind: 'WORKFLOW' as TemplateKind, key: 'stage-1' });
    const content = structuredClone(template.content) as Json;
    content.transitions[0].message = 'no-such-message';
    const result = await publish('WORKFLOW' as TemplateKind, 'stage-1', content);
    expect(result).toMatchObject({ __typename: 'TemplateInvalidError', problems: [{ path: '/transitions/0/message', code: 'UNKNOWN_REFERENCE' }] });
  });

  it('publishes a valid one, which can then be previewed', async () => {
    const result = await publish('MESSAGE' as TemplateKind, 'custom-note-ok', { ...base('Dear {{customer.name}}, re {{order.number}}'), key: 'custom-note-ok' });
    expect(result).toMatchObject({ __typename: 'TemplateVersionInfo', version: 1 });
    const c = await created();
    const p = await preview(c.id, 'custom-note-ok', 'EN', 'CHAT');
    expect(p).toMatchObject({ __typename: 'MessagePreview', textBody: 'Dear 王工, re SO-88123', htmlBody: null, missing: [] });
  });
});

describe('sending', () => {
  const input = (complaintId: string, extra: Record<string, unknown> = {}) => ({ complaintId, messageKey: 'acknowledgement', locale: 'ZH_CN' as MessageLocale, channel: 'EMAIL' as MessageChannel, ...extra });

  it('records the exact rendered text and one event; without SMTP nothing is e-mailed', async () => {
    const c = await created();
    const p = await preview(c.id, 'acknowledgement', 'ZH_CN', 'EMAIL', keys['customer-service-agent']);
    const { sendCustomerMessage: sent } = await server.query(SendCustomerMessageDocument, { input: input(c.id) }, keys['customer-service-agent']);
    if (sent.__typename !== 'CustomerMessage' || p.__typename !== 'MessagePreview') throw new Error(sent.__typename);
    expect(sent).toMatchObject({ complaintId: c.id, messageKey: 'acknowledgement', purpose: 'acknowledgement', locale: 'zh-CN', channel: 'EMAIL', recipient: 'wang@example.cn', subject: p.subject, textBody: p.textBody, htmlBody: p.htmlBody, emailStatus: 'NOT_EMAILED', sentByName: 'customer-service-agent' });
    const em = server.stored();
    const row = await em.findOneOrFail(CustomerMessage, { id: localUuid(sent.id, 'CustomerMessage')! });
    expect({ subject: row.subject, textBody: row.textBody, tenantId: row.tenantId, outboundEmailId: row.outboundEmailId }).toEqual({ subject: p.subject, textBody: p.textBody, tenantId: server.tenantId, outboundEmailId: null });
    expect(await em.count(OutboundEmail, { tenantId: server.tenantId })).toBe(0);
    const events = await em.find(DomainEvent, { subjectId: localUuid(c.id, 'Complaint')!, type: 'complaint.message_sent' });
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ before: null, after: { customerMessageId: row.id, messageKey: 'acknowledgement', subject: p.subject, recipient: 'wang@example.cn', emailed: false } });
    const { complaint } = await server.query(ComplaintMessagesDocument, { id: c.id });
    expect(complaint?.messages.map((m) => m.id)).toEqual([sent.id]);
  });

  it('is idempotent by key, and refuses the key with another input', async () => {
    const c = await created();
    const first = await server.query(SendCustomerMessageDocument, { input: input(c.id, { idempotencyKey: 'ack-1' }) });
    const again = await server.query(SendCustomerMessageDocument, { input: input(c.id, { idempotencyKey: 'ack-1' }) });
    expect(again.sendCustomerMessage).toEqual(first.sendCustomerMessage);
    const other = await server.query(SendCustomerMessageDocument, { input: input(c.id, { idempotencyKey: 'ack-1', locale: 'EN' }) });
    expect(other.sendCustomerMessage).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    const em = server.stored();
    expect(await em.count(CustomerMessage, { complaintId: localUuid(c.id, 'Complaint')! })).toBe(1);
    expect(await em.count(DomainEvent, { subjectId: localUuid(c.id, 'Complaint')!, type: 'complaint.message_sent' })).toBe(1);
  });

  it.each([
    { title: 'an e-mail to a complaint without an address', data: { customer: { organization: 'ACME', contactName: 'Li' } }, extra: {}, expected: { __typename: 'NoRecipientError', code: 'NO_RECIPIENT' } },
    { title: 'a recipient that is no e-mail address', data: {}, extra: { recipient: 'not an address' }, expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/recipient', code: 'FORMAT' }] } },
    { title: 'an unknown message', data: {}, extra: { messageKey: 'no-such-message' }, expected: { __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [{ path: '/messageKey', code: 'UNKNOWN_MESSAGE' }] } },
    { title: 'a role the template does not name', data: {}, extra: {}, key: 'quality-manager', expected: { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', allowedRoles: ['customer-service-agent', 'customer-service-manager', 'quality-engineer'] } },
    { title: 'a complaint the caller may not see (visibility)', data: {}, extra: {}, key: 'rd-engineer', expected: { __typename: 'NotFoundError', code: 'NOT_FOUND' } },
    { title: 'an unknown complaint', data: {}, extra: { complaintId: 'Q29tcGxhaW50OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==' }, expected: { __typename: 'NotFoundError', code: 'NOT_FOUND' } },
  ])('refuses $title and records nothing', async ({ data, extra, key, expected }) => {
    const c = await created(productQualityData(data));
    const { sendCustomerMessage } = await server.query(SendCustomerMessageDocument, { input: input(c.id, extra) }, key ? keys[key] : undefined);
    expect(sendCustomerMessage).toMatchObject(expected);
    const em = server.stored();
    expect(await em.count(CustomerMessage, { complaintId: localUuid(c.id, 'Complaint')! })).toBe(0);
    expect(await em.count(DomainEvent, { subjectId: localUuid(c.id, 'Complaint')!, type: 'complaint.message_sent' })).toBe(0);
  });

  it('records a letter as text only, to whom it was given', async () => {
    const c = await created(productQualityData({ customer: { organization: 'ACME', contactName: 'Li' } }));
    const { sendCustomerMessage: sent } = await server.query(SendCustomerMessageDocument, { input: input(c.id, { channel: 'LETTER', locale: 'EN', recipient: 'ACME, Attn. Li' }) });
    expect(sent).toMatchObject({ __typename: 'CustomerMessage', channel: 'LETTER', recipient: 'ACME, Attn. Li', htmlBody: null, emailStatus: 'NOT_EMAILED' });
  });
});

describe('the workflow offers the matching message', () => {
  const offers = async (id: string) => (await server.query(ComplaintMessagesDocument, { id })).complaint!.messageOffers;

  it('offers the acknowledgement after startReview until it is sent, then the rejection after reject', async () => {
    const c0 = await created();
    expect(await offers(c0.id)).toEqual([]);
    let c = await step(server.query(StartReviewDocument, { input: ref(c0) }));
    expect(await offers(c.id)).toEqual([{ messageKey: 'acknowledgement', purpose: 'acknowledgement', title: 'Complaint acknowledgement', afterAction: 'startReview', sent: false }]);
    await server.query(SendCustomerMessageDocument, { input: { complaintId: c.id, messageKey: 'acknowledgement', locale: 'EN', channel: 'PORTAL' } });
    expect(await offers(c.id)).toMatchObject([{ messageKey: 'acknowledgement', sent: true }]);
    c = await step(server.query(RejectComplaintDocument, { input: { ...ref(c), reasonCode: 'not-our-product' } }));
    expect(await offers(c.id)).toEqual([{ messageKey: 'rejection', purpose: 'rejection', title: 'Complaint not accepted', afterAction: 'reject', sent: false }]);
  });

  it('offers the remedy offer once the remedy is approved, then the resolution after notifyCustomer', async () => {
    const c0 = await created();
    let c = await step(server.query(StartReviewDocument, { input: ref(c0) }));
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'manufacturing-defect' } }));
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'exchange', quantity: 120 } }));
    c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
    expect(c.status).toBe('REMEDY_APPROVED');
    expect(await offers(c.id)).toEqual([{ messageKey: 'remedy-offer', purpose: 'remedy-offer', title: 'Remedy offer', afterAction: 'submitRemedy', sent: false }]);
    c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'email', text: 'Replacement parts ship on Friday.' } }));
    expect(await offers(c.id)).toEqual([{ messageKey: 'resolution', purpose: 'resolution', title: 'Resolution notice', afterAction: 'notifyCustomer', sent: false }]);
  });

  it('offers nothing after a step without a message', async () => {
    const c0 = await created();
    let c = await step(server.query(StartReviewDocument, { input: ref(c0) }));
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: 'manufacturing-defect' } }));
    expect(await offers(c.id)).toEqual([]);
  });
});
