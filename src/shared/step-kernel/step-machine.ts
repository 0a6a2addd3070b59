import { type MachineDefinition, type MachineTransition, StateMachine } from '../state-machine/state-machine';

/** A transition a step may take: who may take it, whether only the server does, whether it needs a reason. */
export interface StepTransition extends MachineTransition {
  roles?: string[];
  system?: boolean;
  reasonRequired?: boolean;
}

/** An action that changes a record without changing its status: in which states, by which roles. */
export interface StepEdit {
  action: string;
  states: string[];
  roles: string[];
  reasonRequired?: boolean;
}

/** What an action is from a status: transitions tried in order (their guards pick one), an edit, or nothing. */
export type StepPlan<T extends StepTransition> = { transitions: T[]; edit?: undefined } | { transitions: []; edit: StepEdit } | null;

/**
 * Which actions a refusal names as allowed. `from-status`: every action possible from the status.
 * `toward-action`: those from the status that enter a state the refused action is possible from (the way on),
 * or every action from the status when none does.
 */
export type RefusalHint = 'from-status' | 'toward-action';

/**
 * One record kind's machine as data, for records whose edits are written as steps: a step without `to` keeps
 * the status (an edit), in each of its `from` states. Steps are listed in the order refusals name them.
 */
export interface StepMachineDefinition<T extends Omit<StepTransition, 'to'> = Omit<StepTransition, 'to'>> {
  initial: string;
  states: MachineDefinition['states'];
  steps: Array<T & { to?: string }>;
  refusalHint?: RefusalHint;
}

/** A checked machine with its edits: the one answer to "may this action be taken from this status". */
export class StepMachine<T extends StepTransition = StepTransition> {
  constructor(
    readonly machine: StateMachine<T>,
    readonly edits: StepEdit[] = [],
    readonly refusalHint: RefusalHint = 'from-status',
  ) {}

  /** From a definition whose edits are steps without `to` (each becomes a transition to the state it is taken in). */
  static fromSteps<T extends Omit<StepTransition, 'to'>>(def: StepMachineDefinition<T>): StepMachine<T & { to: string }> {
    const transitions = def.steps.flatMap((s) => (s.to !== undefined ? [s as T & { to: string }] : s.from.map((f) => ({ ...s, from: [f], to: f }) as T & { to: string })));
    return new StepMachine(new StateMachine({ initial: def.initial, states: def.states, transitions }), [], def.refusalHint);
  }

  /** A transition from the status takes precedence over an edit of the same action. */
  plan(action: string, status: string): StepPlan<T> {
    const transitions = this.machine.candidates(action, status);
    if (transitions.length) return { transitions };
    const edit = this.edits.find((e) => e.action === action && e.states.includes(status));
    return edit ? { transitions: [], edit } : null;
  }

  /** Every transition of the action, from any status. */
  transitionsOf(action: string): T[] {
    return this.machine.definition.transitions.filter((t) => t.action === action);
  }

  /** Every action possible from the status: transitions, then edits. */
  actionsIn(status: string): string[] {
    return [...new Set([...this.machine.actionsFrom(status), ...this.edits.filter((e) => e.states.includes(status)).map((e) => e.action)])];
  }

  /** The actions an ILLEGAL_TRANSITION of `action` from `status` names (see RefusalHint). */
  allowedInsteadOf(action: string, status: string): string[] {
    const all = this.actionsIn(status);
    if (this.refusalHint === 'from-status') return all;
    const possibleFrom = new Set(this.machine.definition.transitions.filter((t) => t.action === action).flatMap((t) => t.from));
    const toward = [...new Set(this.machine.definition.transitions.filter((t) => t.from.includes(status) && t.to !== status && possibleFrom.has(t.to)).map((t) => t.action))];
    return toward.length ? toward : all;
  }
}
