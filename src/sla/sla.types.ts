import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';

export enum ClockState {
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  MET = 'MET',
}
registerEnumType(ClockState, { name: 'ClockState', description: 'RUNNING: counting; PAUSED: in a waiting state; MET: its target was reached (on time or late: see breached).' });

@ObjectType({ description: "A duration in the organization's business calendar." })
export class BusinessDurationView {
  @Field(() => Float)
  value!: number;

  @Field({ description: 'working-hours, working-days or calendar-days.' })
  unit!: string;
}

@ObjectType({ description: 'An escalation step that has fired.' })
export class EscalationRecord {
  @Field({ description: "The step's key in the escalation policy." })
  step!: string;

  @Field()
  at!: Date;
}

@ObjectType({ description: "An SLA clock: a target (by severity, from the complaint type) measured in the organization's business time." })
export class SlaClockView {
  @Field({ description: 'response (stage 1) or investigation (stage 2).' })
  stage!: string;

  @Field({ description: 'acknowledge, respond, close (stage 1).' })
  name!: string;

  @Field({ description: 'The severity whose target applies.' })
  severity!: string;

  @Field(() => BusinessDurationView)
  target!: BusinessDurationView;

  @Field({ description: 'When it started (the complaint\'s receipt).' })
  startedAt!: Date;

  @Field(() => ClockState)
  state!: ClockState;

  @Field(() => Date, { nullable: true, description: 'The deadline: while running, and once met the one it was measured against (met late when breachedAt is set); null while paused.' })
  dueAt!: Date | null;

  @Field({
    description:
      "The deadline was computed over a year (from the start's to the deadline's, in the calendar's time zone) whose public holidays the organization's calendar does not have, so it ignores that year's holidays and make-up working days and may be too early. An admin adds the year to the organization template (calendar.publicHolidayYears); deadlines computed after that take it in. False while paused and for calendar-day targets.",
  })
  holidayDataMissing!: boolean;

  @Field(() => Float, { nullable: true, description: 'Business minutes left until the deadline, negative when overdue; null unless running.' })
  remainingMinutes!: number | null;

  @Field({ description: 'Running past its deadline.' })
  overdue!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the deadline passed unmet (also set when met late).' })
  breachedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  metAt!: Date | null;

  @Field(() => Float, { description: 'Business minutes spent paused so far (calendar minutes for calendar-day targets); they push the deadline back.' })
  pausedMinutes!: number;

  @Field(() => [EscalationRecord], { description: 'Escalation steps fired for this clock.' })
  escalations!: EscalationRecord[];
}
