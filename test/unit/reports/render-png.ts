import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { openPdf } from './pdf-reader';

export interface RenderedPage {
  path: string;
  /** Share of dark pixels: a blank or glyph-less page has next to none. */
  ink: number;
}

/**
 * Renders pages of a PDF to PNG files with pdfjs-dist and @napi-rs/canvas (prebuilt, no system libraries),
 * for looking at a report the way a reader would. Returns the written files, one per page asked for.
 */
export async function renderPdfPages(pdf: Buffer, pages: number[], dir: string, prefix: string, scale = 1.6): Promise<RenderedPage[]> {
  mkdirSync(dir, { recursive: true });
  const document = await openPdf(pdf);
  const paths: RenderedPage[] = [];
  for (const n of pages) {
    const page = await document.getPage(n);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdfjs types its canvas as the DOM one; @napi-rs/canvas implements the same 2D API.
    await page.render({ canvas, canvasContext: context, viewport } as unknown as Parameters<typeof page.render>[0]).promise;
    const path = join(dir, `${prefix}-page-${n}.png`);
    writeFileSync(path, canvas.toBuffer('image/png'));
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 3 * 160) dark++;
    paths.push({ path, ink: dark / (data.length / 4) });
  }
  await document.destroy();
  return paths;
}
