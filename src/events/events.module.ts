import type { Database } from '../db/database';
import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import { entities } from './entities';
import type { EventFeedService } from './event-feed.service';
import type { EventStreams } from './event-streams';
import { ComplaintStatusChangeResolver, EventResolver, InvestigationUpdateResolver } from './event.resolver';

/** What the resolvers of events are made from (the composition root's services provide it). */
export interface EventsDeps {
  db: Database;
  templates: TemplateReader;
  eventFeed: EventFeedService;
  eventStreams: EventStreams;
}

/** The event log read as history, feed and subscriptions, for the composition root (src/features.ts). */
export const eventsModule = defineFeature<EventsDeps>({
  name: 'events',
  entities,
  resolvers: [
    resolver(EventResolver, (d) => new EventResolver(d.db, d.templates, d.eventFeed, d.eventStreams)),
    resolver(ComplaintStatusChangeResolver, (d) => new ComplaintStatusChangeResolver(d.db)),
    resolver(InvestigationUpdateResolver, (d) => new InvestigationUpdateResolver(d.db)),
  ],
});
