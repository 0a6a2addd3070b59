/**
 * Workflows are data (Vendure's finite-state-machine idea): a definition is checked once when loaded, and
 * every state change asks the machine which transition applies. Guards (`when`) are evaluated by the caller.
 */
export interface MachineTransition {
  action: string;
  from: string[];
  to: string;
  /** A guard: the caller evaluates it; transitions of one action from one state are tried in order. */
  when?: unknown;
}

export interface MachineDefinition {
  initial: string;
  states: Array<{ key: string; terminal?: boolean }>;
  transitions: MachineTransition[];
}

export interface MachineProblem {
  path: string;
  code: 'UNKNOWN_STATE' | 'DUPLICATE_STATE' | 'UNREACHABLE_STATE' | 'DEAD_END' | 'AMBIGUOUS_TRANSITION';
  message: string;
}

/** Everything wrong with a definition: unknown states, unreachable states, dead ends, ambiguous transitions. */
export function checkMachine(def: MachineDefinition): MachineProblem[] {
  const problems: MachineProblem[] = [];
  const states = new Set<string>();
  def.states.forEach((s, i) => {
    if (states.has(s.key)) problems.push({ path: `/states/${i}/key`, code: 'DUPLICATE_STATE', message: `state ${s.key} appears twice` });
    states.add(s.key);
  });
  if (!states.has(def.initial)) problems.push({ path: '/initial', code: 'UNKNOWN_STATE', message: `no state ${def.initial}` });
  def.transitions.forEach((t, i) => {
    t.from.forEach((f, j) => !states.has(f) && problems.push({ path: `/transitions/${i}/from/${j}`, code: 'UNKNOWN_STATE', message: `no state ${f}` }));
    if (!states.has(t.to)) problems.push({ path: `/transitions/${i}/to`, code: 'UNKNOWN_STATE', message: `no state ${t.to}` });
  });
  // For one action from one state, only the last transition may lack a guard (it is the fallback).
  const seen = new Map<string, { index: number; guarded: boolean }>();
  def.transitions.forEach((t, i) => {
    for (const from of t.from) {
      const id = `${from}\u0000${t.action}`;
      const before = seen.get(id);
      if (before && !before.guarded) {
        problems.push({ path: `/transitions/${i}`, code: 'AMBIGUOUS_TRANSITION', message: `${t.action} from ${from} already has an unconditional transition (/transitions/${before.index})` });
      }
      seen.set(id, { index: i, guarded: t.when !== undefined });
    }
  });
  if (problems.some((p) => p.code === 'UNKNOWN_STATE')) return problems;
  const reachable = new Set([def.initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of def.transitions) {
      if (!reachable.has(t.to) && t.from.some((f) => reachable.has(f))) {
        reachable.add(t.to);
        grew = true;
      }
    }
  }
  def.states.forEach((s, i) => {
    if (!reachable.has(s.key)) problems.push({ path: `/states/${i}`, code: 'UNREACHABLE_STATE', message: `${s.key} cannot be reached from ${def.initial}` });
    if (!s.terminal && !def.transitions.some((t) => t.from.includes(s.key))) {
      problems.push({ path: `/states/${i}`, code: 'DEAD_END', message: `${s.key} has no way out and is not terminal` });
    }
  });
  return problems;
}

export class InvalidMachineError extends Error {
  constructor(readonly problems: MachineProblem[]) {
    super(`invalid state machine: ${problems.map((p) => `${p.path} ${p.code}: ${p.message}`).join('; ')}`);
  }
}

/** A checked machine. */
export class StateMachine<T extends MachineTransition = MachineTransition> {
  private readonly transitions: T[];

  constructor(readonly definition: Omit<MachineDefinition, 'transitions'> & { transitions: T[] }) {
    const problems = checkMachine(definition);
    if (problems.length) throw new InvalidMachineError(problems);
    this.transitions = definition.transitions;
  }

  get initial(): string {
    return this.definition.initial;
  }

  /** The transitions an action may take from a state, in the order their guards are to be tried. */
  candidates(action: string, from: string): T[] {
    return this.transitions.filter((t) => t.action === action && t.from.includes(from));
  }

  /** The first candidate whose guard passes (`guard` evaluates `when`; absent means pass). */
  resolve(action: string, from: string, guard: (when: unknown) => boolean): T | undefined {
    return this.candidates(action, from).find((t) => t.when === undefined || guard(t.when));
  }

  /** Every action possible from a state (before guards and roles). */
  actionsFrom(from: string): string[] {
    return [...new Set(this.transitions.filter((t) => t.from.includes(from)).map((t) => t.action))];
  }
}
