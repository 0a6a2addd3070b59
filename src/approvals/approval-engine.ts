import type { EntityManager } from '@mikro-orm/core';
import type { ApprovalRouteTemplate, ApprovalStep, BusinessDuration, LocalizedText, OrganizationTemplate, SignatureRequirement } from '../__generated__';
import type { Caller } from '../auth';
import type { BusinessCalendar } from '../calendar';
import type { WriteScope } from '../db/database';
import { appendEvent, SYSTEM_ACTOR } from '../db/event-log';
import type { Notifier } from '../notifications';
import { armTimers, type Fired, type Scheduler } from '../scheduler';
import type { Timer } from '../scheduler';
import { ValidationProblem } from '../shared/errors/error-results';
import { approversAndManagers, wholeRoles } from '../shared/org-roles';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import type { SignedRecordType } from '../signatures';
import type { SignatureService, SignatureSummary, Signer } from '../signatures';
import type { TemplateReader } from '../shared/template-reader';
import { applicableSteps, approverManagerRoles } from './approval-route';

/** How many approvals a step needs (one for mode "any", every active holder of its roles for "all"). */
export { approvalsNeeded } from './approval-route';

/**
 * The one approval engine: a route's steps chosen from its template by the record's facts, each decided by
 * its approvers (any or all of them), signed where the step says, reminded and escalated past its business-
 * time timeout. It knows no record: each record keeps its approval in its own stored shape and hands the
 * engine a view of it (the steps, the current one, the outcome) with an adapter for what differs.
 */

/** A route step as a record stores it: the template step's key, title, mode, timeout and signature rule, its decisions, and since when it waits. */
export interface StepState<D> {
  key: string;
  title: LocalizedText;
  mode: 'any' | 'all';
  timeout: BusinessDuration;
  signature?: SignatureRequirement;
  decisions: D[];
  since?: Date | string;
  dueAt?: Date | string;
}

/** A decision as the engine needs it: who decided (how it approves, the adapter says). */
export interface DecisionState {
  by: string;
  signature?: SignatureSummary;
}

export type RouteOutcome = 'pending' | 'approved' | 'rejected';

/** A record's approval route as the engine sees it. */
export interface RouteState<S> {
  steps: S[];
  /** The pending step (once approved, a complaint's route counts past its last step). */
  current: number;
  outcome: RouteOutcome;
}

/** What a record's approval differs in. */
export interface ApprovalAdapter<S, D> {
  /** The roles whose holders decide a step (resolved when planned, or now). */
  rolesOf(step: S): string[];
  approves(decision: D): boolean;
  /** A role that decides every step besides its approvers. */
  overrideRole?: string;
}

/** What one decision did to the route. */
export type DecisionOutcome = 'recorded' | 'step-passed' | 'approved' | 'rejected';

/** Whose turn it is: the pending step, its approver roles, whether the caller is one and has decided it already. */
export interface Turn<S> {
  step: S;
  roles: string[];
  approver: boolean;
  decided: boolean;
}

/** The route template a record's approval follows; publishing refuses a reference to a missing one, so none is a broken installation. */
export async function routeTemplate(templates: Pick<TemplateReader, 'latestTemplate'>, em: EntityManager, tenantId: string, key: string): Promise<{ version: number; content: ApprovalRouteTemplate }> {
  const route = await templates.latestTemplate<ApprovalRouteTemplate>(em, tenantId, 'approval-route', key);
  if (!route) throw new Error(`approval route ${key} missing`);
  return route;
}

/** The steps a route takes for a record: those whose condition matches its facts (given the conditions, which may decide what to look up), each in the record's stored form. */
export async function plan<S>(route: ApprovalRouteTemplate, facts: (conditions: unknown[]) => unknown, schemas: SchemaCompiler, toStep: (step: ApprovalStep) => S): Promise<S[]> {
  return applicableSteps(route, await facts(route.steps.map((s) => s.when)), schemas).map(toStep);
}

/** The step the route waits on; undefined once it is decided. */
export function pendingStep<S>(state: RouteState<S> | undefined): S | undefined {
  return state?.outcome === 'pending' ? state.steps[state.current] : undefined;
}

/** Whose turn it is on the route; undefined when no step is pending. */
export function turnOf<S extends StepState<D>, D extends DecisionState>(caller: Caller, state: RouteState<S> | undefined, adapter: ApprovalAdapter<S, D>): Turn<S> | undefined {
  const step = pendingStep(state);
  if (!step) return undefined;
  const roles = adapter.rolesOf(step);
  const held = caller.principal.roles;
  const approver = (!!adapter.overrideRole && held.includes(adapter.overrideRole)) || roles.some((r) => held.includes(r));
  return { step, roles, approver, decided: step.decisions.some((d) => d.by === caller.principal.id) };
}

/** The refusal of a second decision on the same step by the same principal. */
export const alreadyDecided = (path: string) => new ValidationProblem(path, 'ALREADY_DECIDED', 'you have already decided this step');

/** The decision with its signature, stored in the decision's transaction when a signer signs (the content: what the record says is signed). */
export function signDecision<D extends object>(
  signatures: Pick<SignatureService, 'sign'>,
  em: EntityManager,
  tenantId: string,
  signer: Signer | null,
  target: { recordType: SignedRecordType; recordId: string; content: unknown },
  decision: D,
  at: Date,
): D {
  if (!signer) return decision;
  return { ...decision, signature: signatures.sign(em, tenantId, signer, target, at) };
}

/**
 * Records a decision on the pending step: a rejection ends the route; an approval passes the step once it has
 * `needed` approvals (one for mode "any"), and the last step's passing approves the route. Returns the new
 * state (the record's own keys kept, in their order) and what the decision did.
 */
export function decide<T extends RouteState<S>, S extends StepState<D>, D extends DecisionState>(state: T, decision: D, needed: number, adapter: Pick<ApprovalAdapter<S, D>, 'approves'>): { state: T; outcome: DecisionOutcome } {
  const decisions = [...state.steps[state.current].decisions, decision];
  const steps = state.steps.map((s, i) => (i === state.current ? { ...s, decisions } : s));
  if (!adapter.approves(decision)) return { state: { ...state, steps, outcome: 'rejected' }, outcome: 'rejected' };
  if (decisions.filter((d) => adapter.approves(d)).length < needed) return { state: { ...state, steps }, outcome: 'recorded' };
  const current = state.current + 1;
  if (current >= steps.length) return { state: { ...state, steps, current, outcome: 'approved' }, outcome: 'approved' };
  return { state: { ...state, steps, current }, outcome: 'step-passed' };
}

/** The timer that reports a step pending past its timeout (the engine fills in its action, due date and payload). */
export interface StepTimer {
  tenantId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  armedIn: string;
}

/**
 * The pending step starts waiting: since and dueAt (its timeout in the business calendar) recorded in the
 * record's form (`stamp`), and a timer armed to report it at dueAt. A route no longer pending is returned as it is.
 */
export function waitOn<T extends RouteState<S>, S extends StepState<unknown>>(em: EntityManager, timer: StepTimer, state: T, now: Date, calendar: BusinessCalendar, stamp: (at: Date) => NonNullable<S['since']>): T {
  const step = pendingStep(state);
  if (!step) return state;
  const dueAt = calendar.add(now, step.timeout);
  armTimers(em, [{ ...timer, action: 'approvalOverdue', dueAt, payload: { step: state.current, key: step.key } }]);
  return { ...state, steps: state.steps.map((s, i) => (i === state.current ? { ...s, since: stamp(now), dueAt: stamp(dueAt) } : s)) };
}

/** A route waiting on a step whose timer is due, as the record's timeout handler finds it; null drops the timer. */
export interface Overdue<S> {
  state: RouteState<S>;
  org: OrganizationTemplate;
  /** The department the approvers' line runs up from. */
  department: string | null;
  route: string | null;
  /** The roles whose holders decide the step. */
  rolesOf: (step: S) => string[];
  /** The complaint the notifications and the event are about. */
  complaint: { id: string; number: string };
}

/** How a record's overdue step is told: notification kinds and titles, the event's type and reason, what they carry besides the step. */
export interface OverdueNotice<S> {
  reminder: { kind: string; title: (step: S) => LocalizedText };
  escalation: { kind: string; title: (step: S) => LocalizedText };
  eventType: string;
  /** What the reason calls the step ("approval step", "consequence approval step"). */
  stepName: string;
  messageData?: Record<string, unknown>;
  eventData?: Record<string, unknown>;
}

/**
 * A due step timer: when the step still waits, its approvers (in the record's department line) are reminded,
 * their managers (the head of their department, or the nearest head above when they head it) told, and an
 * event records it (with `managerRoles`, the head roles above the approver roles). The record itself does not change.
 */
export function onTimeout<S extends StepState<unknown>>(
  scheduler: Scheduler,
  notifier: Pick<Notifier, 'members' | 'notifyPeople'>,
  timer: Timer,
  load: (scope: WriteScope) => Promise<{ overdue: Overdue<S>; notice: OverdueNotice<S> } | null>,
): Promise<Fired> {
  return scheduler.fireOnce(timer, async (scope) => {
    const { em, tenantId } = scope;
    const found = await load(scope);
    if (!found) return 'dropped';
    const { overdue, notice } = found;
    const { org, complaint, state } = overdue;
    const step = state.steps[state.current];
    const now = scheduler.clock.now();
    const approvers = overdue.rolesOf(step);
    const managers = approverManagerRoles(approvers, org, overdue.department);
    const members = await notifier.members(em, tenantId);
    const people = approversAndManagers(org, members, approvers, overdue.department);
    const message = { subjectType: 'Complaint', subjectId: complaint.id, subjectNumber: complaint.number, data: { ...notice.messageData, step: step.key, since: step.since, dueAt: step.dueAt, timeout: step.timeout }, at: now };
    const reminded = notifier.notifyPeople(em, tenantId, org, people.approvers, wholeRoles(members, approvers, people.approvers), { ...message, kind: notice.reminder.kind, title: notice.reminder.title(step) });
    const escalatedTo = notifier.notifyPeople(em, tenantId, org, people.managers, wholeRoles(members, managers, people.managers), { ...message, kind: notice.escalation.kind, title: notice.escalation.title(step) });
    await appendEvent(scope, {
      occurredAt: now,
      type: notice.eventType,
      subjectType: 'Complaint',
      subjectId: complaint.id,
      subjectNumber: complaint.number,
      actor: SYSTEM_ACTOR,
      reason: `${notice.stepName} ${step.key} pending past ${step.timeout.value} ${step.timeout.unit}`,
      data: { ...notice.eventData, route: overdue.route, step: step.key, since: step.since, dueAt: step.dueAt, approverRoles: approvers, managerRoles: managers, reminded, escalatedTo },
    });
    return 'fired';
  });
}

type StepOf<R extends { steps: unknown[] }> = R['steps'][number];

/** Where a signature's decision is among a record's routes (its current one and any earlier): the route, step and decision. */
export function findSigned<R extends { steps: Array<StepState<DecisionState>> }>(routes: R[], signatureId: string): { route: R; step: StepOf<R>; decision: StepOf<R>['decisions'][number] } | undefined {
  for (const route of routes) {
    for (const step of route.steps) {
      const decision = step.decisions.find((d) => d.signature?.id === signatureId);
      if (decision) return { route, step, decision };
    }
  }
  return undefined;
}
