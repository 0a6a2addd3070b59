import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptComplaintDocument,
  CloseInvestigationDocument,
  CreateComplaintDocument,
  ComplaintInvestigationsDocument,
  DecideInvestigationDocument,
  ProposedHandlingDocument,
  InvestigationDocument,
  InvestigationReportDocument,
  RecordEffectivenessResultDocument,
  ScheduleEffectivenessCheckDocument,
  StartReviewDocument,
} from '../../__generated__/graphql';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { localUuid } from '../../../src/shared/graphql/global-id';
import { createInput } from '../../fixtures/complaints';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../fixtures/test-server';
import { withoutSignatures } from '../../fixtures/signatures';
import { completeEightD, eightD, investigationStep } from '../../fixtures/investigations';
import { pageTexts, squeeze } from '../../unit/reports/pdf-reader';
import { renderPdfPages } from '../../unit/reports/render-png';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let server: TestServer;
let investigation: { id: string; number: string; version: number; reportPdfPath: string };
let complaintNumber: string;
/** The complaint that came back after the closed 8D (set by the recurrence test). */
let recurring: { id: string; version: number };
/** The investigation the rule opened for the recurrence. */
let reopenedByRule: { id: string };

/** A product-quality complaint accepted as major: the rules open an 8D, which is then filled in and signed off. */
beforeAll(async () => {
  server = await startTestServer();
  // Keys act here; signing is tested in test/integration/signatures.
  await withoutSignatures(server);
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
  if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
  complaintNumber = createComplaint.number;
  const reviewed = await server.query(StartReviewDocument, { input: { id: createComplaint.id, version: createComplaint.version } });
  if (reviewed.startReview.__typename !== 'Complaint') throw new Error(reviewed.startReview.__typename);
  const accepted = await server.query(AcceptComplaintDocument, { input: { id: createComplaint.id, version: reviewed.startReview.version, category: 'material', severity: 'major', severityReason: 'line stop at the customer' } });
  if (accepted.acceptComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(accepted.acceptComplaint));
  const [opened] = (await server.query(ComplaintInvestigationsDocument, { id: createComplaint.id })).complaint.investigations;
  await completeEightD(server, opened.id, { key: ADMIN_KEY, id: 'admin' });
  investigation = (await server.query(InvestigationReportDocument, { id: opened.id })).investigation;
});
afterAll(() => server?.stop());

const download = (path: string, key: string | null = ADMIN_KEY) => fetch(new URL(path, server.url), { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('the 8D report of an investigation as a file', () => {
  it('downloads a bilingual PDF with every section, its data in Chinese and English, and the sign-offs', async () => {
    expect(investigation.reportPdfPath).toBe(`/reports/investigations/${encodeURIComponent(investigation.id)}.pdf`);
    const response = await download(investigation.reportPdfPath);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${investigation.number}.pdf"`);
    const pdf = Buffer.from(await response.arrayBuffer());
    const pages = await pageTexts(pdf);
    const text = squeeze(pages.join('\n'));
    // The first page and the root-cause page as images (REPORT_PNG_DIR to keep them and look): glyphs drawn, not boxes of nothing.
    const d4 = pages.findIndex((p) => squeeze(p).includes(squeeze('D4 根本原因分析'))) + 1;
    const rendered = await renderPdfPages(pdf, [1, d4], process.env.REPORT_PNG_DIR ?? join(tmpdir(), 'exported-8d'), investigation.number);
    for (const page of rendered) expect(page.ink).toBeGreaterThan(0.01);
    for (const title of ['D0紧急响应', 'D4根本原因分析', 'D8关闭与团队认可', 'Rootcause', 'Emergencyresponse', 'Closureandrecognition']) expect(text).toContain(squeeze(title));
    expect(text).toContain(investigation.number);
    expect(text).toContain(complaintNumber);
    expect(text).toContain(squeeze('D4 同意 approved'));
    expect(text).toContain(squeeze(String(eightD.D2().problemStatement).slice(0, 12)));
  });

  it('downloads one language on request, the JSON export, and the same JSON over GraphQL', async () => {
    const english = squeeze((await pageTexts(Buffer.from(await (await download(`${investigation.reportPdfPath}?lang=en`)).arrayBuffer()))).join('\n'));
    expect(english).toContain('Rootcause');
    expect(english).not.toContain('根本原因');
    const json = (await (await download(investigation.reportPdfPath.replace(/\.pdf$/, '.json'))).json()) as { number: string; sections: Array<{ key: string; status: { key: string } | string; signOffs: unknown[] }> };
    expect(json.number).toBe(investigation.number);
    expect(json.sections.map((s) => s.key)).toEqual(['D0', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8']);
    expect(json.sections.every((s) => s.signOffs.length === 1)).toBe(true);
    const viaGraphql = (await server.query(InvestigationReportDocument, { id: investigation.id })).investigation.report as { number: string; sections: unknown[] };
    expect(viaGraphql).toMatchObject({ number: investigation.number });
    expect(viaGraphql.sections).toHaveLength(9);
  });

  it("prints each sign-off's meaning by its template title in the report's language, and gives the title in JSON", async () => {
    const pdfText = async (lang: string) => squeeze((await pageTexts(Buffer.from(await (await download(`${investigation.reportPdfPath}?lang=${lang}`)).arrayBuffer()))).join('\n'));
    // The meaning cell of each sign-off row: signer, role, meaning, time, comment (the comment itself says "approved" in both languages).
    const meanings = (text: string, role: string) => [...text.matchAll(new RegExp(`admin\\(ADMIN_API_KEY\\)${squeeze(role)}(.*?)\\d{4}-\\d{2}-\\d{2}\\d{2}:\\d{2}D\\d同意approved`, 'g'))].map((m) => m[1]);
    expect(meanings(await pdfText('zh-CN'), '系统管理员')).toEqual(Array(9).fill('批准'));
    expect(meanings(await pdfText('en'), 'Administrator')).toEqual(Array(9).fill('Approved'));
    const json = (await (await download(investigation.reportPdfPath.replace(/\.pdf$/, '.json'))).json()) as { sections: Array<{ key: string; signOffs: Array<{ meaning: string; meaningTitle: unknown }> }> };
    expect(json.sections.find((s) => s.key === 'D4')?.signOffs).toMatchObject([{ meaning: 'approved', meaningTitle: { 'zh-CN': '批准', en: 'Approved' } }]);
  });

  it('refuses without a key (401), another tenant (404) and an unknown language (400)', async () => {
    expect((await download(investigation.reportPdfPath, null)).status).toBe(401);
    const other = await server.createTenant('other-plant', { withTemplates: false });
    const foreign = await download(investigation.reportPdfPath, other.key);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ errors: [{ message: `No investigation with id ${investigation.id}`, extensions: { code: 'NOT_FOUND' } }] });
    const badLang = await download(`${investigation.reportPdfPath}?lang=fr`);
    expect(badLang.status).toBe(400);
  });
});

describe('recurrence after a closed investigation', () => {
  it('opens a new investigation by the rule when the same part and category come back after the 8D closed', async () => {
    const scheduled = await investigationStep(server.query(ScheduleEffectivenessCheckDocument, { input: { id: investigation.id, version: investigation.version, scheduledFor: '2027-02-01', criteria: '三个月交付零缺陷 zero defects in 3 months of deliveries' } }));
    const closed = await investigationStep(server.query(RecordEffectivenessResultDocument, { input: { id: investigation.id, version: scheduled.version, passed: true, evidence: '0 ppm Dec-Feb', reason: '提前判定 judged before the scheduled date' } }));
    expect(closed).toMatchObject({ __typename: 'Investigation', status: 'CLOSED' });

    // The same bracket, the same category, minor this time: optional by severity, required as a recurrence.
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput() });
    if (createComplaint.__typename !== 'Complaint') throw new Error(createComplaint.__typename);
    const reviewed = (await server.query(StartReviewDocument, { input: { id: createComplaint.id, version: createComplaint.version } })).startReview;
    if (reviewed.__typename !== 'Complaint') throw new Error(reviewed.__typename);
    const accepted = (await server.query(AcceptComplaintDocument, { input: { id: reviewed.id, version: reviewed.version, category: 'material' } })).acceptComplaint;
    expect(accepted).toMatchObject({ __typename: 'Complaint', severity: 'minor', record: { investigation: { decision: 'required', byRule: true, reason: expect.stringContaining(`recurrence after ${investigation.number}`) } } });
    const [reopened] = (await server.query(ComplaintInvestigationsDocument, { id: createComplaint.id })).complaint.investigations;
    expect(reopened).toMatchObject({ status: 'OPEN' });
    expect(reopened.number).not.toBe(investigation.number);
    if (accepted.__typename !== 'Complaint') throw new Error(accepted.__typename);
    recurring = { id: accepted.id, version: accepted.version };
    reopenedByRule = { id: reopened.id };
  });

  it("proposedHandling says what the record says on a recurrence (required), and no one may decide it is not needed", async () => {
    const { complaint } = await server.query(ProposedHandlingDocument, { id: recurring.id });
    expect(complaint.proposedHandling).toMatchObject({ severity: 'minor', investigation: 'required', investigationTemplate: '8d' });
    // With the rule's 8D still open, deciding is refused as INVESTIGATION_ALREADY_OPEN; closed without completing, the rule still decides.
    const { investigation: open } = await server.query(InvestigationDocument, { id: reopenedByRule.id });
    await investigationStep(server.query(CloseInvestigationDocument, { input: { id: open!.id, version: open!.version, reason: '并入其他调查 merged elsewhere' } }));
    const current = (await server.stored().findOneOrFail(Complaint, { id: localUuid(recurring.id, 'Complaint')! }, { refresh: true })).version;
    recurring = { id: recurring.id, version: current };
    const refused = (await server.query(DecideInvestigationDocument, { input: { ...recurring, required: false, reason: '轻微划伤 minor scratch' } })).decideInvestigation;
    expect(refused).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/required', code: 'RULE_REQUIRES_INVESTIGATION' }] });
    // Nothing changed: the same version, the rule's decision on record.
    const after = (await server.query(ComplaintInvestigationsDocument, { id: recurring.id })).complaint;
    expect(after.record).toMatchObject({ investigation: { requirement: 'required', decision: 'required', byRule: true } });
    expect((await server.stored().findOneOrFail(Complaint, { id: localUuid(recurring.id, 'Complaint')! }, { refresh: true })).version).toBe(recurring.version);
  });
});
