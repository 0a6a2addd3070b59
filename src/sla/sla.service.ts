import type { EntityManager } from '@mikro-orm/core';
import type { BusinessDuration, ComplaintTypeTemplate, EscalationPolicyTemplate, InvestigationEscalationStep, InvestigationTemplate, OrganizationTemplate, ResponseEscalationStep } from '../__generated__';
import { calendarOf } from '../calendar';
import { Complaint, type ComplaintSlaContext, receivedAt } from '../complaints';
import { Investigation, InvestigationLink, InvestigationSection } from '../investigations';
import type { WriteScope } from '../db/database';
import { appendEvent, SYSTEM_ACTOR } from '../db/event-log';
import type { Notifier } from '../notifications';
import { armTimers, cancelTimers, type Fired, type Scheduler } from '../scheduler';
import type { Timer } from '../scheduler';
import { nearestInLine, holdsLevel, peopleMatching, type OrgMember } from '../shared/org-roles';
import type { TemplateReader } from '../shared/template-reader';
import { SlaClock } from './sla-clock.entity';
import { HolidayDataWarnings } from './holiday-data-warning';
import { ClockMath } from './sla-plan';

/** Timers of this kind wake a subject when the next breach or ladder step of its clocks is due. */
const SLA_TIMER = 'sla';

/** An escalation ladder of either stage. */
type Ladder = Array<ResponseEscalationStep | InvestigationEscalationStep>;
const RESPONSE = 'response';
const RESPONSE_CLOCKS = ['acknowledge', 'respond', 'close'] as const;
const INVESTIGATION = 'investigation';
const INVESTIGATION_CLOCKS = ['containment', 'rootCause', 'closure'] as const;

/** A clock re-targeted to a new severity: the target and deadline before and after (null while paused). */
interface Retargeted {
  clock: string;
  stage: string;
  from: { severity: string; target: BusinessDuration; dueAt: Date | null };
  to: { severity: string; target: BusinessDuration; dueAt: Date | null };
}

/**
 * Stage-1 SLA clocks and their escalation ladder. Every change of a complaint calls `syncComplaint` in its
 * own transaction: clocks start at receipt with the targets of the complaint's severity (the type's default
 * until classified; a re-target keeps start and pauses), pause in waiting states, are met by the states
 * that meet them or by closure (a reopen undoes a closure's meeting and does not count the closed time),
 * and the timers of the breach and of each ladder step are planned anew. A step fires once.
 */
/**
 * What the SLA tells accountability when clocks move (who held the subject while a clock ran late): given by
 * the composition root (src/app.ts: accountability's recordLateHolders), so sla does not depend on accountability.
 */
export type LateHoldersHook = (scope: WriteScope, subject: Complaint | Investigation, clocks: SlaClock[], org: OrganizationTemplate, now: Date) => Promise<void>;

export class SlaService {
  private readonly holidayData: HolidayDataWarnings;

  constructor(
    private readonly templates: TemplateReader,
    private readonly scheduler: Scheduler,
    private readonly notifier: Notifier,
    private readonly recordLateHolders: LateHoldersHook,
  ) {
    scheduler.register(SLA_TIMER, (timer) => this.fire(timer));
    this.holidayData = new HolidayDataWarnings(notifier);
  }

  async syncComplaint({ scope, complaint: c, type, org, states, now, fresh = false }: ComplaintSlaContext): Promise<void> {
    const { em, tenantId } = scope;
    const math = new ClockMath(calendarOf(org.calendar));
    // A person's classification, else the rules' on the intake, else (a complaint from before these) the default.
    const severity = c.severity ?? c.record.provisional?.severity ?? type.defaultSeverity;
    const targets = type.sla.response[severity];
    const ladder = (await this.policy(em, tenantId, type.escalationPolicy))?.stages.response ?? [];
    // A complaint just created has no clocks yet: no need to look.
    // tenant-scope: reviewed — clocks of a subject loaded in this tenant's write, by its uuid
    let clocks = fresh ? [] : await em.find(SlaClock, { subjectId: c.id, stage: RESPONSE }, { filters: false });
    const armedFor = this.agenda(clocks, ladder, math)[0]?.at;
    if (!clocks.length && targets) {
      const startedAt = receivedAt(c, type);
      clocks = RESPONSE_CLOCKS.map((name) => em.create(SlaClock, { tenantId, subjectType: 'Complaint', subjectId: c.id, stage: RESPONSE, name, severity, target: targets[name], startedAt }));
    }
    const state = states.get(c.status);
    const computed: SlaClock[] = [];
    const retargeted: Retargeted[] = [];
    for (const clock of clocks) {
      // A new severity re-targets the clocks not met yet, keeping start and pauses (the time elapsed counts
      // against the new target); a met clock keeps the target it was measured against.
      if (targets && clock.severity !== severity && !clock.metAt) {
        retargeted.push({ clock: clock.name, stage: clock.stage, from: { severity: clock.severity, target: clock.target, dueAt: clock.dueAt }, to: { severity, target: targets[clock.name as (typeof RESPONSE_CLOCKS)[number]], dueAt: null } });
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
      computed.push(clock);
      if (clock.pausedAt && state?.category !== 'waiting') {
        clock.pausedMinutes += Math.max(0, math.span(clock.target, clock.pausedAt, now));
        clock.pausedAt = null;
      }
      const due = math.due(clock);
      if (state?.category === 'closed' || state?.meets.includes(clock.name)) {
        clock.metAt = now;
        clock.metBy = state.category === 'closed' && !state.meets.includes(clock.name) ? 'closure' : `state:${c.status}`;
        if (!clock.breachedAt && now > due) clock.breachedAt = due;
        // The deadline it was measured against stays on record.
        clock.dueAt = due;
      } else if (state?.category === 'waiting') {
        clock.pausedAt ??= now;
        clock.dueAt = null;
      } else {
        clock.dueAt = due;
      }
    }
    await this.flagHolidayData(scope, org, computed, c.number, math, now);
    await this.plan(em, tenantId, { type: 'Complaint', id: c.id, status: c.status }, clocks, ladder, type.escalationPolicy, math, armedFor);
    if (retargeted.length) await this.recordRetargeted(scope, c, clocks, retargeted, now);
    await this.recordLateHolders(scope, c, clocks, org, now);
  }

  /** One event for a change of severity that re-targeted clocks: each clock's old and new target and deadline. */
  private async recordRetargeted(scope: WriteScope, c: Complaint, clocks: SlaClock[], retargeted: Retargeted[], now: Date): Promise<void> {
    for (const r of retargeted) r.to.dueAt = clocks.find((clock) => clock.name === r.clock && clock.stage === r.stage)?.dueAt ?? null;
    const from = retargeted[0].from.severity;
    const to = retargeted[0].to.severity;
    await appendEvent(scope, {
      occurredAt: now,
      type: 'complaint.sla_retargeted',
      subjectType: 'Complaint',
      subjectId: c.id,
      subjectNumber: c.number,
      actor: SYSTEM_ACTOR,
      reason: `severity ${from} -> ${to}: ${retargeted.map((r) => `${r.clock} ${r.from.target.value} -> ${r.to.target.value} ${r.to.target.unit}`).join(', ')}`,
      data: { from, to, clocks: retargeted },
    });
  }

  /** Delay accountability after a change of who holds the complaint (owner, approval step) that moved no clock. */
  async trackLateHolders(scope: WriteScope, c: Complaint, org: OrganizationTemplate, now: Date): Promise<void> {
    const late = await scope.em.find(SlaClock, { tenantId: scope.tenantId, subjectId: c.id, breachedAt: { $ne: null } });
    await this.recordLateHolders(scope, c, late, org, now);
  }

  /**
   * Stage-2 clocks of an investigation (containment, rootCause, closure) from its first complaint's type
   * (sla.investigation by severity), started when it opened: met when a section that `meets` them is
   * signed off, closure when it closes. A standalone investigation (no complaint) has none.
   */
  async syncInvestigation(scope: WriteScope, inv: Investigation, template: InvestigationTemplate, now: Date): Promise<void> {
    const { em, tenantId } = scope;
    const link = await em.findOne(InvestigationLink, { investigationId: inv.id }, { orderBy: { linkedAt: 'asc' } });
    const complaint = link && (await em.findOne(Complaint, { id: link.complaintId }));
    const type = complaint && (await this.templates.templateVersion<ComplaintTypeTemplate>(em, tenantId, 'complaint-type', complaint.typeKey, complaint.templateVersion));
    const org = (await this.templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default'))?.content;
    if (!type || !org) return;
    const math = new ClockMath(calendarOf(org.calendar));
    const severity = inv.severity ?? type.defaultSeverity;
    const targets = type.sla.investigation[severity];
    const ladder = (await this.policy(em, tenantId, type.escalationPolicy))?.stages.investigation ?? [];
    // tenant-scope: reviewed — clocks of a subject loaded in this tenant's write, by its uuid
    let clocks = await em.find(SlaClock, { subjectId: inv.id, stage: INVESTIGATION }, { filters: false });
    const armedFor = this.agenda(clocks, ladder, math)[0]?.at;
    if (!clocks.length && targets) {
      clocks = INVESTIGATION_CLOCKS.map((name) => em.create(SlaClock, { tenantId, subjectType: 'Investigation', subjectId: inv.id, stage: INVESTIGATION, name, severity, target: targets[name], startedAt: inv.createdAt }));
    }
    const sections = await em.find(InvestigationSection, { investigationId: inv.id, status: 'SIGNED_OFF' });
    const metBy = new Map<string, string>();
    for (const def of template.sections) for (const name of def.meets ?? []) if (sections.some((x) => x.key === def.key) && !metBy.has(name)) metBy.set(name, `section:${def.key}`);
    if (inv.closedAt) metBy.set('closure', `status:${inv.status}`);
    const computed = clocks.filter((clock) => !clock.metAt);
    for (const clock of computed) {
      const due = math.due(clock);
      const met = metBy.get(clock.name);
      if (met) {
        Object.assign(clock, { metAt: now, metBy: met, dueAt: due });
        if (!clock.breachedAt && now > due) clock.breachedAt = due;
      } else clock.dueAt = due;
    }
    await this.flagHolidayData(scope, org, computed, inv.number, math, now);
    await this.plan(em, tenantId, { type: 'Investigation', id: inv.id, status: inv.status }, clocks, ladder, type.escalationPolicy, math, armedFor);
    await this.recordLateHolders(scope, inv, clocks, org, now);
  }

  /**
   * Flags the clocks whose deadline was just computed over a year without public holiday data (and clears
   * the flag of the others), and warns the tenant's admins the first time a year is missing.
   */
  private async flagHolidayData(scope: WriteScope, org: OrganizationTemplate, computed: SlaClock[], subjectNumber: string | null, math: ClockMath, now: Date): Promise<void> {
    const years = new Set<number>();
    let first: SlaClock | undefined;
    for (const clock of computed) {
      const missing = clock.dueAt ? math.missingHolidayYears(clock, clock.dueAt) : [];
      clock.holidayDataMissing = missing.length > 0;
      for (const year of missing) years.add(year);
      if (missing.length && (!first || clock.dueAt! < first.dueAt!)) first = clock;
    }
    if (first) await this.holidayData.warn(scope, org, years, { subjectType: first.subjectType, subjectId: first.subjectId, subjectNumber, name: first.name, dueAt: first.dueAt! }, now);
  }

  /** What comes next on a subject's running clocks, soonest first: breaches and ladder steps not done yet. */
  private agenda(clocks: SlaClock[], ladder: Ladder, math: ClockMath): Array<{ at: Date; clock: SlaClock; step: string | null }> {
    const items: Array<{ at: Date; clock: SlaClock; step: string | null }> = [];
    for (const clock of clocks) {
      // Only a running clock has anything ahead: a paused one has no deadline, a met one keeps its own as a record.
      if (!clock.dueAt || clock.metAt) continue;
      if (!clock.breachedAt) items.push({ at: clock.dueAt, clock, step: null });
      for (const step of ladder) if (step.clock === clock.name && !clock.escalations.some((e) => e.step === step.key)) items.push({ at: math.stepAt(clock, step.at), clock, step: step.key });
    }
    // At the same instant a breach comes before the steps it triggers.
    return items.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.step === null ? -1 : b.step === null ? 1 : 0));
  }

  /**
   * One timer per subject wakes it at the next thing on its agenda. `armedFor`: when the armed one is due
   * (the agenda before this change; a fired timer is gone, so undefined): unchanged, nothing is written.
   */
  private async plan(
    em: EntityManager,
    tenantId: string,
    subject: { type: 'Complaint' | 'Investigation'; id: string; status: string },
    clocks: SlaClock[],
    ladder: Ladder,
    policy: string,
    math: ClockMath,
    armedFor: Date | undefined,
  ): Promise<void> {
    const next = this.agenda(clocks, ladder, math)[0]?.at;
    if (next?.getTime() === armedFor?.getTime()) return;
    if (armedFor) await cancelTimers(em, tenantId, SLA_TIMER, subject.id);
    if (next) armTimers(em, [{ tenantId, kind: SLA_TIMER, subjectType: subject.type, subjectId: subject.id, action: 'wake', armedIn: subject.status, dueAt: next, payload: { policy } }]);
  }

  private async policy(em: EntityManager, tenantId: string, key: string): Promise<EscalationPolicyTemplate | undefined> {
    return (await this.templates.latestTemplate<EscalationPolicyTemplate>(em, tenantId, 'escalation-policy', key))?.content;
  }

  /** A subject's wake-up: every breach and ladder step due by now, in order, then the next wake-up. */
  private fire(timer: Timer): Promise<Fired> {
    return this.scheduler.fireOnce(timer, async (scope): Promise<Fired> => {
      const { em, tenantId } = scope;
      const subject = timer.subjectType === 'Investigation' ? await em.findOne(Investigation, { id: timer.subjectId }) : await em.findOne(Complaint, { id: timer.subjectId });
      const org = (await this.templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default'))?.content;
      if (!subject || !org) return 'dropped';
      const policyKey = timer.payload?.policy as string;
      const policy = await this.policy(em, tenantId, policyKey);
      const ladder: Ladder = (subject instanceof Investigation ? policy?.stages.investigation : policy?.stages.response) ?? [];
      const math = new ClockMath(calendarOf(org.calendar));
      // tenant-scope: reviewed — clocks of a subject loaded in this tenant's write, by its uuid
      const clocks = await em.find(SlaClock, { subjectId: subject.id }, { filters: false });
      const now = this.scheduler.clock.now();
      let done = 0;
      for (const item of this.agenda(clocks, ladder, math)) {
        if (item.at > now) break;
        if (item.step === null) await this.breach(scope, subject, item.clock, now);
        else await this.escalate(scope, subject, item.clock, policyKey, item.step, now);
        done += 1;
      }
      // The holder at the breach (and after an escalation's reassignment) is recorded as holding it late.
      if (done) await this.recordLateHolders(scope, subject, clocks, org, now);
      await this.plan(em, tenantId, { type: subject instanceof Investigation ? 'Investigation' : 'Complaint', id: subject.id, status: subject.status }, clocks, ladder, policyKey, math, undefined);
      return done ? 'fired' : 'dropped';
    });
  }

  private async breach(scope: WriteScope, subject: Complaint | Investigation, clock: SlaClock, now: Date): Promise<void> {
    clock.breachedAt = clock.dueAt;
    await appendEvent(scope, {
      occurredAt: now,
      type: `${clock.subjectType.toLowerCase()}.sla_breached`,
      subjectType: clock.subjectType,
      subjectId: subject.id,
      subjectNumber: subject.number,
      actor: SYSTEM_ACTOR,
      reason: `${clock.name} target of ${clock.target.value} ${clock.target.unit} (${clock.severity}) missed`,
      data: { stage: clock.stage, clock: clock.name, severity: clock.severity, target: clock.target, startedAt: clock.startedAt, dueAt: clock.dueAt },
    });
  }

  /**
   * One ladder step: notify its recipients, and do what it says (stage 1: reassign the complaint; stage 2:
   * hand the investigation to a leader of a level, or raise the leader level it needs); recorded on the
   * clock and as an event. Only such a change touches the subject (and its version).
   */
  private async escalate(scope: WriteScope, subject: Complaint | Investigation, clock: SlaClock, policyKey: string, stepKey: string, now: Date): Promise<boolean> {
    const { em } = scope;
    if (clock.escalations.some((e) => e.step === stepKey)) return false;
    const org = (await this.templates.latestTemplate<OrganizationTemplate>(em, scope.tenantId, 'organization', 'default'))?.content;
    const policy = await this.policy(em, scope.tenantId, policyKey);
    const ladder: Ladder = (subject instanceof Investigation ? policy?.stages.investigation : policy?.stages.response) ?? [];
    const step = ladder.find((x) => x.key === stepKey);
    if (!org || !step) return false;
    const members = await this.notifier.members(em, scope.tenantId);
    const owner = subject instanceof Investigation ? 'leaderId' : 'ownerId';
    const before = { [owner]: subject instanceof Investigation ? subject.leaderId : subject.ownerId, ...(subject instanceof Investigation ? { leaderLevel: subject.leaderLevel } : {}) };
    // The responsible department: before acceptance a complaint has none of its own, and the routing rules on its intake give it.
    const department = subject instanceof Investigation ? subject.department : (subject.department ?? subject.record.provisional?.department ?? null);
    // Targets and a reassignment that reach no one up the department's line are recorded on the event, not widened.
    const unresolved: Array<{ target: Record<string, unknown>; department: string | null }> = [];
    const reassignedTo = step.reassignToLevel ? this.holderAt(org, step.reassignToLevel, department, members) : null;
    if (step.reassignToLevel && !reassignedTo) unresolved.push({ target: { reassignToLevel: step.reassignToLevel }, department });
    const currentOwner = subject instanceof Investigation ? subject.leaderId : subject.ownerId;
    if (reassignedTo) {
      if (subject instanceof Investigation) subject.leaderId = reassignedTo;
      else subject.ownerId = reassignedTo;
    }
    let raisedTo: string | null = null;
    if (subject instanceof Investigation && 'raiseLeaderLevel' in step && step.raiseLeaderLevel) {
      const levels = [...org.levels].sort((a, b) => a.rank - b.rank);
      raisedTo = levels[levels.findIndex((l) => l.key === subject.leaderLevel) + 1]?.key ?? null;
      if (raisedTo) subject.leaderLevel = raisedTo;
    }
    if (reassignedTo || raisedTo) subject.updatedAt = now;
    clock.escalations = [...clock.escalations, { step: step.key, at: now.toISOString() }];
    const people: string[] = [];
    const mailRoles: string[] = [];
    for (const target of step.notify) {
      // The owner's manager is the manager of whoever held the subject when the step fired.
      const reached = peopleMatching(org, members, target, department, currentOwner);
      if (!reached) unresolved.push({ target: { ...target }, department });
      people.push(...(reached?.people ?? []));
      mailRoles.push(...(reached?.mailRoles ?? []));
    }
    const data = { step: step.key, clock: clock.name, severity: clock.severity, dueAt: clock.dueAt, status: subject.status, reassignedTo, raisedTo };
    const recipients = this.notifier.notifyPeople(em, scope.tenantId, org, people, [...new Set(mailRoles)], { kind: 'escalation', subjectType: clock.subjectType, subjectId: subject.id, subjectNumber: subject.number, title: step.title, data, at: now });
    await em.flush();
    await appendEvent(scope, {
      occurredAt: now,
      type: `${clock.subjectType.toLowerCase()}.escalated`,
      subjectType: clock.subjectType,
      subjectId: subject.id,
      subjectNumber: subject.number,
      actor: SYSTEM_ACTOR,
      reason: `${step.title.en} (${clock.name}, ${'overdue' in step.at ? `overdue by ${step.at.overdue.value} ${step.at.overdue.unit}` : `${Math.round(step.at.shareOfTarget * 100)} % of the target`})`,
      data: { step: step.key, title: step.title, clock: clock.name, dueAt: clock.dueAt, at: now, recipients, ...(unresolved.length ? { unresolved } : {}), reassignedTo, raisedTo, before, after: { [owner]: subject instanceof Investigation ? subject.leaderId : subject.ownerId, ...(subject instanceof Investigation ? { leaderLevel: subject.leaderLevel } : {}) } },
    });
    return true;
  }

  /** Who takes over: the first (oldest) member holding the level in the department, else in its nearest ancestor that has one. */
  private holderAt(org: OrganizationTemplate, level: string, department: string | null, members: OrgMember[]): string | null {
    return nearestInLine(org, members, department, (m) => holdsLevel(org, m, level))?.people[0]?.id ?? null;
  }

  /** A complaint's or investigation's clocks, in template order. */
  async clocksOf(em: EntityManager, subjectId: string): Promise<SlaClock[]> {
    const clocks = await em.find(SlaClock, { subjectId });
    const order = (c: SlaClock) => `${c.stage}:${[...RESPONSE_CLOCKS, ...INVESTIGATION_CLOCKS].indexOf(c.name as never)}`;
    return clocks.sort((a, b) => order(a).localeCompare(order(b)));
  }

  clockMath(org: OrganizationTemplate): ClockMath {
    return new ClockMath(calendarOf(org.calendar));
  }
}
