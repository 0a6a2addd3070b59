import type { BusinessDuration } from '../__generated__';
import type { BusinessCalendar } from '../calendar';
import type { SlaClock } from './sla-clock.entity';

/** When an escalation step fires: a share of the target elapsed, or the target overdue by a duration. */
export type EscalationAt = { shareOfTarget: number } | { overdue: BusinessDuration };

/**
 * Clock arithmetic in business time. Pauses are kept in the unit the target counts: working minutes for
 * working-hour and working-day targets, plain minutes for calendar-day targets; a pause pushes every
 * deadline of the clock back by that much.
 */
export class ClockMath {
  constructor(private readonly calendar: BusinessCalendar) {}

  /** The time between two instants that counts against a target of this unit, in minutes. */
  span(target: BusinessDuration, from: Date, to: Date): number {
    return target.unit === 'calendar-days' ? (to.getTime() - from.getTime()) / 60_000 : this.calendar.workingMinutesBetween(from, to);
  }

  /** `at` pushed back by `minutes` of the target's kind of time. */
  private later(target: BusinessDuration, at: Date, minutes: number): Date {
    if (minutes <= 0) return at;
    return target.unit === 'calendar-days' ? new Date(at.getTime() + minutes * 60_000) : this.calendar.addWorkingMinutes(at, minutes);
  }

  /** The deadline: start plus target, plus the time paused so far. */
  due(clock: Pick<SlaClock, 'startedAt' | 'target' | 'pausedMinutes'>): Date {
    return this.later(clock.target, this.calendar.add(clock.startedAt, clock.target), clock.pausedMinutes);
  }

  /**
   * The local years, from the start's to the deadline's, whose public holidays the calendar does not know, so
   * the deadline may be too early; none for a calendar-day target, which counts no holidays.
   */
  missingHolidayYears(clock: Pick<SlaClock, 'startedAt' | 'target'>, due: Date): number[] {
    return clock.target.unit === 'calendar-days' ? [] : this.calendar.missingYears(clock.startedAt, due);
  }

  /** When an escalation step of this clock fires. */
  stepAt(clock: Pick<SlaClock, 'startedAt' | 'target' | 'pausedMinutes'>, at: EscalationAt): Date {
    if ('overdue' in at) return this.calendar.add(this.due(clock), at.overdue);
    const base = this.calendar.add(clock.startedAt, clock.target);
    const whole = this.span(clock.target, clock.startedAt, base);
    return this.later(clock.target, clock.startedAt, at.shareOfTarget * whole + clock.pausedMinutes);
  }

  /** Business minutes from `now` to the deadline; negative when overdue. */
  remaining(clock: Pick<SlaClock, 'target'>, due: Date, now: Date): number {
    return this.span(clock.target, now, due);
  }
}
