import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SchemaCompiler } from '../../../src/shared/json-schema/schema-compiler';
import { checkTemplate, hasErrors } from '../../../src/templates/template-check';
import { loadTemplateDirectory, registerMetaSchemas, setOf, TemplateError, type LoadedTemplate } from '../../../src/templates/template-files';
import type { TemplateKind } from '../../../src/shared/template-kinds';
import { StateMachine } from '../../../src/shared/state-machine/state-machine';

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
const copyOf = (kind: TemplateKind, key: string): Json => structuredClone(shipped.find((t) => t.kind === kind && t.key === key)!.content);

describe('shipped templates', () => {
  it('load, pass their meta-schemas, the save gate and the reference checks', () => {
    const byKind = (kind: TemplateKind) => shipped.filter((t) => t.kind === kind).map((t) => t.key);
    expect(byKind('organization')).toEqual(['default']);
    expect(byKind('complaint-type')).toEqual(['delivery', 'product-quality', 'service']);
    expect(byKind('investigation')).toEqual(expect.arrayContaining(['8d']));
    expect(byKind('approval-route')).toEqual(['consequence', 'remedy']);
    expect(byKind('escalation-policy')).toEqual(['standard']);
    expect(byKind('workflow')).toEqual(['consequence', 'report-section', 'stage-1', 'stage-2']);
    for (const t of shipped) {
      expect(t.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(t.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    }
  });

  it('ship the 8D sections D0 to D8 with occurrence and escape root causes in D4', () => {
    const d8 = copyOf('investigation', '8d');
    expect(d8.sections.map((s: Json) => s.key)).toEqual(['D0', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8']);
    const d4 = d8.sections.find((s: Json) => s.key === 'D4').schema;
    expect(Object.keys(d4.properties)).toEqual(expect.arrayContaining(['occurrence', 'escape']));
  });
});

/** One defect each, as an admin could make it; the exact code and pointer must come back. */
const broken: Array<{ title: string; kind: TemplateKind; key: string; change: (t: Json) => void; code: string; path: string }> = [
  { title: 'missing required part (meta-schema)', kind: 'complaint-type', key: 'product-quality', change: (t) => delete t.routing, code: 'REQUIRED', path: '/routing' },
  { title: 'missing English title', kind: 'complaint-type', key: 'product-quality', change: (t) => delete t.title.en, code: 'REQUIRED', path: '/title/en' },
  { title: 'unknown property (meta-schema)', kind: 'approval-route', key: 'remedy', change: (t) => (t.colour = 'red'), code: 'ADDITIONAL_PROPERTIES', path: '/colour' },
  { title: 'unknown department in a routing rule', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.routing.rules[0].department = 'marketing'), code: 'UNKNOWN_REFERENCE', path: '/routing/rules/0/department' },
  { title: 'unknown approval route', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.approvalRoute = 'fast-track'), code: 'UNKNOWN_REFERENCE', path: '/approvalRoute' },
  { title: 'unknown escalation policy', kind: 'complaint-type', key: 'delivery', change: (t) => (t.escalationPolicy = 'lenient'), code: 'UNKNOWN_REFERENCE', path: '/escalationPolicy' },
  { title: 'unknown investigation template', kind: 'complaint-type', key: 'service', change: (t) => (t.investigation.template = 'a3'), code: 'UNKNOWN_REFERENCE', path: '/investigation/template' },
  { title: 'unknown severity in a rule', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.severityRules[0].severity = 'catastrophic'), code: 'UNKNOWN_REFERENCE', path: '/severityRules/0/severity' },
  { title: 'a severity without SLA targets', kind: 'complaint-type', key: 'product-quality', change: (t) => delete t.sla.response.critical, code: 'MISSING_SLA', path: '/sla/response' },
  { title: 'duplicate category key', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.categories[1].key = t.categories[0].key), code: 'DUPLICATE_KEY', path: '/categories/1/key' },
  { title: 'remote $ref in the intake form', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.intakeSchema.properties.orderNumber = { $ref: 'https://example.com/order.json' }), code: 'REMOTE_REF', path: '/intakeSchema/properties/orderNumber/$ref' },
  { title: 'file $ref in the intake form', kind: 'complaint-type', key: 'delivery', change: (t) => (t.intakeSchema.properties.orderNumber = { $ref: 'file:///etc/passwd' }), code: 'REMOTE_REF', path: '/intakeSchema/properties/orderNumber/$ref' },
  { title: '$data in the intake form', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.intakeSchema.properties.quantityAffected.maximum = { $data: '1/claimedAmount' }), code: 'DATA_REF', path: '/intakeSchema/properties/quantityAffected/maximum/$data' },
  { title: 'catastrophic regular expression', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.intakeSchema.properties.orderNumber.pattern = '^(a+)+$'), code: 'UNSAFE_REGEX', path: '/intakeSchema/properties/orderNumber/pattern' },
  { title: 'invalid regular expression', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.intakeSchema.properties.orderNumber.pattern = '(['), code: 'INVALID_REGEX', path: '/intakeSchema/properties/orderNumber/pattern' },
  { title: 'unknown keyword in the intake form (strict mode)', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.intakeSchema.properties.orderNumber.maxLenght = 3), code: 'SCHEMA_INVALID', path: '/intakeSchema' },
  { title: 'a label without its Chinese text', kind: 'complaint-type', key: 'product-quality', change: (t) => delete t.intakeSchema.properties.description['x-title']['zh-CN'], code: 'MISSING_TRANSLATION', path: '/intakeSchema/properties/description/x-title' },
  { title: 'an enum without titles', kind: 'complaint-type', key: 'product-quality', change: (t) => delete t.intakeSchema.properties.channel['x-enum-titles'], code: 'MISSING_TRANSLATION', path: '/intakeSchema/properties/channel/enum' },
  { title: 'a condition that is not a valid schema', kind: 'complaint-type', key: 'product-quality', change: (t) => (t.routing.rules[0].when = { type: 'object', required: 'categoryPath' }), code: 'SCHEMA_INVALID', path: '/routing/rules/0/when' },
  { title: 'an over-deep schema', kind: 'complaint-type', key: 'product-quality', change: (t) => { let s: Json = { type: 'string' }; for (let i = 0; i < 20; i++) s = { type: 'object', properties: { a: s } }; t.intakeSchema.properties.nested = s; }, code: 'SCHEMA_TOO_DEEP', path: `/intakeSchema/properties/nested${'/properties/a'.repeat(15)}/properties` },
  { title: 'a prerequisite on an unknown section', kind: 'investigation', key: '8d', change: (t) => t.sections[5].prerequisites.push('D9'), code: 'UNKNOWN_REFERENCE', path: '/sections/5/prerequisites/2' },
  { title: 'sections that depend on each other in a circle', kind: 'investigation', key: '8d', change: (t) => t.sections[0].prerequisites.push('D8'), code: 'PREREQUISITE_CYCLE', path: '/sections' },
  { title: 'a sign-off role the organization lacks', kind: 'investigation', key: '8d', change: (t) => (t.sections[4].signOffRole = 'oracle'), code: 'UNKNOWN_REFERENCE', path: '/sections/4/signOffRole' },
  { title: 'an approver level the organization lacks', kind: 'approval-route', key: 'remedy', change: (t) => (t.steps[1].approvers = { level: 'emperor' }), code: 'UNKNOWN_REFERENCE', path: '/steps/1/approvers/level' },
  { title: 'a department head role the organization lacks', kind: 'organization', key: 'default', change: (t) => (t.departments[2].headRole = 'nobody'), code: 'UNKNOWN_REFERENCE', path: '/departments/2/headRole' },
  { title: 'two departments with one key', kind: 'organization', key: 'default', change: (t) => (t.departments[3].key = t.departments[2].key), code: 'DUPLICATE_KEY', path: '/departments/3/key' },
  { title: 'accountability: a view role the organization lacks', kind: 'organization', key: 'default', change: (t) => t.accountability.viewRoles.push('hr-intern'), code: 'UNKNOWN_REFERENCE', path: '/accountability/viewRoles/3' },
  { title: 'accountability: a rule with an unknown consequence kind', kind: 'organization', key: 'default', change: (t) => (t.accountability.rules[0].consequences[0].kind = 'fine'), code: 'UNKNOWN_REFERENCE', path: '/accountability/rules/0/consequences/0/kind' },
  { title: 'accountability: points without an amount', kind: 'organization', key: 'default', change: (t) => delete t.accountability.rules[0].consequences[0].amount, code: 'REQUIRED', path: '/accountability/rules/0/consequences/0/amount' },
  { title: 'accountability: a warning with an amount', kind: 'organization', key: 'default', change: (t) => (t.accountability.rules[3].consequences[0].amount = '1'), code: 'NOT_APPLICABLE', path: '/accountability/rules/3/consequences/0/amount' },
  { title: 'accountability: an approval route that does not exist', kind: 'organization', key: 'default', change: (t) => (t.accountability.consequenceKinds[1].approvalRoute = 'no-such-route'), code: 'UNKNOWN_REFERENCE', path: '/accountability/consequenceKinds/1/approvalRoute' },
  { title: 'accountability: a condition that is not a valid schema', kind: 'organization', key: 'default', change: (t) => (t.accountability.rules[0].when = { type: 'object', required: 'kind' }), code: 'SCHEMA_INVALID', path: '/accountability/rules/0/when' },
  { title: 'accountability: an amount that is no decimal', kind: 'organization', key: 'default', change: (t) => (t.accountability.rules[0].consequences[0].amount = '1e3'), code: 'PATTERN', path: '/accountability/rules/0/consequences/0/amount' },
  { title: 'unknown workflow', kind: 'complaint-type', key: 'service', change: (t) => (t.workflow = 'kanban'), code: 'UNKNOWN_REFERENCE', path: '/workflow' },
  { title: 'workflow: unknown initial state', kind: 'workflow', key: 'stage-1', change: (t) => (t.initial = 'NEW'), code: 'UNKNOWN_STATE', path: '/initial' },
  { title: 'workflow: transition to an unknown state', kind: 'workflow', key: 'stage-1', change: (t) => (t.transitions[1].to = 'DONE'), code: 'UNKNOWN_STATE', path: '/transitions/1/to' },
  { title: 'workflow: unreachable state', kind: 'workflow', key: 'stage-1', change: (t) => t.states.push({ key: 'LIMBO', title: { 'zh-CN': '未定', en: 'Limbo' }, category: 'closed' }), code: 'UNREACHABLE_STATE', path: '/states/12' },
  { title: 'workflow: a dead end', kind: 'workflow', key: 'stage-1', change: (t) => (t.transitions = t.transitions.filter((x: Json) => x.action !== 'notifyCustomer')), code: 'DEAD_END', path: '/states/7' },
  { title: 'workflow: two fallbacks for one action', kind: 'workflow', key: 'stage-1', change: (t) => delete t.transitions[5].when, code: 'AMBIGUOUS_TRANSITION', path: '/transitions/6' },
  { title: 'workflow: a role the organization lacks', kind: 'workflow', key: 'stage-1', change: (t) => t.transitions[0].roles.push('intern'), code: 'UNKNOWN_REFERENCE', path: '/transitions/0/roles/3' },
  { title: 'workflow: a transition nobody may take', kind: 'workflow', key: 'stage-1', change: (t) => delete t.transitions[0].roles, code: 'NO_ROLES', path: '/transitions/0' },
  { title: 'workflow: an edit in an unknown state', kind: 'workflow', key: 'stage-1', change: (t) => t.edits[0].states.push('LIMBO'), code: 'UNKNOWN_STATE', path: '/edits/0/states/4' },
  { title: 'workflow: a timer on a manual transition', kind: 'workflow', key: 'stage-1', change: (t) => (t.transitions[0].after = { value: 1, unit: 'working-days' }), code: 'TIMER_NOT_SYSTEM', path: '/transitions/0/after' },
];

describe('checkTemplate refuses a broken template', () => {
  it.each(broken)('$title: $code at $path', ({ kind, key, change, code, path }) => {
    const template = copyOf(kind, key);
    change(template);
    const others = shipped.filter((t) => !(t.kind === kind && t.key === key));
    const problems = checkTemplate(schemas, kind, template, setOf([...others, { kind, key, content: template }]));
    expect(hasErrors(problems)).toBe(true);
    expect(problems, JSON.stringify(problems, null, 1)).toContainEqual(expect.objectContaining({ code, path, severity: 'error' }));
  });

  it('warns about a pattern without maxLength, without refusing', () => {
    const template = copyOf('complaint-type', 'service');
    template.intakeSchema.properties.ticket = { type: 'string', pattern: '^T-[0-9]+$', 'x-title': { 'zh-CN': '工单号', en: 'Ticket' } };
    const problems = checkTemplate(schemas, 'complaint-type', template, setOf(shipped));
    expect(hasErrors(problems)).toBe(false);
    expect(problems).toContainEqual({ path: '/intakeSchema/properties/ticket', code: 'UNBOUNDED_STRING', message: expect.any(String), severity: 'warning' });
  });
});

describe('loadTemplateDirectory', () => {
  function copyOfShipped(edit: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'cq-templates-'));
    cpSync(templatesDir, dir, { recursive: true });
    edit(dir);
    return dir;
  }
  const file = (dir: string, name: string) => join(dir, 'complaint-types', name);

  it.each<{ title: string; edit: (dir: string) => void; message: RegExp }>([
    { title: 'a file that is not JSON', edit: (d) => writeFileSync(file(d, 'a.json'), '{ nope'), message: /a\.json: not valid JSON/ },
    {
      title: 'a template failing its meta-schema',
      edit: (d) => writeFileSync(file(d, 'a.json'), JSON.stringify({ ...JSON.parse(readFileSync(file(d, 'service.json'), 'utf8')), key: 'svc2', title: { en: 'x' } })),
      message: /a\.json: \/title\/zh-CN REQUIRED/,
    },
    { title: 'two templates with one key', edit: (d) => writeFileSync(file(d, 'zz.json'), readFileSync(file(d, 'service.json'))), message: /zz\.json: duplicate complaint-type key service/ },
    { title: 'a template in the wrong folder', edit: (d) => { mkdirSync(join(d, 'x'), { recursive: true }); writeFileSync(file(d, 'route.json'), readFileSync(join(d, 'approval-routes/remedy.json'))); }, message: /route\.json: \/kind must be "complaint-type"/ },
  ])('refuses $title, naming the file', async ({ edit, message }) => {
    const dir = copyOfShipped(edit);
    await expect(loadTemplateDirectory(schemas, dir)).rejects.toThrow(TemplateError);
    await expect(loadTemplateDirectory(schemas, dir)).rejects.toThrow(message);
  });
});

describe('the shipped stage-1 workflow', () => {
  it('skips steps by template conditions: approval for small remedies, feedback for internal complaints', () => {
    const wf = copyOf('workflow', 'stage-1');
    const machine = new StateMachine({ initial: wf.initial, states: wf.states.map((s: Json) => ({ key: s.key, terminal: s.category === 'closed' })), transitions: wf.transitions });
    const target = (action: string, from: string, facts: Json) => machine.resolve(action, from, (when) => schemas.compileSchema(when as object)(facts) as boolean)?.to;
    expect(target('submitRemedy', 'REMEDY_PROPOSED', { remedy: { type: 'compensation', amount: 500, currency: 'CNY' } })).toBe('AWAITING_APPROVAL');
    expect(target('submitRemedy', 'REMEDY_PROPOSED', { remedy: { type: 'exchange', amount: 5000, currency: 'CNY' } })).toBe('AWAITING_APPROVAL');
    expect(target('submitRemedy', 'REMEDY_PROPOSED', { remedy: { type: 'repair', amount: 0, currency: 'CNY' } })).toBe('REMEDY_APPROVED');
    expect(target('requestFeedback', 'CUSTOMER_NOTIFIED', { channel: 'email' })).toBe('AWAITING_FEEDBACK');
    expect(target('requestFeedback', 'CUSTOMER_NOTIFIED', { channel: 'internal' })).toBe('CLOSED');
    expect(target('accept', 'RECEIVED', {})).toBeUndefined();
    expect(machine.actionsFrom('CLOSED')).toEqual(['reopen']);
  });
});
