import { sightOf, visibleComplaints } from '../auth';
import type { EntityManager } from '@mikro-orm/core';
import type { ComplaintTypeTemplate, MessageTemplate, OrganizationTemplate, WorkflowTemplate } from '../__generated__';
import { actorOf } from '../auth';
import { lookUpPrincipal } from '../auth';
import { Complaint } from '../complaints';
import { NotAllowedError } from '../shared/errors/workflow-errors';
import type { Database } from '../db/database';
import { appendEvent } from '../db/event-log';
import { DomainEvent } from '../db/event.entity';
import { MAX_EMAIL_ATTEMPTS, type Notifier } from '../notifications';
import { OutboundEmail } from '../notifications';
import type { Clock } from '../scheduler';
import type { Context } from '../shared/request-context';
import { sha256 } from '../shared/canonical-json';
import { IdempotencyKeyReusedError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { localUuid } from '../shared/graphql/global-id';
import type { Locale } from '../shared/i18n/locale';
import { IdempotentRequest, idempotencyKeyMisfits, MAX_IDEMPOTENCY_KEY_LENGTH } from '../shared/idempotency/idempotency';
import { SlaClock } from '../sla';
import type { TemplateReader } from '../shared/template-reader';
import { CustomerMessage } from './customer-message.entity';
import { MessageChannel, type PreviewMessageInput, type SendCustomerMessageInput } from './message.inputs';
import { EmailStatus, type MessageOffer, MessagePreview, NoRecipientError } from './message.results';
import { placeholderValues } from './message-placeholders';
import { intakeText, renderHtml, renderSubject, renderText } from '../templates';

const SEND = 'sendCustomerMessage';
const ADMIN = 'admin';
const MAX_RECIPIENT = 254;
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

type PreviewResult = MessagePreview | NotFoundError | ValidationError;
type SendResult = CustomerMessage | NotFoundError | ValidationError | NoRecipientError | NotAllowedError | IdempotencyKeyReusedError;

/** The template and everything rendered from it for one complaint. */
interface Rendered {
  template: { version: number; content: MessageTemplate };
  preview: MessagePreview;
  /** The complaint type the complaint is pinned to (where its intake keeps the customer's e-mail). */
  type: ComplaintTypeTemplate;
}

const problem = (path: string, code: string, message: string) => new ValidationProblem(path, code, message);
const htmlChannels = new Set<string>([MessageChannel.EMAIL, MessageChannel.PORTAL]);

/** The complaint's customer e-mail from its intake data (its pinned type's intakeFields.customerEmail), if any. */
function customerEmail(c: Complaint, type: ComplaintTypeTemplate): string | null {
  return intakeText(type, c.data, 'customerEmail')?.trim() || null;
}

/**
 * Customer messages (issue #10): message templates rendered for a complaint by a logic-less engine, previewed,
 * and sent: the exact text is recorded on the complaint with an event in one transaction, and for EMAIL put
 * in the e-mail outbox when SMTP is configured.
 */
export class MessageService {
  constructor(
    private readonly db: Database,
    private readonly templates: TemplateReader,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async preview(ctx: Context, input: PreviewMessageInput): Promise<PreviewResult> {
    const id = localUuid(input.complaintId, 'Complaint');
    const complaint = id ? await ctx.em.findOne(Complaint, { $and: [{ id }, visibleComplaints(ctx.em, await sightOf(this.templates, ctx.em, ctx, this.db.dialect))] }) : null;
    if (!complaint) return new NotFoundError(input.complaintId);
    const rendered = await this.render(ctx.em, ctx, complaint, input);
    return rendered instanceof ValidationError ? rendered : rendered.preview;
  }

  async send(ctx: Context, input: SendCustomerMessageInput): Promise<SendResult> {
    if (idempotencyKeyMisfits(input.idempotencyKey, { blankIsEmpty: true })) {
      return new ValidationError([problem('/idempotencyKey', 'LENGTH', `1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`)], ctx.locale);
    }
    const id = localUuid(input.complaintId, 'Complaint');
    if (!id) return new NotFoundError(input.complaintId);
    const { idempotencyKey: key, ...request } = input;
    const idempotent = IdempotentRequest.of(SEND, key, request, (em, id) => em.findOne(CustomerMessage, { id }));
    const replay = await idempotent?.replay(ctx.em);
    if (replay) return replay;
    const sight = await sightOf(this.templates, ctx.em, ctx, this.db.dialect);
    try {
      return await this.db.write(ctx.tenant.id, async (scope): Promise<SendResult> => {
        const { em, tenantId } = scope;
        // Re-checked under the write lock: a concurrent retry may have committed meanwhile.
        const replay = await idempotent?.replay(em);
        if (replay) return replay;
        const complaint = await em.findOne(Complaint, { $and: [{ id }, visibleComplaints(em, sight)] });
        if (!complaint) return new NotFoundError(input.complaintId);
        const rendered = await this.render(em, ctx, complaint, input);
        if (rendered instanceof ValidationError) return rendered;
        const roles = rendered.template.content.roles ?? [];
        if (!ctx.principal.roles.includes(ADMIN) && !roles.some((r) => ctx.principal.roles.includes(r))) return new NotAllowedError(SEND, roles);
        const recipient = input.recipient?.trim() || (input.channel === MessageChannel.EMAIL ? customerEmail(complaint, rendered.type) : null);
        if (input.channel === MessageChannel.EMAIL) {
          if (!recipient) return new NoRecipientError(input.complaintId);
          if (!EMAIL.test(recipient) || recipient.length > MAX_RECIPIENT) return new ValidationError([problem('/recipient', 'FORMAT', 'must be an e-mail address')], ctx.locale);
        } else if (recipient && recipient.length > MAX_RECIPIENT) {
          return new ValidationError([problem('/recipient', 'LENGTH', `at most ${MAX_RECIPIENT} characters`)], ctx.locale);
        }
        const { preview } = rendered;
        const now = this.clock.now();
        const email =
          input.channel === MessageChannel.EMAIL ? this.notifier.queueEmail(em, tenantId, { to: recipient!, subject: preview.subject, text: preview.textBody, html: preview.htmlBody, at: now }) : null;
        const message = em.create(CustomerMessage, {
          tenantId,
          complaintId: complaint.id,
          messageKey: preview.messageKey,
          messageVersion: preview.messageVersion,
          purpose: preview.purpose,
          locale: input.locale,
          channel: input.channel,
          recipient,
          subject: preview.subject,
          textBody: preview.textBody,
          htmlBody: preview.htmlBody,
          placeholders: preview.placeholders,
          missing: preview.missing,
          sentBy: ctx.principal.id,
          sentByName: ctx.principal.name,
          sentAt: now,
          outboundEmailId: email?.id ?? null,
        });
        idempotent?.remember(em, tenantId, message.id, now);
        await appendEvent(scope, {
          occurredAt: now,
          type: 'complaint.message_sent',
          subjectType: 'Complaint',
          subjectId: complaint.id,
          subjectNumber: complaint.number,
          actor: actorOf(ctx),
          data: {
            before: null,
            after: {
              customerMessageId: message.id,
              messageKey: message.messageKey,
              messageVersion: message.messageVersion,
              purpose: message.purpose,
              locale: message.locale,
              channel: message.channel,
              recipient,
              subject: message.subject,
              textSha256: sha256(message.textBody),
              missing: message.missing,
              emailed: email !== null,
            },
          },
        });
        return message;
      });
    } catch (error) {
      // PostgreSQL: two first attempts with one key raced; the loser returns the winner's result.
      const replay = await idempotent?.replayAfterRace(error, ctx.em);
      if (replay) return replay;
      throw error;
    }
  }

  /** The complaint's messages, oldest first. */
  ofComplaint(ctx: Context, complaint: Complaint): Promise<CustomerMessage[]> {
    return ctx.em.find(CustomerMessage, { complaintId: complaint.id }, { orderBy: { sentAt: 'asc', id: 'asc' } });
  }

  async emailStatus(ctx: Context, message: CustomerMessage): Promise<EmailStatus> {
    if (!message.outboundEmailId) return EmailStatus.NOT_EMAILED;
    const email = await ctx.em.findOne(OutboundEmail, { id: message.outboundEmailId });
    if (email?.sentAt) return EmailStatus.SENT;
    return (email?.attempts ?? 0) >= MAX_EMAIL_ATTEMPTS ? EmailStatus.FAILED : EmailStatus.QUEUED;
  }

  /**
   * The messages the pinned workflow offers now: those of the transition that led into the current status
   * (e.g. the rejection after reject), read from the complaint's last status change.
   */
  async offers(ctx: Context, complaint: Complaint): Promise<MessageOffer[]> {
    const last = await ctx.em.findOne(DomainEvent, { subjectId: complaint.id, type: 'complaint.status_changed' }, { orderBy: { sequence: 'desc' } });
    const step = last?.data as { action?: string; from?: string; to?: string } | undefined;
    if (!last || !step || step.to !== complaint.status) return [];
    const workflow = await this.templates.templateVersion<WorkflowTemplate>(ctx.em, ctx.tenant.id, 'workflow', complaint.workflowKey, complaint.workflowVersion);
    const keys = [...new Set((workflow?.transitions ?? []).filter((t) => t.action === step.action && t.to === step.to && t.from.includes(step.from ?? '') && t.message).map((t) => t.message!))];
    const offers: MessageOffer[] = [];
    for (const messageKey of keys) {
      const template = await this.templates.latestTemplate<MessageTemplate>(ctx.em, ctx.tenant.id, 'message', messageKey);
      if (!template) continue;
      const sent = await ctx.em.count(CustomerMessage, { complaintId: complaint.id, messageKey, sentAt: { $gte: last.occurredAt } });
      offers.push({ messageKey, purpose: template.content.purpose, title: template.content.title[ctx.locale], afterAction: step.action!, sent: sent > 0 });
    }
    return offers;
  }

  private async render(em: EntityManager, ctx: Context, c: Complaint, input: PreviewMessageInput): Promise<Rendered | ValidationError> {
    const tenantId = ctx.tenant.id;
    const template = await this.templates.latestTemplate<MessageTemplate>(em, tenantId, 'message', input.messageKey);
    if (!template) return new ValidationError([problem('/messageKey', 'UNKNOWN_MESSAGE', `no message template ${JSON.stringify(input.messageKey)}`)], ctx.locale);
    const org = await this.templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default');
    const workflow = await this.templates.templateVersion<WorkflowTemplate>(em, tenantId, 'workflow', c.workflowKey, c.workflowVersion);
    const type = await this.templates.templateVersion<ComplaintTypeTemplate>(em, tenantId, 'complaint-type', c.typeKey, c.templateVersion);
    if (!org || !workflow || !type) throw new Error(`templates missing for complaint ${c.id}`);
    const clocks = await em.find(SlaClock, { subjectId: c.id, stage: 'response' });
    const locale = input.locale as Locale;
    const values = placeholderValues({
      complaint: c,
      type,
      org: org.content,
      rejectionReasons: workflow.rejectionReasons ?? [],
      due: new Map(clocks.map((k) => [k.name, k.metAt ? null : k.dueAt])),
      ownerName: (await lookUpPrincipal(em, tenantId, c.ownerId))?.name ?? null,
      senderName: ctx.principal.name,
      locale,
      now: this.clock.now(),
    });
    const texts = template.content.texts[locale];
    const subject = renderSubject(texts.subject, values);
    const text = renderText(texts.body, values);
    const html = htmlChannels.has(input.channel) ? renderHtml(texts.body, values, locale) : null;
    return {
      template,
      type,
      preview: Object.assign(new MessagePreview(), {
        messageKey: input.messageKey,
        messageVersion: template.version,
        purpose: template.content.purpose,
        subject: subject.text.slice(0, 500),
        textBody: text.text,
        htmlBody: html?.text ?? null,
        placeholders: [...new Set([...subject.used, ...text.used])],
        missing: [...new Set([...subject.missing, ...text.missing])],
        defaultRecipient: input.channel === MessageChannel.EMAIL ? customerEmail(c, type) : null,
      }),
    };
  }
}
