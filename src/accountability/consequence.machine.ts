import type { StepMachineDefinition } from '../shared/step-kernel/step-machine';
import { StepMachine } from '../shared/step-kernel/step-machine';
import { ConsequenceStatus } from './accountability.results';

/**
 * A consequence's machine as data, run by the step kernel. Roles name who the consequence's data says may
 * take the step: `$approvers` (the current approval step's approvers, whose turn the approval engine gives),
 * `$concerned` (the person the consequence concerns), `$departmentHead` (the head role of their department),
 * `$appealRoles` (the accountability policy's appealRoles). A step without `to` keeps the status; `system`
 * steps are taken by the server only. Checked when loaded (initial state, known targets, reachability).
 * The built-in default, for a tenant without the `consequence` workflow template: exactly
 * templates/workflows/consequence.json (a unit test holds them equal); a tenant's published one replaces it.
 */
export interface ConsequenceStep {
  action: string;
  from: string[];
  roles: string[];
  system?: boolean;
  when?: unknown;
}

const { PENDING_APPROVAL, EFFECTIVE, REJECTED, APPEALED, UPHELD, OVERTURNED, SUPERSEDED } = ConsequenceStatus;

/** The facts a transition's `when` reads: the decision's outcome (an appeal decision: uphold or overturn). */
export interface ConsequenceFacts {
  outcome: 'approve' | 'reject' | 'uphold' | 'overturn';
}

export const CONSEQUENCE_MACHINE: StepMachineDefinition<ConsequenceStep> = {
  initial: PENDING_APPROVAL,
  states: [{ key: PENDING_APPROVAL }, { key: EFFECTIVE }, { key: REJECTED }, { key: APPEALED }, { key: UPHELD }, { key: OVERTURNED }, { key: SUPERSEDED, terminal: true }],
  steps: [
    // An approver decides the current step; the route's outcome then picks the system step (or none: a later step, or more approvers, to come).
    { action: 'decideConsequence', from: [PENDING_APPROVAL], roles: ['$approvers'] },
    { action: 'approveConsequence', from: [PENDING_APPROVAL], to: EFFECTIVE, roles: [], system: true },
    { action: 'rejectConsequence', from: [PENDING_APPROVAL], to: REJECTED, roles: [], system: true },
    // The one appeal (a consequence once appealed is never EFFECTIVE again).
    { action: 'appealConsequence', from: [EFFECTIVE], to: APPEALED, roles: ['$concerned', '$departmentHead'] },
    { action: 'decideAppeal', from: [APPEALED], to: UPHELD, roles: ['$appealRoles'], when: { type: 'object', required: ['outcome'], properties: { outcome: { const: 'uphold' } } } },
    { action: 'decideAppeal', from: [APPEALED], to: OVERTURNED, roles: ['$appealRoles'] },
    // A revised responsibility decision supersedes its earlier consequences, whatever their status (the responsibility service sets it).
    { action: 'supersede', from: [PENDING_APPROVAL, EFFECTIVE, REJECTED, APPEALED, UPHELD, OVERTURNED], to: SUPERSEDED, roles: [], system: true },
  ],
};

export const consequenceMachine = StepMachine.fromSteps(CONSEQUENCE_MACHINE);
