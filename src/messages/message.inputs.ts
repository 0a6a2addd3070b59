import { Field, ID, InputType, registerEnumType } from 'type-graphql';

export enum MessageChannel {
  EMAIL = 'EMAIL',
  PORTAL = 'PORTAL',
  LETTER = 'LETTER',
  CHAT = 'CHAT',
}
registerEnumType(MessageChannel, {
  name: 'MessageChannel',
  description: 'How the message reaches the customer: EMAIL (e-mailed when SMTP is configured; HTML and text), PORTAL (shown in a customer portal; HTML and text), LETTER (printed; text), CHAT (IM such as WeChat; text).',
});

export enum MessageLocale {
  ZH_CN = 'zh-CN',
  EN = 'en',
}
registerEnumType(MessageLocale, { name: 'MessageLocale', description: 'The language of a customer message.' });

@InputType({ description: 'Which message to render for which complaint.' })
export class PreviewMessageInput {
  @Field(() => ID)
  complaintId!: string;

  @Field({ description: 'Key of a published message template.' })
  messageKey!: string;

  @Field(() => MessageLocale)
  locale!: MessageLocale;

  @Field(() => MessageChannel)
  channel!: MessageChannel;
}

@InputType({ description: 'Send a customer message: rendered now, recorded on the complaint exactly as sent.' })
export class SendCustomerMessageInput extends PreviewMessageInput {
  @Field(() => String, { nullable: true, description: "For EMAIL: the address (default: the complaint's customer e-mail). Otherwise: who it went to, as you want it recorded." })
  recipient?: string | null;

  @Field(() => String, { nullable: true, description: 'A retry with the same key returns the first result and sends nothing again.' })
  idempotencyKey?: string | null;
}
