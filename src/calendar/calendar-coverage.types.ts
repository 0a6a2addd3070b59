import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    "Which years the organization's business calendar knows the public holidays and make-up working days of: those of its publicHolidays source and those the template declares (calendar.publicHolidayYears). A calendar with neither takes no public holidays from data (only its own holidays): it is not tracked and no year is missing.",
})
export class CalendarCoverage {
  @Field(() => String, { nullable: true, description: 'The publicHolidays source, e.g. CN (the State Council schedule from the chinese-days package); null without one.' })
  source!: string | null;

  @Field(() => [Int], { description: 'The years the source has data for, ascending.' })
  sourceYears!: number[];

  @Field(() => [Int], { description: 'The years the organization template declares (calendar.publicHolidayYears), ascending.' })
  declaredYears!: number[];

  @Field(() => [Int], { description: 'Every covered year, ascending: the source\'s and the declared ones.' })
  years!: number[];

  @Field(() => [Int], { description: 'The years of the next 12 months (from now by the app clock, in the calendar\'s time zone) that are not covered: SLA deadlines in them ignore their public holidays.' })
  missingYears!: number[];

  @Field({ description: 'Whether public holidays come from data (a source or a declared year); when false no year is ever missing.' })
  tracked!: boolean;

  @Field({ description: "The calendar's IANA time zone." })
  timeZone!: string;
}
