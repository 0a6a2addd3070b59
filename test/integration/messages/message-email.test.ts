import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintMessagesDocument, CreateComplaintDocument, SendCustomerMessageDocument } from '../../__generated__/graphql';
import { CustomerMessage } from '../../../src/messages/customer-message.entity';
import { OutboundEmail } from '../../../src/notifications/outbound-email.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/** A local SMTP sink that keeps what it receives. */
const received: Array<{ to: string[]; raw: string }> = [];
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  },
});

/** The decoded body of the MIME part of this content type (quoted-printable or base64, as nodemailer picks). */
function mimePart(raw: string, contentType: string): string {
  const part = raw.split(/\r\n--[^\r\n]+\r\n/).find((p) => p.toLowerCase().startsWith(`content-type: ${contentType}`));
  if (!part) throw new Error(`no ${contentType} part`);
  const [head, ...rest] = part.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n').replace(/\r\n--[^\r\n]+--\r\n?$/, '');
  if (/content-transfer-encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding: quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => `%${h}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
  }
  return body;
}

let server: TestServer;
const clock = new ManualClock(new Date('2026-11-23T01:00:00Z'));

beforeAll(async () => {
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const port = (sink.server.address() as AddressInfo).port;
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0', SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'QMS <qms@plant.example>' }, { clock });
});
afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
});

describe('customer messages over SMTP', () => {
  it('e-mails the exact recorded text with an escaped HTML alternative, once, after the send committed', async () => {
    const script = '<script>alert(1)</script>';
    const data = productQualityData({ customer: { organization: 'ACME', contactName: script, email: 'buyer@customer.example' } });
    const { createComplaint: c } = await server.query(CreateComplaintDocument, { input: createInput({ data }) });
    if (c.__typename !== 'Complaint') throw new Error(c.__typename);
    const input = { complaintId: c.id, messageKey: 'acknowledgement', locale: 'EN' as const, channel: 'EMAIL' as const, idempotencyKey: 'ack-email-1' };
    const { sendCustomerMessage: sent } = await server.query(SendCustomerMessageDocument, { input });
    expect(sent).toMatchObject({ __typename: 'CustomerMessage', recipient: 'buyer@customer.example', emailStatus: 'QUEUED' });
    if (sent.__typename !== 'CustomerMessage') throw new Error(sent.__typename);
    // A retry with the key queues nothing more.
    await server.query(SendCustomerMessageDocument, { input });
    expect(received).toHaveLength(0);

    await server.app.services.scheduler.tick();
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['buyer@customer.example']);
    const row = await server.stored().findOneOrFail(CustomerMessage, { id: localUuid(sent.id, 'CustomerMessage')! });
    const email = await server.stored().findOneOrFail(OutboundEmail, { id: row.outboundEmailId! });
    expect(email).toMatchObject({ to: 'buyer@customer.example', subject: row.subject, text: row.textBody, html: row.htmlBody, attempts: 1 });
    expect(mimePart(received[0].raw, 'text/plain').replace(/\r\n/g, '\n')).toBe(row.textBody);
    const html = mimePart(received[0].raw, 'text/html').replace(/\r\n/g, '\n');
    expect(html).toBe(row.htmlBody);
    expect(html).toContain('<p>Dear &lt;script&gt;alert(1)&lt;&#x2F;script&gt;,</p>');
    expect(html).not.toContain('<script');

    const { complaint } = await server.query(ComplaintMessagesDocument, { id: c.id });
    expect(complaint?.messages).toMatchObject([{ id: sent.id, emailStatus: 'SENT' }]);
    await server.app.services.scheduler.tick();
    expect(received).toHaveLength(1);
  });
});
