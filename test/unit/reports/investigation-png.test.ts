import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderInvestigationPdf } from '../../../src/reports/investigation-pdf';
import { openPdf } from './pdf-reader';
import { build3dReport, build8dReport } from './report-fixture';
import { renderPdfPages } from './render-png';

/** Where the pictures go, to look at by eye (REPORT_PNG_DIR overrides). */
const PNG_DIR = process.env.REPORT_PNG_DIR ?? join(tmpdir(), 'investigation-report-png');

describe('investigation PDF as pictures', () => {
  it.each([
    ['8d', build8dReport],
    ['3d', build3dReport],
  ] as const)('renders every page of the %s report to PNG with ink on it', async (name, build) => {
    const pdf = await renderInvestigationPdf(build());
    rmSync(join(PNG_DIR, name), { recursive: true, force: true });
    const document = await openPdf(pdf);
    const pages = Array.from({ length: document.numPages }, (_, i) => i + 1);
    await document.destroy();
    const rendered = await renderPdfPages(pdf, pages, join(PNG_DIR, name), name);
    writeFileSync(join(PNG_DIR, name, `${name}.pdf`), pdf);
    expect(rendered).toHaveLength(pages.length);
    for (const page of rendered) expect(page.ink, page.path).toBeGreaterThan(0.003);
    console.log(`${name}: ${rendered.map((p) => `${p.path} (${(p.ink * 100).toFixed(1)}% ink)`).join('\n')}`);
  });
});
