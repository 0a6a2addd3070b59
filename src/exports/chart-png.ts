import { renderAsync } from '@resvg/resvg-js';
import { dirname, join } from 'node:path';
import type { Font } from 'fontkit';
import { loadReportFonts, type ReportFonts } from '../reports';

const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** The font files the glyph outlines come from (the npm package the PDFs use; no system font is looked at). */
export function chartFontFiles(): string[] {
  const root = dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
  return [join(root, '400Regular/NotoSansSC_400Regular.ttf'), join(root, '700Bold/NotoSansSC_700Bold.ttf')];
}

/** A `<text>` of chart-svg's `text()`: attributes, then escaped content without markup. */
const TEXT = /<text ([^>]*)>([^<]*)<\/text>/g;
const ATTRIBUTE = /([a-z-]+)="([^"]*)"/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const unescape = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e]);
/** resvg's size for text without font-size. */
const DEFAULT_FONT_SIZE = 12;

/** One text as a path of its glyph outlines (shaped by fontkit), placed as resvg would place the text. */
function textPath(attributes: string, content: string, fonts: ReportFonts): string {
  const a = Object.fromEntries([...attributes.matchAll(ATTRIBUTE)].map((m) => [m[1], m[2]]));
  const font: Font = a['font-weight'] === 'bold' ? fonts.bold : fonts.regular;
  const scale = Number(a['font-size'] ?? DEFAULT_FONT_SIZE) / font.unitsPerEm;
  const run = font.layout(unescape(content));
  const width = run.positions.reduce((w, p) => w + p.xAdvance, 0) * scale;
  const x = Number(a.x ?? 0) - (a['text-anchor'] === 'middle' ? width / 2 : a['text-anchor'] === 'end' ? width : 0);
  const y = Number(a.y ?? 0);
  let pen = 0;
  const d = run.glyphs.map((glyph, i) => {
    const p = run.positions[i];
    const outline = glyph.path.transform(scale, 0, 0, -scale, x + (pen + p.xOffset) * scale, y - p.yOffset * scale).toSVG();
    pen += p.xAdvance;
    return outline;
  });
  const path = `<path d="${d.join('')}"${a.fill ? ` fill="${a.fill}"` : ''}/>`;
  return a.transform ? `<g transform="${a.transform}">${path}</g>` : path;
}

/**
 * Replaces a chart's texts by their glyph outlines from the cached fonts. resvg-js 2.6.2 takes fonts only as
 * file paths and reads the whole 10 MB file again for every text it shapes and every glyph it outlines (about
 * 0.5 s a chart); it has no `fontBuffers` (only the WASM build has).
 */
export function outlineTexts(svg: string, fonts: ReportFonts): string {
  return svg.replace(TEXT, (_, attributes: string, content: string) => textPath(attributes, content, fonts));
}

/**
 * Renders a chart's SVG to PNG with resvg (Rust, prebuilt binaries, no browser, off the event loop). The text is
 * drawn as outlines of Noto Sans SC from the npm package (read and parsed once per process, shared with the PDFs),
 * so CJK labels render on any machine and resvg loads no font at all.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const outlined = outlineTexts(svg, await loadReportFonts());
  const image = await renderAsync(outlined, { font: { loadSystemFonts: false }, background: '#ffffff' });
  return image.asPng();
}
