import { Ctx, Query, Resolver } from 'type-graphql';
import type { OrganizationTemplate } from '../__generated__';
import { requirePermission } from '../auth';
import type { Context } from '../shared/request-context';
import type { Clock } from '../scheduler';
import type { TemplateReader } from '../shared/template-reader';
import { CalendarCoverage } from './calendar-coverage.types';
import { coverageReport } from './holiday-coverage';

@Resolver(() => CalendarCoverage)
export class CalendarResolver {
  constructor(
    private readonly clock: Clock,
    private readonly templateService: TemplateReader,
  ) {}

  @Query(() => CalendarCoverage, {
    nullable: true,
    description: "The public-holiday coverage of the organization's business calendar (permission template.read); null when the tenant has no organization template.",
  })
  async calendarCoverage(@Ctx() ctx: Context): Promise<CalendarCoverage | null> {
    await requirePermission(this.templateService, ctx, 'template.read');
    const org = await this.templateService.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default');
    if (!org) return null;
    const { source, sourceYears, declaredYears, years, missingYears, tracked } = coverageReport(org.content.calendar, this.clock.now());
    return Object.assign(new CalendarCoverage(), { source, sourceYears, declaredYears, years, missingYears, tracked, timeZone: org.content.calendar.timeZone });
  }
}
