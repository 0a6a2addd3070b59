import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { SYSTEM_ACTOR } from '../../../src/db/event-log';
import { templateContent } from '../../../src/templates/template-files';
import { TemplateVersion } from '../../../src/templates/template-version.entity';
import { TemplateSource } from '../../../src/templates/template-source';
import {
  CreateComplaintDocument,
  CreateTemplateDraftDocument,
  PublishTemplateDocument,
  type TemplateKind,
  UpdateTemplateDraftDocument,
  ValidateTemplateDocument,
} from '../../__generated__/graphql';
import { createInput } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template content is free-form JSON
type Json = any;

const FOREVER = { value: 10000, unit: 'working-days' };

/** A draft of the latest version, edited; returns the draft's version and content. */
async function editedDraft(kind: TemplateKind, key: string, edit: (content: Json) => void): Promise<{ version: number; content: Json }> {
  const { createTemplateDraft: draft } = await server.query(CreateTemplateDraftDocument, { input: { kind, key } });
  if (draft.__typename !== 'TemplateDraftInfo') throw new Error(draft.__typename);
  const content: Json = draft.content;
  edit(content);
  const { updateTemplateDraft: saved } = await server.query(UpdateTemplateDraftDocument, { input: { kind, key, version: draft.version, content } });
  if (saved.__typename !== 'TemplateDraftInfo') throw new Error(saved.__typename);
  return { version: saved.version, content };
}

async function createsComplaints() {
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
  expect(createComplaint).toMatchObject({ __typename: 'Complaint', typeKey: 'product-quality', templateVersion: 1 });
}

describe('business durations a template names must end within the calendar (10,000 working days is 40 years)', () => {
  it.each([
    { title: 'an SLA target', kind: 'COMPLAINT_TYPE' as TemplateKind, key: 'product-quality', edit: (c: Json) => (c.sla.response.major.respond = FOREVER), path: '/sla/response/major/respond' },
    { title: 'a stage-2 SLA target', kind: 'COMPLAINT_TYPE' as TemplateKind, key: 'delivery', edit: (c: Json) => (c.sla.investigation.critical.rootCause = FOREVER), path: '/sla/investigation/critical/rootCause' },
    { title: 'an approval step timeout', kind: 'APPROVAL_ROUTE' as TemplateKind, key: 'remedy', edit: (c: Json) => (c.steps[1].timeout = FOREVER), path: '/steps/1/timeout' },
    { title: 'an escalation delay', kind: 'ESCALATION_POLICY' as TemplateKind, key: 'standard', edit: (c: Json) => (c.stages.investigation[3].at.overdue = FOREVER), path: '/stages/investigation/3/at/overdue' },
    { title: 'a timed transition', kind: 'WORKFLOW' as TemplateKind, key: 'stage-1', edit: (c: Json) => (c.transitions[15].after = FOREVER), path: '/transitions/15/after' },
  ])('$title: validate and publish answer TARGET_UNREACHABLE at $path; nothing is published; complaints are still created', async ({ kind, key, edit, path }) => {
    const problem = { path, code: 'TARGET_UNREACHABLE', message: "10000 working-days do not end within 20 years of the organization's business calendar", severity: 'ERROR' };
    const draft = await editedDraft(kind, key, edit);
    const { validateTemplate } = await server.query(ValidateTemplateDocument, { input: { kind, content: draft.content } });
    expect(validateTemplate).toEqual({ valid: false, problems: [problem] });

    const versions = await server.stored().count(TemplateVersion);
    const events = await server.stored().count(DomainEvent, { type: 'template.published' });
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind, key, draftVersion: draft.version } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED', problems: [problem] });
    expect(await server.stored().count(TemplateVersion)).toBe(versions);
    expect(await server.stored().count(DomainEvent, { type: 'template.published' })).toBe(events);
    await createsComplaints();
  });

  it('publishes a long target that does end (2,000 working days, about 8 years)', async () => {
    const draft = await editedDraft('APPROVAL_ROUTE' as TemplateKind, 'consequence', (c) => (c.steps[0].timeout = { value: 2000, unit: 'working-days' }));
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'APPROVAL_ROUTE' as TemplateKind, key: 'consequence', draftVersion: draft.version } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateVersionInfo', version: 2 });
  });

  const shutdown = (o: Json) => o.calendar.holidays.push({ from: '2000-01-01', to: '2099-12-31', title: { 'zh-CN': '停工', en: 'Shutdown' } });

  it('an organization whose calendar would leave a published duration without an end is refused at /calendar, naming it', async () => {
    // Without the public-holiday source (every date is off anyway): else the calendar's HOLIDAY_DATA_MISSING warning for the next 12 months joins the problems.
    const draft = await editedDraft('ORGANIZATION' as TemplateKind, 'default', (o) => {
      shutdown(o);
      delete o.calendar.publicHolidays;
    });
    const versions = await server.stored().count(TemplateVersion);
    const { publishTemplate } = await server.query(PublishTemplateDocument, { input: { kind: 'ORGANIZATION' as TemplateKind, key: 'default', draftVersion: draft.version } });
    expect(publishTemplate).toMatchObject({ __typename: 'TemplateInvalidError', code: 'VALIDATION_FAILED' });
    const problems = (publishTemplate as Json).problems;
    expect(problems.every((p: Json) => p.path === '/calendar' && p.code === 'TARGET_UNREACHABLE' && p.severity === 'ERROR')).toBe(true);
    expect(problems.map((p: Json) => p.message)).toContain("complaint-type product-quality /sla/response/major/acknowledge: 4 working-hours do not end within 20 years of the organization's business calendar");
    expect(problems.map((p: Json) => p.message)).toContain("workflow stage-1 /transitions/15/after: 10 working-days do not end within 20 years of the organization's business calendar");
    expect(await server.stored().count(TemplateVersion)).toBe(versions);
    await createsComplaints();
  });

  // Runs last: it leaves the tenant without working time.
  it('createComplaint answers a typed TARGET_UNREACHABLE, not INTERNAL_SERVER_ERROR, when a calendar published unchecked leaves a target without an end', async () => {
    // As start-up publishes template files: past the checks (an install from before them).
    const org = await server.app.services.templates.latestTemplate<Json>(server.stored(), server.tenantId, 'organization', 'default');
    const content = structuredClone(org!.content);
    shutdown(content);
    await server.app.services.templates.publishFiles(server.tenantId, [{ kind: 'organization', key: 'default', file: 'test', ...templateContent(content) }], SYSTEM_ACTOR, TemplateSource.FILES);
    const complaints = await server.stored().count(Complaint);
    const events = await server.stored().count(DomainEvent);
    const answer = await server.request(CreateComplaintDocument, { input: createInput() });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.createComplaint).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      problems: [{ path: '/typeKey', code: 'TARGET_UNREACHABLE', message: 'an SLA target of complaint type product-quality does not end within 20 years of the business calendar; an admin must correct the template' }],
    });
    expect(await server.stored().count(Complaint)).toBe(complaints);
    expect(await server.stored().count(DomainEvent)).toBe(events);
  });
});
