import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSEQUENCE_MACHINE } from '../../../src/accountability/consequence.machine';
import { INVESTIGATION_MACHINE, SECTION_MACHINE } from '../../../src/investigations/investigation.machine';
import { SchemaCompiler } from '../../../src/shared/json-schema/schema-compiler';
import type { TemplateKind } from '../../../src/shared/template-kinds';
import { checkTemplate, hasErrors } from '../../../src/templates/template-check';
import { loadTemplateDirectory, registerMetaSchemas, setOf, type LoadedTemplate } from '../../../src/templates/template-files';
import { workflowSteps } from '../../../src/templates/workflow-subjects';

const templatesDir = join(__dirname, '../../../templates');
let schemas: SchemaCompiler;
let shipped: LoadedTemplate[];

beforeAll(async () => {
  schemas = new SchemaCompiler();
  registerMetaSchemas(schemas);
  shipped = await loadTemplateDirectory(schemas, templatesDir);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test mutations reach into any template shape
type Json = any;
const file = (name: string): Json => JSON.parse(readFileSync(join(templatesDir, 'workflows', `${name}.json`), 'utf8'));
const copyOf = (kind: TemplateKind, key: string): Json => structuredClone(shipped.find((t) => t.kind === kind && t.key === key)!.content);

describe('the shipped workflows of stage 2 and consequences', () => {
  it('are exactly the engines\' built-in machines (one source: a tenant without them runs the same)', () => {
    expect(workflowSteps(file('stage-2'))).toEqual(INVESTIGATION_MACHINE);
    expect(workflowSteps(file('report-section'), 'toward-action')).toEqual(SECTION_MACHINE);
    expect(workflowSteps(file('consequence'))).toEqual(CONSEQUENCE_MACHINE);
  });

  it('pass every check, with a title in both languages for the workflow, each state, transition and edit', () => {
    for (const key of ['stage-2', 'report-section', 'consequence']) {
      const t = copyOf('workflow', key);
      expect(checkTemplate(schemas, 'workflow', t, setOf(shipped))).toEqual([]);
      for (const item of [t, ...t.states, ...t.transitions, ...(t.edits ?? [])]) expect(Object.keys(item.title).sort()).toEqual(['en', 'zh-CN']);
    }
  });
});

/** What an admin may not change: the engine's statuses, initial, actions, targets and role sets. */
const broken: Array<{ title: string; key: string; kind?: TemplateKind; change: (t: Json) => void; problems: Array<{ code: string; path: string }> }> = [
  {
    title: 'an invented status',
    key: 'stage-2',
    change: (t) => {
      t.states.push({ key: 'ON_HOLD', title: { 'zh-CN': '暂停', en: 'On hold' }, category: 'closed' });
      t.transitions[3].to = 'ON_HOLD';
    },
    problems: [
      { code: 'UNREACHABLE_STATE', path: '/states/3' },
      { code: 'UNKNOWN_STATUS', path: '/states/4/key' },
      { code: 'UNSUPPORTED_TARGET', path: '/transitions/3/to' },
    ],
  },
  { title: 'closeInvestigation entering CLOSED', key: 'stage-2', change: (t) => (t.transitions[3].to = 'CLOSED'), problems: [{ code: 'UNREACHABLE_STATE', path: '/states/3' }, { code: 'UNSUPPORTED_TARGET', path: '/transitions/3/to' }] },
  { title: '$approvers in stage 2', key: 'stage-2', change: (t) => t.transitions[0].roles.push('$approvers'), problems: [{ code: 'UNKNOWN_ROLE_SET', path: '/transitions/0/roles/1' }] },
  { title: 'a role the organization lacks', key: 'stage-2', change: (t) => (t.edits[0].roles = ['intern']), problems: [{ code: 'UNKNOWN_REFERENCE', path: '/edits/0/roles/0' }] },
  { title: 'another initial', key: 'stage-2', change: (t) => (t.initial = 'EFFECTIVENESS_CHECK'), problems: [{ code: 'FIXED_INITIAL', path: '/initial' }] },
  { title: 'a status left out', key: 'report-section', change: (t) => { t.states.splice(3, 1); t.transitions.splice(2, 2); }, problems: [{ code: 'DEAD_END', path: '/states/2' }, { code: 'MISSING_STATUS', path: '/states' }] },
  { title: 'an action the engine does not perform', key: 'report-section', change: (t) => (t.transitions[1].action = 'approveSection'), problems: [{ code: 'UNKNOWN_ACTION', path: '/transitions/1/action' }] },
  { title: 'a leader on a section', key: 'report-section', change: (t) => (t.transitions[2].leader = true), problems: [{ code: 'NOT_APPLICABLE', path: '/transitions/2/leader' }] },
  { title: 'a status change written as an edit', key: 'stage-2', change: (t) => t.edits.push({ action: 'closeInvestigation', title: { 'zh-CN': '取消', en: 'Cancel' }, states: ['CLOSED'], roles: ['quality-manager'] }), problems: [{ code: 'UNSUPPORTED_TARGET', path: '/edits/7/action' }] },
  { title: 'a stage-1 message on stage 2', key: 'stage-2', change: (t) => (t.transitions[0].message = 'thanks'), problems: [{ code: 'NOT_APPLICABLE', path: '/transitions/0/message' }] },
  { title: 'a system step taken by callers', key: 'consequence', change: (t) => { delete t.transitions[0].system; t.transitions[0].roles = ['hr-manager']; }, problems: [{ code: 'SYSTEM_MISMATCH', path: '/transitions/0/system' }] },
  { title: 'a system step left out', key: 'consequence', change: (t) => t.transitions.splice(5, 1),
    problems: [{ code: 'DEAD_END', path: '/states/2' }, { code: 'DEAD_END', path: '/states/4' }, { code: 'DEAD_END', path: '/states/5' }, { code: 'UNREACHABLE_STATE', path: '/states/6' }, { code: 'MISSING_ACTION', path: '/transitions' }] },
  { title: 'supersede from fewer states', key: 'consequence', change: (t) => t.transitions[5].from.pop(), problems: [{ code: 'DEAD_END', path: '/states/5' }, { code: 'FIXED_FROM', path: '/transitions/5/from' }] },
  { title: 'the approvers\' decision left out', key: 'consequence', change: (t) => delete t.edits, problems: [{ code: 'MISSING_ACTION', path: '/transitions' }] },
  { title: 'a complaint type naming the stage-2 workflow', key: 'service', kind: 'complaint-type', change: (t) => (t.workflow = 'stage-2'), problems: [{ code: 'UNKNOWN_REFERENCE', path: '/workflow' }] },
  { title: 'an investigation template naming a complaint workflow for its sections', key: '8d', kind: 'investigation', change: (t) => (t.sectionWorkflow = 'stage-1'), problems: [{ code: 'UNKNOWN_REFERENCE', path: '/sectionWorkflow' }] },
  { title: 'a leader on stage 1', key: 'stage-1', change: (t) => (t.transitions[0].leader = true), problems: [{ code: 'NOT_APPLICABLE', path: '/transitions/0/leader' }] },
  { title: 'a role set in stage 1', key: 'stage-1', change: (t) => (t.edits[1].roles = ['$workers']), problems: [{ code: 'UNKNOWN_REFERENCE', path: '/edits/1/roles/0' }] },
  { title: 'stage-2 as a complaint workflow', key: 'stage-2', change: (t) => delete t.subject, problems: expect.arrayContaining([{ code: 'WRONG_SUBJECT', path: '/subject' }]) as never },
];

describe('a workflow of stage 2 or consequences is refused where it breaks its engine\'s contract', () => {
  it.each(broken)('$title', ({ key, kind = 'workflow', change, problems }) => {
    const template = copyOf(kind, key);
    change(template);
    const others = shipped.filter((t) => !(t.kind === kind && t.key === key));
    const found = checkTemplate(schemas, kind, template, setOf([...others, { kind, key, content: template }]));
    expect(hasErrors(found)).toBe(true);
    expect(found.map(({ code, path }) => ({ code, path }))).toEqual(problems);
  });

  it.each([
    { title: 'other roles, no leader', change: (t: Json) => { t.transitions[0].roles = ['quality-manager']; delete t.transitions[0].leader; } },
    { title: 'an optional action left out', change: (t: Json) => t.edits.splice(2, 1) },
    { title: 'fewer from-states and another condition', change: (t: Json) => { t.transitions[3].from = ['EFFECTIVENESS_CHECK']; t.transitions[1].when = { type: 'object', required: ['passed'], properties: { passed: { const: false } } }; } },
  ])('accepts what an admin may change: $title', ({ change }) => {
    const template = copyOf('workflow', 'stage-2');
    change(template);
    expect(checkTemplate(schemas, 'workflow', template, setOf(shipped))).toEqual([]);
  });
});
