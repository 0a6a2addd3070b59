/** The face of src/events: what other features may use (the architecture check holds them to it). */
export { envelopeOf } from './event-envelope';
export { EVENT_TYPE, EVENT_TYPE_PREFIX } from './event-filter';
export type { EventSignal } from './event-signal';
export { eventsModule, type EventsDeps } from './events.module';
