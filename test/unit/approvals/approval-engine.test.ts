import type { EntityManager } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import type { ApprovalRouteTemplate, ApprovalStep } from '../../../src/__generated__';
import { type ApprovalAdapter, alreadyDecided, decide, findSigned, plan, type RouteState, signDecision, type StepState, turnOf, waitOn } from '../../../src/approvals/approval-engine';
import type { Caller } from '../../../src/auth/principal';
import { BusinessCalendar } from '../../../src/calendar/business-calendar';
import { SchemaCompiler } from '../../../src/shared/json-schema/schema-compiler';
import type { SignatureSummary } from '../../../src/signatures/signature.service';

interface Decision {
  by: string;
  verdict: 'yes' | 'no';
  signature?: SignatureSummary;
}
type Step = StepState<Decision> & { roles: string[] };

const title = { 'zh-CN': '审批', en: 'Approval' };
const step = (key: string, mode: 'any' | 'all' = 'any', decisions: Decision[] = []): Step => ({ key, title, mode, timeout: { value: 2, unit: 'working-days' }, roles: [`${key}-approver`], decisions });
const adapter: ApprovalAdapter<Step, Decision> = { rolesOf: (s) => s.roles, approves: (d) => d.verdict === 'yes', overrideRole: 'admin' };
const route = (steps: Step[], current = 0, outcome: RouteState<Step>['outcome'] = 'pending') => ({ route: 'r', steps, current, outcome });
const caller = (id: string, ...roles: string[]): Caller => ({ tenant: { id: 't', slug: 't' }, principal: { id, name: id, roles, kind: 'user' } as Caller['principal'] });
const yes = (by: string): Decision => ({ by, verdict: 'yes' });
const no = (by: string): Decision => ({ by, verdict: 'no' });

describe('approval engine', () => {
  describe('plan', () => {
    const large = { type: 'object', properties: { amount: { type: 'number', minimum: 1000 } } };
    const routeTemplate = {
      key: 'r',
      title,
      steps: [
        { key: 'lead', title, approvers: { role: 'lead' }, mode: 'any', timeout: { value: 1, unit: 'working-days' } },
        { key: 'finance', title, when: large, approvers: { role: 'finance' }, mode: 'all', timeout: { value: 1, unit: 'working-days' } },
      ],
    } as unknown as ApprovalRouteTemplate;
    const schemas = new SchemaCompiler();
    const keys = (steps: ApprovalStep[]) => steps.map((s) => s.key);

    it.each([
      { title: 'a step with no condition always applies', amount: 10, expected: ['lead'] },
      { title: 'a step applies when its condition matches the facts', amount: 5000, expected: ['lead', 'finance'] },
    ])('$title', async ({ amount, expected }) => {
      expect(keys(await plan(routeTemplate, () => ({ amount }), schemas, (s) => s))).toEqual(expected);
    });

    it('asks for the facts once, with every step condition, and stores each step in the record form', async () => {
      const asked: unknown[][] = [];
      const steps = await plan(routeTemplate, async (conditions) => (asked.push(conditions), { amount: 1 }), schemas, (s) => ({ key: s.key, decisions: [] }));
      expect(asked).toEqual([[undefined, large]]);
      expect(steps).toEqual([{ key: 'lead', decisions: [] }]);
    });
  });

  describe('turnOf', () => {
    const state = route([step('a', 'any', [yes('user:1')]), step('b')]);
    it.each([
      { title: 'a holder of the step role is an approver', who: caller('user:2', 'a-approver'), approver: true, decided: false },
      { title: 'the override role decides any step', who: caller('user:3', 'admin'), approver: true, decided: false },
      { title: 'a holder of a later step role is not', who: caller('user:4', 'b-approver'), approver: false, decided: false },
      { title: 'who decided the step already is told so', who: caller('user:1', 'a-approver'), approver: true, decided: true },
    ])('$title', ({ who, approver, decided }) => {
      expect(turnOf(who, state, adapter)).toMatchObject({ step: { key: 'a' }, roles: ['a-approver'], approver, decided });
    });

    it.each([
      { title: 'no route', state: undefined },
      { title: 'an approved route', state: route([step('a')], 1, 'approved') },
      { title: 'a rejected route', state: route([step('a')], 0, 'rejected') },
    ])('is nobody s turn on $title', ({ state: s }) => {
      expect(turnOf(caller('user:1', 'admin', 'a-approver'), s, adapter)).toBeUndefined();
    });

    it('without an override role, only the step roles count', () => {
      expect(turnOf(caller('user:3', 'admin'), state, { ...adapter, overrideRole: undefined })?.approver).toBe(false);
    });
  });

  describe('decide', () => {
    it.each([
      { title: 'a rejection ends the route', state: route([step('a'), step('b')]), decision: no('u1'), needed: 1, outcome: 'rejected', current: 0, routeOutcome: 'rejected' },
      { title: 'an approval passes a mode-any step', state: route([step('a'), step('b')]), decision: yes('u1'), needed: 1, outcome: 'step-passed', current: 1, routeOutcome: 'pending' },
      { title: 'an approval short of a mode-all step is recorded', state: route([step('a', 'all'), step('b')]), decision: yes('u1'), needed: 2, outcome: 'recorded', current: 0, routeOutcome: 'pending' },
      { title: 'the last approval a mode-all step needs passes it', state: route([step('a', 'all', [yes('u1')]), step('b')]), decision: yes('u2'), needed: 2, outcome: 'step-passed', current: 1, routeOutcome: 'pending' },
      { title: 'passing the last step approves the route (counting past it)', state: route([step('a'), step('b')], 1), decision: yes('u1'), needed: 1, outcome: 'approved', current: 2, routeOutcome: 'approved' },
      { title: 'a rejection after approvals of a mode-all step ends the route', state: route([step('a', 'all', [yes('u1')])]), decision: no('u2'), needed: 2, outcome: 'rejected', current: 0, routeOutcome: 'rejected' },
    ])('$title', ({ state, decision, needed, outcome, current, routeOutcome }) => {
      const before = structuredClone(state);
      const decided = decide(state, decision, needed, adapter);
      expect(decided.outcome).toBe(outcome);
      expect(decided.state).toMatchObject({ route: 'r', current, outcome: routeOutcome });
      expect(decided.state.steps[state.current].decisions.at(-1)).toBe(decision);
      expect(state).toEqual(before);
    });

    it('keeps the record own keys, in their order, and the other steps as they were', () => {
      const state = { route: 'r', routeVersion: 3, steps: [step('a'), step('b')], current: 0, outcome: 'pending' as const, remedy: { amount: 1 }, at: 'then' };
      const { state: after } = decide(state, yes('u1'), 1, adapter);
      expect(Object.keys(after)).toEqual(Object.keys(state));
      expect(Object.keys(after.steps[0])).toEqual(Object.keys(state.steps[0]));
      expect(after.steps[1]).toBe(state.steps[1]);
    });
  });

  describe('waitOn', () => {
    const calendar = new BusinessCalendar({ timeZone: 'UTC', workingHours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }], holidays: [], makeUpWorkingDays: [] } as never);
    const armed: unknown[] = [];
    const em = { create: (_type: unknown, data: unknown) => data, persist: (entity: unknown) => armed.push(entity) } as unknown as EntityManager;
    const timer = { tenantId: 't', kind: 'k', subjectType: 'Thing', subjectId: 'id', armedIn: 'WAITING' };

    it('stamps the pending step with since and its business-time due date, and arms the timer that reports it', () => {
      armed.length = 0;
      const now = new Date('2026-03-13T10:00:00Z'); // a Friday: two working days later is Tuesday
      const after = waitOn(em, timer, route([step('a'), step('b')], 1), now, calendar, (at) => at.toISOString());
      expect(after.steps[1]).toMatchObject({ since: '2026-03-13T10:00:00.000Z', dueAt: '2026-03-17T10:00:00.000Z' });
      expect(after.steps[0]).not.toHaveProperty('since');
      expect(armed).toEqual([{ ...timer, action: 'approvalOverdue', dueAt: new Date('2026-03-17T10:00:00Z'), payload: { step: 1, key: 'b' } }]);
    });

    it('leaves a route that no longer waits as it is, arming nothing', () => {
      armed.length = 0;
      const state = route([step('a')], 1, 'approved');
      expect(waitOn(em, timer, state, new Date(), calendar, (at) => at)).toBe(state);
      expect(armed).toEqual([]);
    });
  });

  describe('signatures', () => {
    const signature = { id: 'sig-2' } as SignatureSummary;
    it('finds a signed decision in an earlier route as well as the current one', () => {
      const earlier = route([step('a', 'any', [{ ...yes('u1'), signature: { id: 'sig-1' } as SignatureSummary }])], 1, 'approved');
      const current = route([step('a'), step('b', 'any', [{ ...no('u2'), signature }])], 1);
      expect(findSigned([earlier, current], 'sig-2')).toEqual({ route: current, step: current.steps[1], decision: current.steps[1].decisions[0] });
      expect(findSigned([earlier, current], 'sig-1')?.route).toBe(earlier);
      expect(findSigned([earlier, current], 'sig-3')).toBeUndefined();
    });

    it('signs the decision when there is a signer, adding the signature last; without one the decision is as it was', () => {
      const signed: unknown[] = [];
      const signatures = { sign: (...args: unknown[]) => (signed.push(args), signature) };
      const target = { recordType: 'ApprovalDecision' as const, recordId: 'c1', content: { what: 'x' } };
      const decision = yes('u1');
      const at = new Date('2026-01-01T00:00:00Z');
      expect(signDecision(signatures, {} as EntityManager, 't', null, target, decision, at)).toBe(decision);
      expect(signed).toEqual([]);
      const signer = { principalId: 'u1', name: 'U', meaning: 'approved' } as never;
      const result = signDecision(signatures, {} as EntityManager, 't', signer, target, decision, at);
      expect(Object.keys(result)).toEqual(['by', 'verdict', 'signature']);
      expect(result.signature).toBe(signature);
      expect(signed).toEqual([[{}, 't', signer, target, at]]);
    });
  });

  it('refuses a second decision of the same step with ALREADY_DECIDED at the given path', () => {
    expect(alreadyDecided('/decision')).toMatchObject({ path: '/decision', code: 'ALREADY_DECIDED', message: 'you have already decided this step' });
  });
});
