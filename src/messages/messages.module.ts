import { defineFeature, resolver } from '../shared/feature-module';
import { entities } from './entities';
import { ComplaintMessageResolver, CustomerMessageResolver, MessageResolver } from './message.resolver';
import type { MessageService } from './message.service';

/** What the resolvers of messages are made from (the composition root's services provide it). */
export interface MessagesDeps {
  messages: MessageService;
}

/** Customer messages, for the composition root (src/features.ts). */
export const messagesModule = defineFeature<MessagesDeps>({
  name: 'messages',
  entities,
  resolvers: [
    resolver(MessageResolver, (d) => new MessageResolver(d.messages)),
    resolver(CustomerMessageResolver, (d) => new CustomerMessageResolver(d.messages)),
    resolver(ComplaintMessageResolver, (d) => new ComplaintMessageResolver(d.messages)),
  ],
});
