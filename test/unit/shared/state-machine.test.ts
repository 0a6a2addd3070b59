import { describe, expect, it } from 'vitest';
import { checkMachine, InvalidMachineError, type MachineDefinition, StateMachine } from '../../../src/shared/state-machine/state-machine';

const base = (): MachineDefinition => ({
  initial: 'RECEIVED',
  states: [{ key: 'RECEIVED' }, { key: 'UNDER_REVIEW' }, { key: 'REJECTED', terminal: true }, { key: 'ACCEPTED' }, { key: 'CLOSED', terminal: true }],
  transitions: [
    { action: 'startReview', from: ['RECEIVED'], to: 'UNDER_REVIEW' },
    { action: 'reject', from: ['UNDER_REVIEW'], to: 'REJECTED' },
    { action: 'accept', from: ['UNDER_REVIEW'], to: 'ACCEPTED' },
    { action: 'close', from: ['ACCEPTED'], to: 'CLOSED', when: { internal: true } },
    { action: 'close', from: ['ACCEPTED'], to: 'CLOSED' },
  ],
});

describe('checkMachine', () => {
  it('accepts a well-formed machine', () => {
    expect(checkMachine(base())).toEqual([]);
  });

  it.each<{ title: string; change: (m: MachineDefinition) => void; problem: { path: string; code: string } }>([
    { title: 'unknown initial state', change: (m) => (m.initial = 'NEW'), problem: { path: '/initial', code: 'UNKNOWN_STATE' } },
    { title: 'unknown target', change: (m) => (m.transitions[2].to = 'APPROVED'), problem: { path: '/transitions/2/to', code: 'UNKNOWN_STATE' } },
    { title: 'unknown source', change: (m) => (m.transitions[1].from = ['LIMBO']), problem: { path: '/transitions/1/from/0', code: 'UNKNOWN_STATE' } },
    { title: 'duplicate state', change: (m) => m.states.push({ key: 'ACCEPTED' }), problem: { path: '/states/5/key', code: 'DUPLICATE_STATE' } },
    { title: 'unreachable state', change: (m) => m.states.push({ key: 'ORPHAN', terminal: true }), problem: { path: '/states/5', code: 'UNREACHABLE_STATE' } },
    { title: 'dead end', change: (m) => (m.transitions = m.transitions.filter((t) => t.action !== 'close')), problem: { path: '/states/3', code: 'DEAD_END' } },
    { title: 'two unconditional transitions for one action', change: (m) => m.transitions.push({ action: 'accept', from: ['UNDER_REVIEW'], to: 'REJECTED' }), problem: { path: '/transitions/5', code: 'AMBIGUOUS_TRANSITION' } },
  ])('reports $title', ({ change, problem }) => {
    const m = base();
    change(m);
    expect(checkMachine(m)).toContainEqual(expect.objectContaining(problem));
    expect(() => new StateMachine(m)).toThrow(InvalidMachineError);
  });
});

describe('StateMachine', () => {
  const machine = new StateMachine(base());

  it('resolves guarded transitions in order, falling back to the unguarded one', () => {
    expect(machine.resolve('close', 'ACCEPTED', () => true)?.when).toEqual({ internal: true });
    expect(machine.resolve('close', 'ACCEPTED', () => false)?.when).toBeUndefined();
  });

  it('knows no transition for an action from the wrong state', () => {
    expect(machine.resolve('accept', 'RECEIVED', () => true)).toBeUndefined();
    expect(machine.actionsFrom('UNDER_REVIEW').sort()).toEqual(['accept', 'reject']);
    expect(machine.actionsFrom('CLOSED')).toEqual([]);
  });
});
