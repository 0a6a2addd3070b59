/** The face of src/calendar: what other features may use (the architecture check holds them to it). */
export { NoWorkingTimeError, type BusinessCalendar } from './business-calendar';
export { calendarOf } from './calendar-cache';
export { CALENDAR_ERRORS, InvalidBusinessCalendarError, checkBusinessCalendar, checkHolidayCoverage } from './calendar-problems';
export { holidayCoverage } from './holiday-coverage';
export { calendarModule, type CalendarDeps } from './calendar.module';
