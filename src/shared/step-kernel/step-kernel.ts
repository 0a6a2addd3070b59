import { type EntityManager, OptimisticLockError } from '@mikro-orm/core';
import { ConflictError, ErrorResult, ValidationError, ValidationProblem } from '../errors/error-results';
import { IllegalTransitionError, NotAllowedError } from '../errors/workflow-errors';
import type { Locale } from '../i18n/locale';
import type { StepEdit, StepMachine, StepTransition } from './step-machine';

const ADMIN = 'admin';

/** What a step's transaction runs with: at least its entity manager and tenant. */
export interface StepScope {
  em: EntityManager;
  tenantId: string;
}

/** The one event a step appends (the actor is the caller, or the system). */
export interface StepEvent {
  type: string;
  subjectType: string;
  subjectId: string;
  subjectNumber?: string | null;
  actor: { id: string; name: string };
  reason?: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * A step's changes, handed to the write in one call: the rows changed in the scope's entity manager, then
 * `settle` (effects that read the flushed rows), then the event. A writer that batches a group commit may
 * collect these and flush them together; the kernel never flushes or appends by itself.
 */
export interface StepCommit<S extends StepScope> {
  settle?: (scope: S) => Promise<void>;
  /** The step's event; an approval decision that also moves the status lists its decision first. */
  events: StepEvent[];
}

/** Where steps write: the feature layer provides it (the database's write and the event log). */
export interface StepWriter<S extends StepScope> {
  /** One transaction; a result returned commits, `refuse` rolls back and returns the result. */
  write<T>(tenantId: string, fn: (scope: S) => Promise<T>): Promise<T>;
  /** Thrown inside the write: rolls it back, and the write returns `result`. */
  refuse(result: unknown): unknown;
  commit(scope: S, change: StepCommit<S>): Promise<void>;
}

/** Who takes the step. */
export interface StepActor {
  principal: { id: string; roles: string[] };
  locale: Locale;
}

/** A machine the step must be possible in, at the record's status in it; the last one given is the record's own. */
export interface MachineAt<T extends StepTransition> {
  machine: StepMachine<T>;
  status: string;
  /** The mutations that take the allowed actions (ILLEGAL_TRANSITION's allowedMutations); default the actions. */
  mutations?: (actions: string[]) => string[];
  /** A record kind with a refusal of its own for a step not possible from the status (default ILLEGAL_TRANSITION). */
  illegal?: (action: string, status: string, allowed: string[]) => ErrorResult;
}

/** Where the step went: the action taken (null: an edit, or a step that only records), from and to. */
export interface Moved<T extends StepTransition> {
  taken: string | null;
  chosen: T | null;
  from: string;
  to: string;
}

/**
 * One step on one stateful record, declared by its feature. The kernel runs: `before`, load the visible record,
 * check its version, check the action against the record's machine(s) and the caller's roles (or `authorize`),
 * `guard`, snapshot, apply, resolve the transition (guards, roles, reason, `missing` requirements), set the
 * status, `moved` and `effects`, and commits the changes with exactly the step's event. A refusal before apply
 * changes nothing; from apply on it rolls the write back.
 */
export interface Step<R, S extends StepScope, Env, T extends StepTransition, B = unknown> {
  tenantId: string;
  action: string;
  caller: StepActor;
  /** The reason given, for transitions and edits that require one. */
  reason?: string | null;
  /** Runs first in the write (e.g. a timer takes itself); a result refuses the step. */
  before?: (scope: S) => Promise<ErrorResult | null>;
  /** The record the caller may see, or a refusal (NOT_FOUND, an unknown part). */
  load: (scope: S) => Promise<R | ErrorResult>;
  /** The version check: CONFLICT (or another refusal) when the record is not the one the caller read. */
  stale: (record: R) => ErrorResult | null;
  /** After a lost optimistic-lock race, read anew outside the write: CONFLICT or NOT_FOUND. */
  conflict: () => Promise<ErrorResult>;
  env: (scope: S, record: R) => Promise<Env>;
  machines: (record: R, env: Env) => Array<MachineAt<T>>;
  /** Roles are checked before the machine (a caller without them learns nothing of the status). */
  rolesFirst?: boolean;
  /** The role keys a transition or edit names, resolved for this record (e.g. `$signers` to the template's signers). */
  roles?: (rule: T | StepEdit, record: R, env: Env) => string[];
  /** Beside the roles, who else may take it (e.g. the investigation's leader). */
  alsoMay?: (record: R) => boolean;
  /** Replaces the role check (an approval route's approvers decide). */
  authorize?: (record: R, env: Env) => Promise<ErrorResult | null>;
  /** A condition beyond states and roles that blocks the action (the same rule leaves it out of the available actions). */
  guard?: (record: R, env: Env) => Promise<ErrorResult | null>;
  /** What the event records as `before`. */
  snapshot: (record: R) => B;
  /** `before-apply`: the transition is resolved (and the status set) first, its guards read `facts` only; default after apply. */
  resolve?: 'before-apply' | 'after-apply';
  /** The facts the transitions' guards (`when`) are evaluated on, and the evaluator. */
  when?: (record: R, env: Env, candidates: T[]) => Promise<(when: unknown) => boolean>;
  /** The change; problems (VALIDATION_FAILED) or a refusal roll the write back. */
  apply: (record: R, env: Env) => Promise<ValidationProblem[] | ErrorResult | void>;
  /** After apply: the action the workflow takes (a system one may be), or null to only record; default the action (an edit: null). */
  decide?: (record: R) => string | null;
  /** What is missing before the chosen transition may be taken. */
  missing?: (record: R, chosen: T, env: Env) => Promise<ValidationProblem[]>;
  /** Before the status is set. */
  moved?: (record: R, moved: Moved<T>, env: Env) => Promise<void>;
  setStatus: (record: R, to: string, env: Env) => void;
  /** After the status is set, before the commit: side effects the feature declares (timers, clocks, links). */
  effects?: (record: R, moved: Moved<T>, env: Env, scope: S) => Promise<void>;
  /** After the rows are flushed, before the event. */
  settle?: (scope: S, record: R, env: Env) => Promise<void>;
  event: (record: R, moved: Moved<T>, before: B, env: Env) => StepEvent[];
}

/** The step kernel: every stateful record's step, one way. */
export class StepKernel<S extends StepScope> {
  constructor(private readonly writer: StepWriter<S>) {}

  async run<R, Env, T extends StepTransition, B>(step: Step<R, S, Env, T, B>): Promise<R | ErrorResult> {
    try {
      return await this.writer.write(step.tenantId, (scope) => this.inWrite(scope, step));
    } catch (error) {
      if (!(error instanceof OptimisticLockError)) throw error;
      return step.conflict();
    }
  }

  private async inWrite<R, Env, T extends StepTransition, B>(scope: S, step: Step<R, S, Env, T, B>): Promise<R | ErrorResult> {
    const { action, caller } = step;
    const refuse = (result: unknown): never => {
      throw this.writer.refuse(result);
    };
    const early = await step.before?.(scope);
    if (early) return early;
    const record = await step.load(scope);
    if (record instanceof ErrorResult) return record;
    const stale = step.stale(record);
    if (stale) return stale;
    const env = await step.env(scope, record);
    const machines = step.machines(record, env);
    const own = machines[machines.length - 1];
    const rolesOf = (rule: T | StepEdit) => (step.roles ? step.roles(rule, record, env) : (rule.roles ?? []));
    const holds = (roles: string[]) => caller.principal.roles.includes(ADMIN) || roles.some((r) => caller.principal.roles.includes(r)) || !!step.alsoMay?.(record);
    const mayTake = (t: T) => !t.system && holds(rolesOf(t));

    if (step.rolesFirst && !step.authorize) {
      const roles = [...new Set(own.machine.transitionsOf(action).flatMap(rolesOf))];
      if (!holds(roles)) return new NotAllowedError(action, roles);
    }
    let plan: ReturnType<StepMachine<T>['plan']> = null;
    for (const at of machines) {
      plan = at.machine.plan(action, at.status);
      if (!plan) return illegal(action, at);
    }
    const { transitions, edit } = plan!;
    if (step.authorize) {
      const refused = await step.authorize(record, env);
      if (refused) return refused;
    } else if (edit) {
      if (!holds(edit.roles)) return new NotAllowedError(action, edit.roles);
      if (edit.reasonRequired && !step.reason?.trim()) return new ValidationError([new ValidationProblem('/reason', 'REQUIRED', `${action} needs a reason`)], caller.locale);
    } else if (!step.rolesFirst && !transitions.some(mayTake)) {
      return new NotAllowedError(action, [...new Set(transitions.flatMap(rolesOf))]);
    }
    const blocked = await step.guard?.(record, env);
    if (blocked) return blocked;

    const before = step.snapshot(record);
    const from = own.status;
    /** The transition the action (or the one decided) takes from the status, checked; null for an edit or a record-only step. */
    const choose = async (taken: string | null): Promise<T | null> => {
      if (!taken) return null;
      const candidates = own.machine.machine.candidates(taken, from);
      const pass = step.when ? await step.when(record, env, candidates) : () => true;
      const chosen = own.machine.machine.resolve(taken, from, pass);
      if (!chosen) return refuse(illegal(taken, own));
      if (!step.authorize && !mayTake(chosen)) refuse(new NotAllowedError(taken, rolesOf(chosen)));
      if (chosen.reasonRequired && !step.reason?.trim()) refuse(new ValidationError([new ValidationProblem('/reason', 'REQUIRED', `${action} needs a reason`)], caller.locale));
      const missing = (await step.missing?.(record, chosen, env)) ?? [];
      if (missing.length) refuse(new ValidationError(missing, caller.locale));
      return chosen;
    };
    const enter = async (taken: string | null): Promise<Moved<T>> => {
      const chosen = await choose(taken);
      const moved = { taken, chosen, from, to: chosen?.to ?? from };
      await step.moved?.(record, moved, env);
      step.setStatus(record, moved.to, env);
      return moved;
    };

    let moved: Moved<T> | undefined;
    if (step.resolve === 'before-apply') moved = await enter(edit ? null : action);
    const applied = await step.apply(record, env);
    if (applied instanceof ErrorResult) refuse(applied);
    if (Array.isArray(applied) && applied.length) refuse(new ValidationError(applied, caller.locale));
    moved ??= await enter(step.decide ? step.decide(record) : edit ? null : action);
    await step.effects?.(record, moved, env, scope);
    await this.writer.commit(scope, { settle: step.settle && ((s) => step.settle!(s, record, env)), events: step.event(record, moved, before, env) });
    return record;
  }
}

/** ILLEGAL_TRANSITION naming what the machine allows instead, from the status. */
function illegal<T extends StepTransition>(action: string, at: MachineAt<T>): ErrorResult {
  const actions = at.machine.allowedInsteadOf(action, at.status);
  if (at.illegal) return at.illegal(action, at.status, actions);
  return new IllegalTransitionError(action, at.status, actions, at.mutations ? at.mutations(actions) : actions);
}

/** CONFLICT unless the record is at the version the caller read. */
export function versionCheck(expected: number, current: number): ConflictError | null {
  return current === expected ? null : new ConflictError(expected, current);
}
