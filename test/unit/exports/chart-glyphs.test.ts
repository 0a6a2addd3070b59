import { createRequire } from 'node:module';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { chartFontFiles, svgToPng } from '../../../src/exports/chart-png';
import { CHART_HEIGHT, CHART_WIDTH, LABEL_SIZE, slots, X_LABEL_Y } from '../../../src/exports/chart-svg';
import { KeyTitles } from '../../../src/exports/export-titles';
import { paretoChartSvg } from '../../../src/exports/pareto-chart';

/** A Latin-only TrueType font that ships with pdfjs-dist (a dev dependency): it has no hanzi. */
const LATIN_ONLY = createRequire(__filename).resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');

const chart = (first: string) =>
  paretoChartSvg(
    {
      dimension: 'CUSTOMER',
      total: 6,
      items: [
        { value: first, count: 3, cumulativePercentage: 50 },
        { value: 'C2', count: 2, cumulativePercentage: (500 / 6) },
        { value: 'C3', count: 1, cumulativePercentage: 100 },
      ],
    },
    KeyTitles.none('en'),
  );

function pixels(svg: string, fontFiles: string[]): Uint8Array {
  const image = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: fontFiles.length ? undefined : 'none' }, background: '#ffffff' }).render();
  expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
  return image.pixels;
}

/** The first bar's x-axis label: its slot, from a little above the label's cap height to below its baseline. */
function labelRegion(rgba: Uint8Array): { ink: number; bytes: number[] } {
  const s = slots(3)[0];
  const bytes: number[] = [];
  let ink = 0;
  for (let y = X_LABEL_Y - LABEL_SIZE - 2; y <= X_LABEL_Y + 5; y++) {
    for (let x = Math.floor(s.x); x < Math.floor(s.x + s.width); x++) {
      const i = (y * CHART_WIDTH + x) * 4;
      bytes.push(rgba[i]);
      if (rgba[i] < 160) ink++;
    }
  }
  return { ink, bytes };
}

describe('chart text rendered with the CJK font from the npm package', () => {
  const svgA = chart('华东汽车');
  const svgB = chart('西南电机');

  it('draws the glyphs of Chinese labels: two labels differ in their pixels and both carry ink', () => {
    const a = labelRegion(pixels(svgA, chartFontFiles()));
    const b = labelRegion(pixels(svgB, chartFontFiles()));
    // Four hanzi at 14 px leave well over a hundred dark pixels; tofu boxes would be the same for both labels.
    expect(a.ink).toBeGreaterThan(100);
    expect(b.ink).toBeGreaterThan(100);
    const differing = a.bytes.filter((v, i) => Math.abs(v - b.bytes[i]) > 64).length;
    expect(differing).toBeGreaterThan(50);
  });

  it('cannot tell the labels apart with a Latin-only font: the check above would catch missing glyphs', () => {
    const a = labelRegion(pixels(svgA, [LATIN_ONLY]));
    const b = labelRegion(pixels(svgB, [LATIN_ONLY]));
    expect(a.bytes).toEqual(b.bytes);
    // The rest of the chart is drawn with that font all the same (the Latin label C2 has ink).
    const s = slots(3)[1];
    const rgba = pixels(svgA, [LATIN_ONLY]);
    let latinInk = 0;
    for (let y = X_LABEL_Y - LABEL_SIZE; y <= X_LABEL_Y + 3; y++) for (let x = Math.floor(s.x); x < s.x + s.width; x++) if (rgba[(y * CHART_WIDTH + x) * 4] < 160) latinInk++;
    expect(latinInk).toBeGreaterThan(20);
  });

  it('renders the same SVG to the same PNG every time', async () => {
    expect((await svgToPng(svgA)).equals(await svgToPng(svgA))).toBe(true);
  });

  it('draws the glyph outlines of svgToPng where resvg draws the text with the font files', async () => {
    const decoded = async (png: Buffer) => {
      const image = await loadImage(png);
      const canvas = createCanvas(image.width, image.height);
      canvas.getContext('2d').drawImage(image, 0, 0);
      return canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data;
    };
    // Anchors start, middle and end, bold, a coloured and a turned label, Chinese and Latin.
    const narrow = paretoChartSvg({ dimension: 'CUSTOMER', total: 40, items: Array.from({ length: 14 }, (_, i) => ({ value: i % 2 ? `客户${i}` : `Customer & Co ${i}`, count: 20 - i, cumulativePercentage: 7 * (i + 1) })) }, KeyTitles.none('zh-CN'));
    for (const svg of [svgA, narrow]) {
      const text = pixels(svg, chartFontFiles());
      const outlines = await decoded(await svgToPng(svg));
      let ink = 0;
      let differing = 0;
      for (let i = 0; i < text.length; i += 4) {
        if (text[i] < 160) ink++;
        if (Math.abs(text[i] - outlines[i]) > 64) differing++;
      }
      expect(ink).toBeGreaterThan(10_000);
      expect(differing).toBeLessThan(100);
    }
  });
});
