import type { BusinessCalendar as CalendarTemplate } from '../__generated__';
import { BusinessCalendar } from './business-calendar';

// Keyed by the template's calendar object: published template content is immutable and cached per version.
const calendars = new WeakMap<CalendarTemplate, BusinessCalendar>();

/** The business calendar of an organization template's `calendar`, built once per content object. */
export function calendarOf(template: CalendarTemplate): BusinessCalendar {
  let calendar = calendars.get(template);
  if (!calendar) {
    calendar = new BusinessCalendar(template);
    calendars.set(template, calendar);
  }
  return calendar;
}
