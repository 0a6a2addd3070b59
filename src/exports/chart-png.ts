import { Resvg } from '@resvg/resvg-js';
import { dirname, join } from 'node:path';
import { CHART_FONT } from './chart-svg';

const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** The font files the PNG renderer reads (the npm package the PDFs use; no system font is looked at). */
export function chartFontFiles(): string[] {
  const root = dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
  return [join(root, '400Regular/NotoSansSC_400Regular.ttf'), join(root, '700Bold/NotoSansSC_700Bold.ttf')];
}

/**
 * Renders a chart's SVG to PNG with resvg (Rust, prebuilt binaries, no browser), drawing text with the given
 * font files only: the default is Noto Sans SC from the npm package, so CJK labels render on any machine.
 */
export function svgToPng(svg: string, fontFiles: string[] = chartFontFiles()): Buffer {
  const resvg = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT }, background: '#ffffff' });
  return resvg.render().asPng();
}
