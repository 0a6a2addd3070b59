import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotAllowedError } from '../shared/errors/workflow-errors';
import { ErrorCode } from '../shared/errors/error-code';
import { ErrorResult, IdempotencyKeyReusedError, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { CustomerMessage } from './customer-message.entity';

@ObjectType({ description: 'A message rendered for a complaint, not sent.' })
export class MessagePreview {
  @Field()
  messageKey!: string;

  @Field(() => Int)
  messageVersion!: number;

  @Field()
  purpose!: string;

  @Field()
  subject!: string;

  @Field({ description: 'Plain text: values verbatim.' })
  textBody!: string;

  @Field(() => String, { nullable: true, description: 'HTML with every value escaped (EMAIL and PORTAL); null for LETTER and CHAT.' })
  htmlBody!: string | null;

  @Field(() => [String], { description: 'Placeholders the template uses.' })
  placeholders!: string[];

  @Field(() => [String], { description: 'Placeholders the complaint has no value for: rendered as the marker [[name]].' })
  missing!: string[];

  @Field(() => String, { nullable: true, description: "For EMAIL, the complaint's customer e-mail (the default recipient)." })
  defaultRecipient!: string | null;
}

export enum EmailStatus {
  NOT_EMAILED = 'NOT_EMAILED',
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  FAILED = 'FAILED',
}
registerEnumType(EmailStatus, { name: 'EmailStatus', description: 'NOT_EMAILED: not an e-mail, or SMTP is not configured (recorded only). QUEUED: in the outbox (retried with back-off). SENT: accepted by the SMTP server. FAILED: given up after the last retry.' });

@ObjectType({ description: 'A message the workflow offers at the complaint\'s current status, after the step that led there.' })
export class MessageOffer {
  @Field({ description: 'Key of the message template to send (sendCustomerMessage).' })
  messageKey!: string;

  @Field()
  purpose!: string;

  @Field({ description: "The template's title in the caller's language." })
  title!: string;

  @Field({ description: 'The workflow action whose transition offers it, e.g. reject.' })
  afterAction!: string;

  @Field({ description: 'Whether a message of this key was sent since the complaint entered its current status.' })
  sent!: boolean;
}

@ObjectType({ implements: ErrorResult, description: 'An e-mail needs an address: the complaint has no customer e-mail and none was given. Nothing was sent.' })
export class NoRecipientError extends ErrorResult {
  @Field(() => ID)
  complaintId!: string;

  constructor(complaintId: string) {
    super();
    this.code = ErrorCode.NO_RECIPIENT;
    this.message = `Complaint ${complaintId} has no customer e-mail address; give a recipient`;
    this.complaintId = complaintId;
  }
}

export const PreviewMessageResult = createUnionType({
  name: 'PreviewMessageResult',
  types: () => [MessagePreview, NotFoundError, ValidationError] as const,
});

export const SendCustomerMessageResult = createUnionType({
  name: 'SendCustomerMessageResult',
  types: () => [CustomerMessage, NotFoundError, ValidationError, NoRecipientError, NotAllowedError, IdempotencyKeyReusedError] as const,
});
