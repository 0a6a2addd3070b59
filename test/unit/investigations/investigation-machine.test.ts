import { describe, expect, it } from 'vitest';
import { INVESTIGATION_MACHINE, investigationMachine, SECTION_MACHINE, sectionMachine } from '../../../src/investigations/investigation.machine';
import { checkMachine } from '../../../src/shared/state-machine/state-machine';
import { StepMachine } from '../../../src/shared/step-kernel/step-machine';

describe('stage 2 machines (data run by the step kernel)', () => {
  it('are well-formed machines', () => {
    for (const def of [INVESTIGATION_MACHINE, SECTION_MACHINE]) expect(checkMachine(StepMachine.fromSteps(def).machine.definition)).toEqual([]);
  });

  it.each([
    { status: 'OPEN', actions: ['linkComplaints', 'unlinkComplaint', 'setInvestigationTeam', 'saveSectionDraft', 'submitSection', 'signOffSection', 'reopenSection', 'scheduleEffectivenessCheck', 'closeInvestigation'] },
    { status: 'EFFECTIVENESS_CHECK', actions: ['linkComplaints', 'unlinkComplaint', 'setInvestigationTeam', 'recordEffectivenessResult', 'closeInvestigation'] },
    { status: 'CLOSED', actions: ['linkComplaints'] },
    { status: 'CANCELLED', actions: [] },
  ])('allow from $status the investigation-level mutations', ({ status, actions }) => {
    expect(investigationMachine.actionsIn(status)).toEqual(actions);
    expect(investigationMachine.allowedInsteadOf('reopenSection', status)).toEqual(actions);
  });

  it.each([
    { action: 'submitSection', status: 'EMPTY', allowed: ['saveSectionDraft'] },
    { action: 'signOffSection', status: 'DRAFT', allowed: ['submitSection'] },
    { action: 'signOffSection', status: 'SIGNED_OFF', allowed: ['reopenSection'] },
    { action: 'saveSectionDraft', status: 'SUBMITTED', allowed: ['reopenSection'] },
    { action: 'submitSection', status: 'SIGNED_OFF', allowed: ['reopenSection'] },
  ])('refuse $action on a $status section naming the way on', ({ action, status, allowed }) => {
    expect(sectionMachine.plan(action, status)).toBeNull();
    expect(sectionMachine.allowedInsteadOf(action, status)).toEqual(allowed);
  });

  it('close a passed effectiveness check and reopen a failed one', () => {
    const [passed, failed] = investigationMachine.machine.candidates('recordEffectivenessResult', 'EFFECTIVENESS_CHECK');
    expect([passed.to, failed.to, failed.when]).toEqual(['CLOSED', 'OPEN', undefined]);
  });
});
