/** The face of src/notifications: what other features may use (the architecture check holds them to it). */
export { MAX_EMAIL_ATTEMPTS, type Notifier } from './notifier';
export { OutboundEmail } from './outbound-email.entity';
export { notificationsModule, type NotificationsDeps } from './notifications.module';
