import type { EntityManager } from '@mikro-orm/core';
import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { LocalizedText, OrganizationTemplate } from '../__generated__';
import { activePrincipals } from '../auth';
import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import type { OrgMember } from '../shared/org-roles';
import { Notification } from './notification.entity';
import { OutboundEmail } from './outbound-email.entity';

/** What a notification says and what it is about. */
export interface Message {
  kind: string;
  subjectType: string;
  subjectId: string;
  subjectNumber: string | null;
  title: LocalizedText;
  data: Record<string, unknown>;
  at: Date;
}

export interface SmtpSettings {
  url: string;
  from: string;
}

/** E-mails sent per delivery run; a run repeats while whole batches go out. */
const BATCH = 50;
export const MAX_EMAIL_ATTEMPTS = 10;
const backoffMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3_600_000);

/**
 * Notifications: one in-app notification per principal holding a named role, and, when SMTP is configured,
 * one e-mail per distinct role mailbox (the organization template's roles[].email) through an outbox
 * written in the same transaction and delivered after it commits, with retries.
 */
export class Notifier {
  private readonly transport: Transporter | null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly smtp: SmtpSettings | null,
  ) {
    this.transport = smtp ? createTransport(smtp.url) : null;
  }

  /** Active principals of a tenant by role, oldest first: enabled users and live API keys. */
  async holders(em: EntityManager, tenantId: string): Promise<Map<string, string[]>> {
    const principals = await activePrincipals(em, tenantId);
    const byRole = new Map<string, string[]>();
    for (const p of principals) for (const role of p.roles) byRole.set(role, [...(byRole.get(role) ?? []), p.id]);
    return byRole;
  }

  /** The tenant's active principals as the organization places them (enabled users and live API keys, oldest first). */
  async members(em: EntityManager, tenantId: string): Promise<OrgMember[]> {
    return (await activePrincipals(em, tenantId)).map(({ id, roles, departments, level }) => ({ id, roles, departments, level }));
  }

  /** Notifies these principals, and writes to the mailboxes of these roles (in the caller's transaction); returns the principals notified. */
  notifyPeople(em: EntityManager, tenantId: string, org: OrganizationTemplate, people: string[], mailRoles: string[], message: Message): string[] {
    const recipients = [...new Set(people)];
    const { at, ...rest } = message;
    for (const recipientId of recipients) em.create(Notification, { tenantId, recipientId, ...rest, createdAt: at });
    if (this.smtp) {
      const mailboxes = new Set(mailRoles.map((role) => org.roles.find((r) => r.key === role)?.email).filter((e): e is string => !!e));
      for (const to of mailboxes) em.create(OutboundEmail, { tenantId, to, subject: subjectLine(message), text: body(message), createdAt: at });
    }
    return recipients;
  }

  /** Notifies the holders of the roles (in the caller's transaction); returns the principals notified. */
  notify(em: EntityManager, tenantId: string, org: OrganizationTemplate, holders: Map<string, string[]>, roles: string[], message: Message): string[] {
    return this.notifyPeople(em, tenantId, org, roles.flatMap((role) => holders.get(role) ?? []), roles, message);
  }

  /** Queues one e-mail in the caller's transaction; null when SMTP is not configured (nothing will be sent). */
  queueEmail(em: EntityManager, tenantId: string, email: { to: string; subject: string; text: string; html: string | null; at: Date }): OutboundEmail | null {
    if (!this.smtp) return null;
    const { at, ...rest } = email;
    return em.create(OutboundEmail, { tenantId, ...rest, createdAt: at });
  }

  /** Sends what is due in the outbox. */
  async deliver(): Promise<{ sent: number; failed: number }> {
    const result = { sent: 0, failed: 0 };
    if (!this.transport || !this.smtp) return result;
    for (;;) {
      const now = this.clock.now();
      // tenant-scope: reviewed — e-mail outbox delivery over every tenant; each row is updated in its own tenant's write
      const due = await this.db.system().find(
        OutboundEmail,
        { sentAt: null, attempts: { $lt: MAX_EMAIL_ATTEMPTS }, $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }] },
        { orderBy: { createdAt: 'asc', id: 'asc' }, limit: BATCH, filters: false },
      );
      for (const email of due) {
        try {
          await this.transport.sendMail({ from: this.smtp.from, to: email.to, subject: email.subject, text: email.text, ...(email.html ? { html: email.html } : {}) });
          // tenant-scope: reviewed — the row by its own id, in its tenant's write
          await this.db.write(email.tenantId, ({ em }) => em.nativeUpdate(OutboundEmail, { id: email.id }, { sentAt: this.clock.now(), attempts: email.attempts + 1 }, { filters: false }));
          result.sent += 1;
        } catch (error) {
          const attempts = email.attempts + 1;
          this.log.warn({ err: error, email: email.id, attempts }, 'e-mail not sent; retrying later');
          // tenant-scope: reviewed — the row by its own id, in its tenant's write
          await this.db.write(email.tenantId, ({ em }) =>
            em.nativeUpdate(OutboundEmail, { id: email.id }, { attempts, lastError: (error as Error).message.slice(0, 2000), nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) }, { filters: false }),
          );
          result.failed += 1;
        }
      }
      if (due.length < BATCH) return result;
    }
  }

  close(): void {
    this.transport?.close();
  }
}

function subjectLine(m: Message): string {
  return `${m.subjectNumber ? `[${m.subjectNumber}] ` : ''}${m.title['zh-CN']} / ${m.title.en}`;
}

function body(m: Message): string {
  const details = Object.entries(m.data)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return [m.title['zh-CN'], m.title.en, '', `${m.subjectType} ${m.subjectNumber ?? m.subjectId}`, ...details, '', `${m.at.toISOString()}`].join('\n');
}
