import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { OrganizationTemplate } from '../__generated__';
import { Complaint } from '../complaints';
import { Investigation } from '../investigations';
import type { Context } from '../shared/request-context';
import type { Clock } from '../scheduler';
import type { TemplateReader } from '../shared/template-reader';
import type { SlaService } from './sla.service';
import { ClockState, SlaClockView } from './sla.types';

/** A subject's clocks as the API shows them, with time left in business minutes by the app clock. */
async function clockViews(subjectId: string, ctx: Context, sla: SlaService, templates: TemplateReader, clock: Clock): Promise<SlaClockView[]> {
  const clocks = await sla.clocksOf(ctx.em, subjectId);
  const org = await templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default');
  const math = org && sla.clockMath(org.content);
  const now = clock.now();
  return clocks.map((c) => {
    const state = c.metAt ? ClockState.MET : c.pausedAt ? ClockState.PAUSED : ClockState.RUNNING;
    const running = state === ClockState.RUNNING && !!c.dueAt;
    const remainingMinutes = running && math ? Math.round(math.remaining(c, c.dueAt!, now) * 100) / 100 : null;
    return Object.assign(new SlaClockView(), {
      stage: c.stage,
      name: c.name,
      severity: c.severity,
      target: c.target,
      startedAt: c.startedAt,
      state,
      // A clock met before met clocks kept their deadline has none stored: the same one from its start, target and pauses.
      dueAt: c.dueAt ?? (c.metAt && math ? math.due(c) : null),
      holidayDataMissing: c.holidayDataMissing,
      remainingMinutes,
      overdue: running && c.dueAt! <= now,
      breachedAt: c.breachedAt,
      metAt: c.metAt,
      pausedMinutes: c.pausedMinutes,
      escalations: c.escalations.map((e) => ({ step: e.step, at: new Date(e.at) })),
    });
  });
}

@Resolver(() => Complaint)
export class SlaResolver {
  constructor(
    private readonly slaService: SlaService,
    private readonly templateService: TemplateReader,
    private readonly clock: Clock,
  ) {}

  @FieldResolver(() => [SlaClockView], { description: 'Stage-1 SLA clocks (acknowledge, respond, close): deadline, time left or overdue, paused, met, escalations.' })
  clocks(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<SlaClockView[]> {
    return clockViews(complaint.id, ctx, this.slaService, this.templateService, this.clock);
  }
}

@Resolver(() => Investigation)
export class InvestigationSlaResolver {
  constructor(
    private readonly slaService: SlaService,
    private readonly templateService: TemplateReader,
    private readonly clock: Clock,
  ) {}

  @FieldResolver(() => [SlaClockView], { description: "Stage-2 SLA clocks (containment, rootCause, closure) from the first complaint's type: deadline, time left or overdue, met, escalations." })
  clocks(@Root() inv: Investigation, @Ctx() ctx: Context): Promise<SlaClockView[]> {
    return clockViews(inv.id, ctx, this.slaService, this.templateService, this.clock);
  }
}
