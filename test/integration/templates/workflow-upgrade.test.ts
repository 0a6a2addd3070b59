import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateContent } from '../../../src/templates/template-files';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import { AdoptTemplateUpdateDocument, CloseInvestigationDocument, OpenInvestigationDocument, ScheduleEffectivenessCheckDocument, TemplateUpdatesDocument } from '../../__generated__/graphql';
import { createCrew, investigationStep, type InvestigationView } from '../../fixtures/investigations';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

/**
 * A tenant seeded before the workflows of stage 2, report sections and consequences shipped has none of them:
 * its investigations run on the built-in default (the shipped files' machine), and the three are offered as
 * new templates of the set once the server ships them.
 */
const WORKFLOWS = ['consequence', 'report-section', 'stage-2'];
const shippedDir = join(__dirname, '../../../templates');

let server: TestServer;
let dir: string;
let crew: Awaited<ReturnType<typeof createCrew>>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cq-before-workflows-'));
  cpSync(shippedDir, dir, { recursive: true });
  for (const key of WORKFLOWS) rmSync(join(dir, 'workflows', `${key}.json`));
  server = await startTestServer({ TEMPLATES_DIR: dir });
  crew = await createCrew(server);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const hashOf = (key: string) => templateContent(JSON.parse(readFileSync(join(shippedDir, 'workflows', `${key}.json`), 'utf8'))).contentHash;

/** The 8D's role refusals on the investigation itself: the shipped stage 2 names its sections' signers (quality-manager). */
async function refusals(inv: InvestigationView) {
  const schedule = await server.query(ScheduleEffectivenessCheckDocument, { input: { id: inv.id, version: inv.version, scheduledFor: '2027-02-01', criteria: 'x' } }, crew.outsider.key);
  const close = await server.query(CloseInvestigationDocument, { input: { id: inv.id, version: inv.version, reason: 'x' } }, crew.engineer.key);
  return [schedule.scheduleEffectivenessCheck, close.closeInvestigation];
}

const expected = [
  { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', message: expect.any(String), action: 'scheduleEffectivenessCheck', allowedRoles: ['quality-manager'] },
  { __typename: 'NotAllowedError', code: 'NOT_ALLOWED', message: expect.any(String), action: 'closeInvestigation', allowedRoles: ['quality-manager'] },
];

describe('a tenant seeded before the stage-2 and consequence workflows shipped', () => {
  let inv: InvestigationView;

  it('has none of them, and runs its investigations on the built-in default', async () => {
    expect(await server.stored().count(TemplateVersion, { kind: 'workflow' })).toBe(1);
    inv = await investigationStep(server.query(OpenInvestigationDocument, { input: { title: '焊缝气孔 weld porosity', templateKey: '8d', severity: 'minor', department: 'quality' } }, crew.engineer.key));
    expect(await refusals(inv)).toEqual(expected);
  });

  it('is offered the three as new templates once they ship, and runs the same on them once adopted', async () => {
    cpSync(shippedDir, dir, { recursive: true });
    await server.restart();
    const { templateUpdates } = await server.query(TemplateUpdatesDocument);
    expect(templateUpdates.updates.map(({ kind, key, status, currentVersion, shippedContentHash }) => ({ kind, key, status, currentVersion, shippedContentHash }))).toEqual(
      WORKFLOWS.map((key) => ({ kind: 'WORKFLOW', key, status: 'NEW', currentVersion: null, shippedContentHash: hashOf(key) })),
    );
    for (const key of WORKFLOWS) {
      const { adoptTemplateUpdate } = await server.query(AdoptTemplateUpdateDocument, { input: { kind: 'WORKFLOW', key, currentVersion: null, shippedContentHash: hashOf(key) } });
      expect(adoptTemplateUpdate).toMatchObject({ __typename: 'TemplateVersionInfo', key, version: 1, source: 'SHIPPED' });
    }
    expect((await server.query(TemplateUpdatesDocument)).templateUpdates.updates).toEqual([]);
    expect(await refusals(inv)).toEqual(expected);
  });
});
