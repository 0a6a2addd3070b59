import { describe, expect, it } from 'vitest';
import { CONSEQUENCE_MACHINE, consequenceMachine } from '../../../src/accountability/consequence.machine';
import { checkMachine } from '../../../src/shared/state-machine/state-machine';
import { StepMachine } from '../../../src/shared/step-kernel/step-machine';

describe('the consequence machine (data run by the step kernel)', () => {
  it('is a well-formed machine', () => {
    expect(checkMachine(StepMachine.fromSteps(CONSEQUENCE_MACHINE).machine.definition)).toEqual([]);
  });

  it.each([
    { status: 'PENDING_APPROVAL', actions: ['decideConsequence', 'approveConsequence', 'rejectConsequence', 'supersede'] },
    { status: 'EFFECTIVE', actions: ['appealConsequence', 'supersede'] },
    { status: 'APPEALED', actions: ['decideAppeal', 'supersede'] },
    { status: 'REJECTED', actions: ['supersede'] },
    { status: 'UPHELD', actions: ['supersede'] },
    { status: 'OVERTURNED', actions: ['supersede'] },
    { status: 'SUPERSEDED', actions: [] },
  ])('allows from $status: $actions', ({ status, actions }) => {
    expect(consequenceMachine.actionsIn(status)).toEqual(actions);
  });

  it('records a decision without moving, and moves only by the system steps its outcome picks', () => {
    const [recorded] = consequenceMachine.machine.candidates('decideConsequence', 'PENDING_APPROVAL');
    expect([recorded.to, recorded.system]).toEqual(['PENDING_APPROVAL', undefined]);
    expect(consequenceMachine.machine.resolve('approveConsequence', 'PENDING_APPROVAL', () => true)).toMatchObject({ to: 'EFFECTIVE', system: true });
    expect(consequenceMachine.machine.resolve('rejectConsequence', 'PENDING_APPROVAL', () => true)).toMatchObject({ to: 'REJECTED', system: true });
  });

  it.each([
    { action: 'decideConsequence', status: 'EFFECTIVE' },
    { action: 'appealConsequence', status: 'PENDING_APPROVAL' },
    { action: 'appealConsequence', status: 'APPEALED' },
    { action: 'appealConsequence', status: 'UPHELD' },
    { action: 'decideAppeal', status: 'EFFECTIVE' },
    { action: 'decideAppeal', status: 'OVERTURNED' },
  ])('refuses $action on a $status consequence', ({ action, status }) => {
    expect(consequenceMachine.plan(action, status)).toBeNull();
  });

  it("upholds or overturns an appeal by the decision's outcome", () => {
    const byOutcome = (outcome: string) => consequenceMachine.machine.resolve('decideAppeal', 'APPEALED', (when) => (when as { properties: { outcome: { const: string } } }).properties.outcome.const === outcome)?.to;
    expect([byOutcome('uphold'), byOutcome('overturn')]).toEqual(['UPHELD', 'OVERTURNED']);
    expect(consequenceMachine.transitionsOf('decideAppeal').map((t) => t.roles)).toEqual([['$appealRoles'], ['$appealRoles']]);
  });
});
