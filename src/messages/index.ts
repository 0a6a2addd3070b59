/** The face of src/messages: what other features may use (the architecture check holds them to it). */
export { messagesModule, type MessagesDeps } from './messages.module';
