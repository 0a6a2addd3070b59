import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundEmail } from '../../../src/notifications/outbound-email.entity';
import { ManualClock } from '../../../src/scheduler/clock';
import { CreateComplaintDocument } from '../../__generated__/graphql';
import { createInput, productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

const at = (shanghai: string) => new Date(`${shanghai}+08:00`);

/** A local SMTP sink: keeps what it receives; refuses recipients while `refusing`. */
const received: Array<{ to: string[]; raw: string }> = [];
let refusing = false;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, _session, callback) {
    callback(refusing ? Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }) : undefined);
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  },
});

let server: TestServer;
let templatesDir: string;
const clock = new ManualClock(at('2026-11-23T09:00:00'));

beforeAll(async () => {
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const port = (sink.server.address() as AddressInfo).port;
  // The shipped templates, with a mailbox for the customer service managers.
  templatesDir = mkdtempSync(join(tmpdir(), 'cq-templates-'));
  cpSync(join(__dirname, '../../../templates'), templatesDir, { recursive: true });
  const orgFile = join(templatesDir, 'organization.json');
  const org = JSON.parse(readFileSync(orgFile, 'utf8'));
  org.roles.find((r: { key: string }) => r.key === 'customer-service-manager').email = 'cs-managers@plant.example';
  writeFileSync(orgFile, JSON.stringify(org));
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0', SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'QMS <qms@plant.example>', TEMPLATES_DIR: templatesDir }, { clock });
});
afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  rmSync(templatesDir, { recursive: true, force: true });
});

async function complaintReceivedAt(shanghai: string): Promise<string> {
  clock.set(at(shanghai));
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data: productQualityData({ receivedAt: at(shanghai).toISOString() }) }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  return createComplaint.number;
}

describe('escalation e-mail to role mailboxes over SMTP', () => {
  it('sends the escalation to the role mailbox once, after the escalation committed', async () => {
    const number = await complaintReceivedAt('2026-11-23T09:00:00');
    clock.set(at('2026-11-24T10:00:00'));
    await server.app.services.scheduler.tick();
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['cs-managers@plant.example']);
    expect(received[0].raw).toContain('From: QMS <qms@plant.example>');
    // Subject and body are UTF-8 (encoded words in the header): check the decoded outbox row instead of MIME.
    const sent = await server.stored().findOneOrFail(OutboundEmail, { to: 'cs-managers@plant.example' });
    expect(sent).toMatchObject({ subject: `[${number}] 确认受理超时 / Acknowledgement overdue`, attempts: 1, sentAt: at('2026-11-24T10:00:00') });
    expect(sent.text).toContain('step: acknowledge-overdue');
    await server.app.services.scheduler.tick();
    expect(received).toHaveLength(1);
  });

  it('keeps an e-mail the server refused and sends it on a later tick', async () => {
    await complaintReceivedAt('2026-11-30T09:00:00');
    // The first complaint's later steps (respond-overdue, to the same mailbox) go out now, out of the way.
    await server.app.services.scheduler.tick();
    received.length = 0;
    refusing = true;
    clock.set(at('2026-12-01T10:00:00'));
    await server.app.services.scheduler.tick();
    expect(received).toHaveLength(0);
    const pending = await server.stored().findOneOrFail(OutboundEmail, { sentAt: null });
    expect(pending).toMatchObject({ attempts: 1, lastError: expect.stringContaining('mailbox unavailable'), nextAttemptAt: at('2026-12-01T10:01:00') });
    refusing = false;
    await server.app.services.scheduler.tick();
    expect(received).toHaveLength(0);
    clock.set(at('2026-12-01T10:01:00'));
    await server.app.services.scheduler.tick();
    expect(received).toHaveLength(1);
    expect(await server.stored().findOneOrFail(OutboundEmail, { id: pending.id })).toMatchObject({ attempts: 2, sentAt: at('2026-12-01T10:01:00') });
  });
});
