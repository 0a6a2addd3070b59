import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/scheduler/clock';
import {
  AppealConsequenceDocument,
  ComplaintResponsibilityDocument,
  CreateTemplateDraftDocument,
  DecideAppealDocument,
  DecideResponsibilityDocument,
  PublishTemplateDocument,
  TemplateDocument,
  UpdateTemplateDraftDocument,
} from '../../__generated__/graphql';
import { accessToken, createUser } from '../../fixtures/auth';
import { startTestServer, type TestServer } from '../../fixtures/test-server';
import { seedComplaint } from '../stats/stats-seed';

/**
 * A company's consequence workflow, published through the template admin API: only the person concerned
 * appeals (not their department's head on their behalf), and the plant manager decides appeals (not the
 * accountability policy's appealRoles). The shipped default allows both of the former.
 */
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const clock = new ManualClock(at('2026-11-23T09:00:00'));

let server: TestServer;
const keys: Record<string, string> = {};
let li: { id: string; username: string };
let wang: { id: string; username: string };

beforeAll(async () => {
  server = await startTestServer({ SCHEDULER_INTERVAL_MS: '0' }, { clock });
  for (const role of ['quality-manager', 'hr-manager', 'plant-manager', 'general-manager', 'production-manager']) {
    keys[role] = (await server.app.services.apiKeys.create(server.tenantId, role, [role])).key;
  }
  const user = async (username: string, displayName: string, departments: string[]) => ({ id: await createUser(server, { username, displayName, roles: ['production-engineer'], departments, level: 'engineer' }), username });
  li = await user('li.wei', '李伟 Li Wei', ['production']);
  wang = await user('wang.fang', '王芳 Wang Fang', ['quality']);
}, 120_000);
afterAll(() => server?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

const latest = async () => (await server.query(TemplateDocument, { kind: 'WORKFLOW', key: 'consequence' })).template!;
let draftVersion: number | undefined;

async function publish(content: Json) {
  if (draftVersion === undefined) {
    const { createTemplateDraft } = await server.query(CreateTemplateDraftDocument, { input: { kind: 'WORKFLOW', key: 'consequence', content } });
    if (createTemplateDraft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(createTemplateDraft));
    draftVersion = createTemplateDraft.version;
  } else {
    const { updateTemplateDraft } = await server.query(UpdateTemplateDraftDocument, { input: { kind: 'WORKFLOW', key: 'consequence', version: draftVersion, content } });
    if (updateTemplateDraft.__typename !== 'TemplateDraftInfo') throw new Error(JSON.stringify(updateTemplateDraft));
    draftVersion = updateTemplateDraft.version;
  }
  return (await server.query(PublishTemplateDocument, { input: { kind: 'WORKFLOW', key: 'consequence', draftVersion: draftVersion!, confirmBreaking: true, reason: 'company workflow' } })).publishTemplate;
}

describe(`a consequence workflow of the company's own (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('is refused when it names a role set of another record ($workers), and the latest version stays', async () => {
    const before = await latest();
    const content: Json = structuredClone(before.content);
    content.transitions[2].roles.push('$workers');
    const result = await publish(content);
    expect(result).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED' });
    if (result.__typename !== 'TemplateInvalidError') return;
    expect(result.problems.map(({ path, code, severity }) => ({ path, code, severity }))).toEqual([{ path: '/transitions/2/roles/2', code: 'UNKNOWN_ROLE_SET', severity: 'ERROR' }]);
    expect(await latest()).toEqual(before);
  });

  it('lets only the person concerned appeal and the plant manager decide the appeal', async () => {
    const content: Json = structuredClone((await latest()).content);
    content.transitions.find((t: Json) => t.action === 'appealConsequence').roles = ['$concerned'];
    for (const t of content.transitions.filter((t: Json) => t.action === 'decideAppeal')) t.roles = ['plant-manager'];
    expect(await publish(content)).toMatchObject({ __typename: 'TemplateVersionInfo', version: 2 });

    const complaint = await seedComplaint(server, clock, { received: '2026-11-02T02:00:00Z', product: 'BRK-2041', customer: '华东汽车', quantity: 40, closeAfterHours: 3, category: 'machining' });
    const parties = [
      { department: 'production', people: [li.id], kind: 'DIRECT' as const, share: '60' },
      { department: 'quality', people: [wang.id], kind: 'MANAGERIAL' as const, share: '40' },
    ];
    const { decideResponsibility } = await server.query(DecideResponsibilityDocument, { input: { complaintId: complaint.id, evidence: 'worn locating pin', parties } }, keys['quality-manager']);
    expect(decideResponsibility.__typename).toBe('ResponsibilityDecision');
    const consequences = (await server.query(ComplaintResponsibilityDocument, { id: complaint.id }, keys['hr-manager'])).complaint.responsibility!.consequences!;
    // Li's points take effect at once (no approval route); so do the department's.
    const points = consequences.find((c) => c.rule === 'direct-points')!;
    const departmentPoints = consequences.find((c) => c.rule === 'department-score')!;
    expect([points.status, departmentPoints.status]).toEqual(['EFFECTIVE', 'EFFECTIVE']);

    const appeal = (id: string, key: string) => server.query(AppealConsequenceDocument, { input: { id, reason: '部门已整改 fixed' } }, key).then((r) => r.appealConsequence);
    expect(await appeal(departmentPoints.id, keys['production-manager'])).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', allowedRoles: [] });
    expect(await appeal(points.id, await accessToken(server, li.username))).toMatchObject({ __typename: 'Consequence', status: 'APPEALED' });

    const decideAppeal = (key: string) => server.query(DecideAppealDocument, { input: { id: points.id, uphold: true, reason: '证据充分 evidence holds' } }, key).then((r) => r.decideAppeal);
    expect(await decideAppeal(keys['general-manager'])).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', allowedRoles: ['plant-manager'] });
    expect(await decideAppeal(keys['hr-manager'])).toMatchObject({ __typename: 'NotAllowedError', code: 'NOT_ALLOWED', allowedRoles: ['plant-manager'] });
    expect(await decideAppeal(keys['plant-manager'])).toMatchObject({ __typename: 'Consequence', status: 'UPHELD' });
  });
});
