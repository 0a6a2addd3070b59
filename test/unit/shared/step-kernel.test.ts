import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { ConflictError, ErrorResult, NotFoundError, ValidationProblem } from '../../../src/shared/errors/error-results';
import { type Step, StepKernel, type StepCommit, type StepScope, type StepWriter, versionCheck } from '../../../src/shared/step-kernel/step-kernel';
import { StepMachine, type StepTransition } from '../../../src/shared/step-kernel/step-machine';
import { StateMachine } from '../../../src/shared/state-machine/state-machine';

interface Doc {
  id: string;
  status: string;
  version: number;
  text: string;
  amount: number;
}

class Refused {
  constructor(readonly result: unknown) {}
}

/** A writer that records what the kernel hands it: the commits, and whether the write was rolled back. */
function fakeWriter() {
  const log = { commits: [] as StepCommit<StepScope>[], rolledBack: 0, settled: 0 };
  const writer: StepWriter<StepScope> = {
    async write(tenantId, fn) {
      try {
        return await fn({ em: {} as EntityManager, tenantId });
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        log.rolledBack++;
        return error.result as never;
      }
    },
    refuse: (result) => new Refused(result),
    async commit(scope, change) {
      log.commits.push(change);
      await change.settle?.(scope);
    },
  };
  return { writer, log };
}

const machine = new StepMachine<StepTransition>(
  new StateMachine<StepTransition>({
    initial: 'DRAFT',
    states: [{ key: 'DRAFT' }, { key: 'REVIEW' }, { key: 'BIG' }, { key: 'DONE', terminal: true }],
    transitions: [
      { action: 'submit', from: ['DRAFT'], to: 'REVIEW', roles: ['author'] },
      { action: 'approve', from: ['REVIEW'], to: 'BIG', roles: ['reviewer'], when: 'big' },
      { action: 'approve', from: ['REVIEW'], to: 'DONE', roles: ['reviewer'] },
      { action: 'finish', from: ['BIG'], to: 'DONE', roles: ['reviewer'], reasonRequired: true },
      { action: 'tick', from: ['REVIEW'], to: 'DONE', system: true },
    ],
  }),
  [{ action: 'edit', states: ['DRAFT', 'REVIEW'], roles: ['author'] }],
);

type DocStep = Step<Doc, StepScope, { now: Date }, StepTransition, Pick<Doc, 'status' | 'text'>>;

function stepOn(doc: Doc | null, action: string, roles: string[], over: Partial<DocStep> = {}): DocStep {
  return {
    tenantId: 't',
    action,
    caller: { principal: { id: 'p', roles }, locale: 'en' },
    load: async () => doc ?? new NotFoundError('x'),
    stale: (d) => versionCheck(1, d.version),
    conflict: async () => new ConflictError(1, 2),
    env: async () => ({ now: new Date(0) }),
    machines: (d) => [{ machine, status: d.status }],
    snapshot: (d) => ({ status: d.status, text: d.text }),
    when: async (d) => (when) => when === 'big' && d.amount > 100,
    apply: async (d) => {
      d.text = `${d.text}!`;
    },
    setStatus: (d, to) => {
      d.status = to;
    },
    event: (d, moved, before) => [{ type: `doc.${action}`, subjectType: 'Doc', subjectId: d.id, actor: { id: 'p', name: 'P' }, data: { ...moved, before, after: { status: d.status } }, occurredAt: new Date(0) }],
    ...over,
  };
}

const doc = (status: string, over: Partial<Doc> = {}): Doc => ({ id: 'd', status, version: 1, text: 'a', amount: 0, ...over });

describe('StepKernel', () => {
  it('takes a step: applies it, sets the status and commits exactly one event with before and after', async () => {
    const { writer, log } = fakeWriter();
    const d = doc('DRAFT');
    const result = await new StepKernel(writer).run(stepOn(d, 'submit', ['author']));
    expect(result).toBe(d);
    expect(d).toMatchObject({ status: 'REVIEW', text: 'a!' });
    expect(log.commits).toHaveLength(1);
    expect(log.commits[0].events).toEqual([expect.objectContaining({ type: 'doc.submit', data: { taken: 'submit', chosen: expect.objectContaining({ to: 'REVIEW' }), from: 'DRAFT', to: 'REVIEW', before: { status: 'DRAFT', text: 'a' }, after: { status: 'REVIEW' } } })]);
  });

  it('runs an edit without changing the status', async () => {
    const { writer, log } = fakeWriter();
    const d = doc('REVIEW');
    await new StepKernel(writer).run(stepOn(d, 'edit', ['author']));
    expect(d.status).toBe('REVIEW');
    expect(log.commits[0].events[0].data).toMatchObject({ taken: null, from: 'REVIEW', to: 'REVIEW' });
  });

  it('picks the first transition whose guard passes, the unguarded one last', async () => {
    const big = doc('REVIEW', { amount: 500 });
    const small = doc('REVIEW');
    await new StepKernel(fakeWriter().writer).run(stepOn(big, 'approve', ['reviewer']));
    await new StepKernel(fakeWriter().writer).run(stepOn(small, 'approve', ['reviewer']));
    expect([big.status, small.status]).toEqual(['BIG', 'DONE']);
  });

  it.each<{ title: string; d: Doc | null; action: string; roles: string[]; over?: Partial<DocStep>; expected: object; rolledBack?: boolean }>([
    { title: 'a record the caller cannot see', d: null, action: 'submit', roles: ['author'], expected: { code: 'NOT_FOUND' } },
    { title: 'a stale version', d: doc('DRAFT', { version: 2 }), action: 'submit', roles: ['author'], expected: { code: 'CONFLICT', expectedVersion: 1, currentVersion: 2 } },
    { title: 'an action the machine has not from the status', d: doc('DONE'), action: 'submit', roles: ['author'], expected: { code: 'ILLEGAL_TRANSITION', action: 'submit', status: 'DONE', allowedActions: [] } },
    { title: 'an action from the wrong status, naming the transitions and edits there', d: doc('DRAFT'), action: 'approve', roles: ['reviewer'], expected: { code: 'ILLEGAL_TRANSITION', allowedActions: ['submit', 'edit'], allowedMutations: ['submit', 'edit'] } },
    { title: 'a caller without the roles', d: doc('DRAFT'), action: 'submit', roles: ['reviewer'], expected: { code: 'NOT_ALLOWED', allowedRoles: ['author'] } },
    { title: 'a caller without the roles for an edit', d: doc('DRAFT'), action: 'edit', roles: ['reviewer'], expected: { code: 'NOT_ALLOWED', allowedRoles: ['author'] } },
    { title: 'a system transition', d: doc('REVIEW'), action: 'tick', roles: ['admin'], expected: { code: 'NOT_ALLOWED', allowedRoles: [] } },
    { title: 'a guard', d: doc('DRAFT'), action: 'submit', roles: ['author'], over: { guard: async () => new NotFoundError('guarded') }, expected: { code: 'NOT_FOUND', id: 'guarded' } },
    { title: 'a transition that needs a reason', d: doc('BIG'), action: 'finish', roles: ['reviewer'], expected: { code: 'VALIDATION_FAILED', problems: [{ path: '/reason', code: 'REQUIRED' }] }, rolledBack: true },
    { title: 'problems with the input', d: doc('DRAFT'), action: 'submit', roles: ['author'], over: { apply: async () => [new ValidationProblem('/text', 'REQUIRED', 'say something')] }, expected: { code: 'VALIDATION_FAILED', problems: [{ path: '/text' }] }, rolledBack: true },
    { title: 'missing required data', d: doc('DRAFT'), action: 'submit', roles: ['author'], over: { missing: async () => [new ValidationProblem('/owner', 'MISSING_REQUIREMENT', 'REVIEW needs owner first')] }, expected: { code: 'VALIDATION_FAILED', problems: [{ path: '/owner', code: 'MISSING_REQUIREMENT' }] }, rolledBack: true },
  ])('refuses $title, committing nothing', async ({ d, action, roles, over, expected, rolledBack }) => {
    const { writer, log } = fakeWriter();
    const before = d && { ...d };
    const result = await new StepKernel(writer).run(stepOn(d, action, roles, over));
    expect(result).toBeInstanceOf(ErrorResult);
    expect(result).toMatchObject(expected);
    expect(log.commits).toEqual([]);
    expect(log.rolledBack).toBe(rolledBack ? 1 : 0);
    if (d && !rolledBack) expect(d).toEqual(before);
  });

  it('checks roles before the machine when the record says so', async () => {
    const result = await new StepKernel(fakeWriter().writer).run(stepOn(doc('DONE'), 'submit', ['reviewer'], { rolesFirst: true }));
    expect(result).toMatchObject({ code: 'NOT_ALLOWED', allowedRoles: ['author'] });
  });

  it("refuses with the record kind's own error for a step not possible from the status, when it has one", async () => {
    const result = await new StepKernel(fakeWriter().writer).run(stepOn(doc('DONE'), 'submit', ['author'], { machines: (d) => [{ machine, status: d.status, illegal: (action, status) => new NotFoundError(`${action}@${status}`) }] }));
    expect(result).toMatchObject({ code: 'NOT_FOUND', id: 'submit@DONE' });
  });

  it('lets authorize replace the role check, and decide pick the action taken after apply', async () => {
    const d = doc('REVIEW', { amount: 500 });
    const result = await new StepKernel(fakeWriter().writer).run(stepOn(d, 'edit', [], { authorize: async () => null, decide: () => 'approve' }));
    expect(result).toBe(d);
    expect(d.status).toBe('BIG');
  });

  it('returns the conflict when the write loses an optimistic-lock race', async () => {
    const { writer } = fakeWriter();
    const result = await new StepKernel(writer).run(stepOn(doc('DRAFT'), 'submit', ['author'], { settle: async () => { throw OptimisticLockError.lockFailed('Doc'); } }));
    expect(result).toMatchObject({ code: 'CONFLICT', expectedVersion: 1, currentVersion: 2 });
  });
});

describe('StepMachine', () => {
  const sections = StepMachine.fromSteps({
    initial: 'EMPTY',
    states: [{ key: 'EMPTY' }, { key: 'DRAFT' }, { key: 'SUBMITTED' }],
    refusalHint: 'toward-action',
    steps: [
      { action: 'save', from: ['EMPTY', 'DRAFT'], to: 'DRAFT' },
      { action: 'submit', from: ['DRAFT'], to: 'SUBMITTED' },
      { action: 'reopen', from: ['SUBMITTED'], to: 'DRAFT' },
      { action: 'comment', from: ['DRAFT', 'SUBMITTED'] },
    ],
  });

  it('turns a step without a target into an edit in each of its states', () => {
    expect(sections.plan('comment', 'SUBMITTED')).toEqual({ transitions: [expect.objectContaining({ from: ['SUBMITTED'], to: 'SUBMITTED' })] });
    expect(sections.plan('comment', 'EMPTY')).toBeNull();
    expect(sections.actionsIn('DRAFT')).toEqual(['save', 'submit', 'comment']);
  });

  it('names the way on toward the action refused, or every action from the status', () => {
    expect(sections.allowedInsteadOf('submit', 'EMPTY')).toEqual(['save']);
    expect(sections.allowedInsteadOf('save', 'SUBMITTED')).toEqual(['reopen']);
    expect(sections.allowedInsteadOf('reopen', 'EMPTY')).toEqual(['save']);
    expect(sections.allowedInsteadOf('reopen', 'DRAFT')).toEqual(['submit']);
  });
});
