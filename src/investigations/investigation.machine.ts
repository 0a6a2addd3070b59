import type { StepMachineDefinition } from '../shared/step-kernel/step-machine';
import { StepMachine } from '../shared/step-kernel/step-machine';

/**
 * Stage 2's machines as data, run by the step kernel. Roles name role sets of the pinned investigation
 * template: `$workers` (its sections' owners and signers), `$signers` (its sections' signers), `$owner` and
 * `$signer` (the section's owner and sign-off roles). `leader`: the investigation's leader may also take it.
 * A step without `to` keeps the status. Checked when loaded (initial state, known targets, reachability).
 * These are the built-in defaults, for a tenant without the workflow templates (created before they shipped):
 * exactly templates/workflows/stage-2.json and report-section.json (a unit test holds them equal). A tenant's
 * published ones replace them, checked at publication against the engine's contract (templates' workflow-subjects.ts).
 */
export interface InvestigationStep {
  action: string;
  from: string[];
  roles: string[];
  leader?: boolean;
  when?: unknown;
}

export const INVESTIGATION_STATUS = { OPEN: 'OPEN', EFFECTIVENESS_CHECK: 'EFFECTIVENESS_CHECK', CLOSED: 'CLOSED', CANCELLED: 'CANCELLED' } as const;
export const SECTION_STATUS = { EMPTY: 'EMPTY', DRAFT: 'DRAFT', SUBMITTED: 'SUBMITTED', SIGNED_OFF: 'SIGNED_OFF' } as const;

const { OPEN, EFFECTIVENESS_CHECK, CLOSED, CANCELLED } = INVESTIGATION_STATUS;
const { EMPTY, DRAFT, SUBMITTED, SIGNED_OFF } = SECTION_STATUS;

/** The investigation: sections change only while OPEN; a closed one can still be linked to (a recurrence). */
export const INVESTIGATION_MACHINE: StepMachineDefinition<InvestigationStep> = {
  initial: OPEN,
  states: [{ key: OPEN }, { key: EFFECTIVENESS_CHECK }, { key: CLOSED, terminal: true }, { key: CANCELLED, terminal: true }],
  steps: [
    { action: 'linkComplaints', from: [OPEN, EFFECTIVENESS_CHECK, CLOSED], roles: ['$workers'] },
    { action: 'unlinkComplaint', from: [OPEN, EFFECTIVENESS_CHECK], roles: ['$workers'] },
    { action: 'setInvestigationTeam', from: [OPEN, EFFECTIVENESS_CHECK], roles: ['$workers'] },
    { action: 'saveSectionDraft', from: [OPEN], roles: ['$owner'] },
    { action: 'submitSection', from: [OPEN], roles: ['$owner'] },
    { action: 'signOffSection', from: [OPEN], roles: ['$signer'] },
    { action: 'reopenSection', from: [OPEN], roles: ['$signer'] },
    { action: 'scheduleEffectivenessCheck', from: [OPEN], to: EFFECTIVENESS_CHECK, roles: ['$signers'], leader: true },
    // Effective: closed. Not effective: back to OPEN (the root cause's analysis reopens with what builds on it).
    { action: 'recordEffectivenessResult', from: [EFFECTIVENESS_CHECK], to: CLOSED, roles: ['$signers'], leader: true, when: { type: 'object', required: ['passed'], properties: { passed: { const: true } } } },
    { action: 'recordEffectivenessResult', from: [EFFECTIVENESS_CHECK], to: OPEN, roles: ['$signers'], leader: true },
    { action: 'closeInvestigation', from: [OPEN, EFFECTIVENESS_CHECK], to: CANCELLED, roles: ['$signers'] },
  ],
};

/** One section of the report. A refusal names the way on toward the action refused (e.g. submit before sign-off). */
export const SECTION_MACHINE: StepMachineDefinition<InvestigationStep> = {
  initial: EMPTY,
  states: [{ key: EMPTY }, { key: DRAFT }, { key: SUBMITTED }, { key: SIGNED_OFF }],
  refusalHint: 'toward-action',
  steps: [
    { action: 'saveSectionDraft', from: [EMPTY, DRAFT], to: DRAFT, roles: ['$owner'] },
    { action: 'submitSection', from: [DRAFT], to: SUBMITTED, roles: ['$owner'] },
    { action: 'signOffSection', from: [SUBMITTED], to: SIGNED_OFF, roles: ['$signer'] },
    { action: 'reopenSection', from: [SUBMITTED, SIGNED_OFF], to: DRAFT, roles: ['$signer'] },
  ],
};

export const investigationMachine = StepMachine.fromSteps(INVESTIGATION_MACHINE);
export const sectionMachine = StepMachine.fromSteps(SECTION_MACHINE);
