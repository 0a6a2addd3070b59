import type { EntityManager } from '@mikro-orm/core';
import type { ComplaintTypeTemplate, EscalationPolicyTemplate, OrganizationTemplate, ResponseEscalationStep, WorkflowTemplate } from '../__generated__';
import { calendarOf } from '../calendar/calendar-cache';
import { Complaint } from '../complaints/complaint.entity';
import type { WriteScope } from '../db/database';
import { appendEvent, SYSTEM_ACTOR } from '../events/event-log';
import type { Notifier } from '../notifications/notifier';
import { armTimers, cancelTimers, type Fired, type Scheduler, type TimerSpec } from '../scheduler/scheduler';
import type { Timer } from '../scheduler/timer.entity';
import { rolesMatching } from '../templates/org-roles';
import type { TemplateService } from '../templates/template.service';
import { SlaClock } from './sla-clock.entity';
import { ClockMath } from './sla-plan';

/** Timers of this kind watch SLA clocks: "breach" at the deadline, "escalate" at each ladder step. */
const SLA_TIMER = 'sla';
const RESPONSE = 'response';
const RESPONSE_CLOCKS = ['acknowledge', 'respond', 'close'] as const;

/** What a complaint's workflow says of its states: waiting states pause clocks, closed ones meet them. */
export type StateInfo = Map<string, { category: 'active' | 'waiting' | 'closed'; meets: string[] }>;

export function stateInfo(workflow: Pick<WorkflowTemplate, 'states'>): StateInfo {
  return new Map(workflow.states.map((s) => [s.key, { category: s.category, meets: s.meets ?? [] }]));
}

/** Everything a plan of a complaint's clocks needs, read by the caller inside its write. */
export interface ComplaintSlaContext {
  scope: WriteScope;
  complaint: Complaint;
  type: ComplaintTypeTemplate;
  org: OrganizationTemplate;
  states: StateInfo;
  now: Date;
}

/** When the complaint was received: the intake's receivedAt when it is a time not after recording, else the recording time. */
function receivedAt(c: Complaint): Date {
  const stated = typeof c.data.receivedAt === 'string' ? new Date(c.data.receivedAt) : null;
  return stated && !Number.isNaN(stated.getTime()) && stated <= c.createdAt ? stated : c.createdAt;
}

/**
 * Stage-1 SLA clocks and their escalation ladder. Every change of a complaint calls `syncComplaint` in its
 * own transaction: clocks start at receipt with the targets of the complaint's severity (the type's default
 * until classified; a re-target keeps start and pauses), pause in waiting states, are met by the states
 * that meet them or by closure (a reopen undoes a closure's meeting and does not count the closed time),
 * and the timers of the breach and of each ladder step are planned anew. A step fires once.
 */
export class SlaService {
  constructor(
    private readonly templates: TemplateService,
    private readonly scheduler: Scheduler,
    private readonly notifier: Notifier,
  ) {
    scheduler.register(SLA_TIMER, (timer) => this.fire(timer));
  }

  async syncComplaint({ scope, complaint: c, type, org, states, now }: ComplaintSlaContext): Promise<void> {
    const { em, tenantId } = scope;
    const math = new ClockMath(calendarOf(org.calendar));
    const severity = c.severity ?? type.defaultSeverity;
    const targets = type.sla.response[severity];
    let clocks = await em.find(SlaClock, { subjectId: c.id, stage: RESPONSE }, { filters: false });
    if (!clocks.length && targets) {
      const startedAt = receivedAt(c);
      clocks = RESPONSE_CLOCKS.map((name) => em.create(SlaClock, { tenantId, subjectType: 'Complaint', subjectId: c.id, stage: RESPONSE, name, severity, target: targets[name], startedAt }));
    }
    const state = states.get(c.status);
    for (const clock of clocks) {
      if (targets && clock.severity !== severity) {
        clock.severity = severity;
        clock.target = targets[clock.name as (typeof RESPONSE_CLOCKS)[number]];
      }
      if (clock.metAt && clock.metBy === 'closure' && state?.category !== 'closed') {
        // Reopened: the clock runs on; the time it stood closed does not count.
        clock.pausedMinutes += Math.max(0, math.span(clock.target, clock.metAt, now));
        clock.metAt = null;
        clock.metBy = null;
      }
      if (clock.metAt) continue;
      if (clock.pausedAt && state?.category !== 'waiting') {
        clock.pausedMinutes += Math.max(0, math.span(clock.target, clock.pausedAt, now));
        clock.pausedAt = null;
      }
      const due = math.due(clock);
      if (state?.category === 'closed' || state?.meets.includes(clock.name)) {
        clock.metAt = now;
        clock.metBy = state.category === 'closed' && !state.meets.includes(clock.name) ? 'closure' : `state:${c.status}`;
        if (!clock.breachedAt && now > due) clock.breachedAt = due;
        clock.dueAt = null;
      } else if (state?.category === 'waiting') {
        clock.pausedAt ??= now;
        clock.dueAt = null;
      } else {
        clock.dueAt = due;
      }
    }
    await this.plan(em, tenantId, c, clocks, type, math);
  }

  /** The breach and ladder timers of the running clocks, armed anew. */
  private async plan(em: EntityManager, tenantId: string, c: Complaint, clocks: SlaClock[], type: ComplaintTypeTemplate, math: ClockMath): Promise<void> {
    await cancelTimers(em, tenantId, SLA_TIMER, c.id);
    const ladder = (await this.policy(em, tenantId, type))?.stages.response ?? [];
    const specs: TimerSpec[] = [];
    const timer = (clock: SlaClock, action: string, dueAt: Date, payload: Record<string, unknown>) =>
      specs.push({ tenantId, kind: SLA_TIMER, subjectType: 'Complaint', subjectId: c.id, action, armedIn: c.status, dueAt, payload: { clockId: clock.id, clock: clock.name, ...payload } });
    for (const clock of clocks) {
      if (!clock.dueAt) continue;
      if (!clock.breachedAt) timer(clock, 'breach', clock.dueAt, {});
      for (const step of ladder) {
        if (step.clock !== clock.name || clock.escalations.some((e) => e.step === step.key)) continue;
        timer(clock, 'escalate', math.stepAt(clock, step.at), { step: step.key });
      }
    }
    armTimers(em, specs);
  }

  private async policy(em: EntityManager, tenantId: string, type: ComplaintTypeTemplate): Promise<EscalationPolicyTemplate | undefined> {
    return (await this.templates.latestTemplate<EscalationPolicyTemplate>(em, tenantId, 'escalation-policy', type.escalationPolicy))?.content;
  }

  private fire(timer: Timer): Promise<Fired> {
    return this.scheduler.fireOnce(timer, async (scope): Promise<Fired> => {
      const clock = await scope.em.findOne(SlaClock, { id: timer.payload?.clockId as string }, { filters: false });
      // Met or paused since: the ladder stopped (a re-plan would have cancelled this timer anyway).
      if (!clock?.dueAt) return 'dropped';
      const complaint = await scope.em.findOne(Complaint, { id: clock.subjectId });
      if (!complaint) return 'dropped';
      const now = this.scheduler.clock.now();
      if (timer.action === 'breach') {
        if (clock.breachedAt) return 'dropped';
        clock.breachedAt = clock.dueAt;
        await appendEvent(scope, {
          occurredAt: now,
          type: 'complaint.sla_breached',
          subjectType: 'Complaint',
          subjectId: complaint.id,
          subjectNumber: complaint.number,
          actor: SYSTEM_ACTOR,
          reason: `${clock.name} target of ${clock.target.value} ${clock.target.unit} (${clock.severity}) missed`,
          data: { stage: clock.stage, clock: clock.name, severity: clock.severity, target: clock.target, startedAt: clock.startedAt, dueAt: clock.dueAt },
        });
        return 'fired';
      }
      return (await this.escalate(scope, complaint, clock, timer.payload?.step as string, now)) ? 'fired' : 'dropped';
    });
  }

  /** One ladder step: notify its recipients, reassign if it says so, record it on the clock and as an event. */
  private async escalate(scope: WriteScope, c: Complaint, clock: SlaClock, stepKey: string, now: Date): Promise<boolean> {
    const { em } = scope;
    if (clock.escalations.some((e) => e.step === stepKey)) return false;
    const org = (await this.templates.latestTemplate<OrganizationTemplate>(em, scope.tenantId, 'organization', 'default'))?.content;
    const type = await this.templates.templateVersion<ComplaintTypeTemplate>(em, scope.tenantId, 'complaint-type', c.typeKey, c.templateVersion);
    const step = type && (await this.policy(em, scope.tenantId, type))?.stages.response.find((s) => s.key === stepKey);
    if (!org || !step) return false;
    const holders = await this.notifier.holders(em, scope.tenantId);
    const reassignedTo = step.reassignToLevel ? this.reassignee(org, step, c, holders) : null;
    const before = { ownerId: c.ownerId };
    // Only a reassignment changes the complaint (and its version); the step itself is kept on the clock and in the event.
    if (reassignedTo && reassignedTo !== c.ownerId) {
      c.ownerId = reassignedTo;
      c.updatedAt = now;
    }
    clock.escalations = [...clock.escalations, { step: step.key, at: now.toISOString() }];
    const roles = step.notify.flatMap((target) => rolesMatching(org, target, c.department));
    const data = { step: step.key, clock: clock.name, severity: clock.severity, dueAt: clock.dueAt, status: c.status, reassignedTo };
    const recipients = this.notifier.notify(em, scope.tenantId, org, holders, roles, { kind: 'escalation', subjectType: 'Complaint', subjectId: c.id, subjectNumber: c.number, title: step.title, data, at: now });
    const record = { step: step.key, title: step.title, clock: clock.name, dueAt: clock.dueAt, at: now, recipients, reassignedTo };
    await em.flush();
    await appendEvent(scope, {
      occurredAt: now,
      type: 'complaint.escalated',
      subjectType: 'Complaint',
      subjectId: c.id,
      subjectNumber: c.number,
      actor: SYSTEM_ACTOR,
      reason: `${step.title.en} (${clock.name}, ${'overdue' in step.at ? `overdue by ${step.at.overdue.value} ${step.at.overdue.unit}` : `${Math.round(step.at.shareOfTarget * 100)} % of the target`})`,
      data: { ...record, before, after: { ownerId: c.ownerId } },
    });
    return true;
  }

  /** Who takes the complaint over: the first holder of the nearest role at the step's level up the department's line. */
  private reassignee(org: OrganizationTemplate, step: ResponseEscalationStep, c: Complaint, holders: Map<string, string[]>): string | null {
    const roles = rolesMatching(org, { level: step.reassignToLevel }, c.department);
    for (const role of roles) if (holders.get(role)?.length) return holders.get(role)![0];
    return null;
  }

  /** A complaint's clocks, in template order. */
  async clocksOf(em: EntityManager, complaintId: string): Promise<SlaClock[]> {
    const clocks = await em.find(SlaClock, { subjectId: complaintId });
    const order = (c: SlaClock) => `${c.stage}:${RESPONSE_CLOCKS.indexOf(c.name as never)}`;
    return clocks.sort((a, b) => order(a).localeCompare(order(b)));
  }

  clockMath(org: OrganizationTemplate): ClockMath {
    return new ClockMath(calendarOf(org.calendar));
  }
}
