import { Ctx, Query, Resolver } from 'type-graphql';
import type { OrganizationTemplate } from '../__generated__';
import { requirePermission } from '../auth';
import type { Context } from '../server/context';
import { CalendarCoverage } from './calendar-coverage.types';
import { coverageReport } from './holiday-coverage';

@Resolver(() => CalendarCoverage)
export class CalendarResolver {
  @Query(() => CalendarCoverage, {
    nullable: true,
    description: "The public-holiday coverage of the organization's business calendar (permission template.read); null when the tenant has no organization template.",
  })
  async calendarCoverage(@Ctx() ctx: Context): Promise<CalendarCoverage | null> {
    await requirePermission(ctx, 'template.read');
    const org = await ctx.services.templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default');
    if (!org) return null;
    const { source, sourceYears, declaredYears, years, missingYears, tracked } = coverageReport(org.content.calendar, ctx.services.clock.now());
    return Object.assign(new CalendarCoverage(), { source, sourceYears, declaredYears, years, missingYears, tracked, timeZone: org.content.calendar.timeZone });
  }
}
