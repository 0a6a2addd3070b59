import type { Clock } from '../scheduler';
import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import { CalendarResolver } from './calendar.resolver';

/** What the resolvers of calendar are made from (the composition root's services provide it). */
export interface CalendarDeps {
  clock: Clock;
  templates: TemplateReader;
}

/** Business calendars, for the composition root (src/features.ts). */
export const calendarModule = defineFeature<CalendarDeps>({
  name: 'calendar',
  resolvers: [
    resolver(CalendarResolver, (d) => new CalendarResolver(d.clock, d.templates)),
  ],
});
