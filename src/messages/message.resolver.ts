import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Complaint } from '../complaints';
import type { Context } from '../shared/request-context';
import type { MessageService } from './message.service';
import { toGlobalId } from '../shared/graphql/global-id';
import { CustomerMessage } from './customer-message.entity';
import { PreviewMessageInput, SendCustomerMessageInput } from './message.inputs';
import { EmailStatus, MessageOffer, PreviewMessageResult, SendCustomerMessageResult } from './message.results';

@Resolver()
export class MessageResolver {
  constructor(
    private readonly messageService: MessageService,
  ) {}

  @Query(() => PreviewMessageResult, { description: 'Renders a message template for a complaint without sending it: subject, text and HTML bodies, and the placeholders without a value.' })
  previewMessage(@Arg('input') input: PreviewMessageInput, @Ctx() ctx: Context): Promise<typeof PreviewMessageResult> {
    return this.messageService.preview(ctx, input);
  }

  @Mutation(() => SendCustomerMessageResult, {
    description: "Renders and sends a message to the complaint's customer: records the exact text on the complaint (Complaint.messages), appends complaint.message_sent, and for EMAIL queues the e-mail when SMTP is configured.",
  })
  sendCustomerMessage(@Arg('input') input: SendCustomerMessageInput, @Ctx() ctx: Context): Promise<typeof SendCustomerMessageResult> {
    return this.messageService.send(ctx, input);
  }
}

@Resolver(() => CustomerMessage)
export class CustomerMessageResolver {
  constructor(
    private readonly messageService: MessageService,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() m: CustomerMessage): string {
    return toGlobalId('CustomerMessage', m.id);
  }

  @FieldResolver(() => ID, { description: 'Global ID of the complaint.' })
  complaintId(@Root() m: CustomerMessage): string {
    return toGlobalId('Complaint', m.complaintId);
  }

  @FieldResolver(() => EmailStatus)
  emailStatus(@Root() m: CustomerMessage, @Ctx() ctx: Context): Promise<EmailStatus> {
    return this.messageService.emailStatus(ctx, m);
  }
}

@Resolver(() => Complaint)
export class ComplaintMessageResolver {
  constructor(
    private readonly messageService: MessageService,
  ) {}

  @FieldResolver(() => [CustomerMessage], { description: 'Messages sent to the customer, oldest first, exactly as sent.' })
  messages(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<CustomerMessage[]> {
    return this.messageService.ofComplaint(ctx, complaint);
  }

  @FieldResolver(() => [MessageOffer], { description: 'Messages the workflow offers after the step that led to the current status (e.g. the acknowledgement after startReview, the rejection after reject).' })
  messageOffers(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<MessageOffer[]> {
    return this.messageService.offers(ctx, complaint);
  }
}
