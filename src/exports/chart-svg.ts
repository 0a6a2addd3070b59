import type { Locale } from '../shared/i18n/locale';
import { label } from './export-labels';

/** The font the charts name; the PNG renderer loads it from the npm package (chart-png.ts), a browser uses its own. */
export const CHART_FONT = 'Noto Sans SC';
export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 540;

/** The plot area; the x-axis labels sit under it. */
export const PLOT = { left: 80, right: CHART_WIDTH - 80, top: 90, bottom: CHART_HEIGHT - 120 };
/** Baseline of the x-axis labels. */
export const X_LABEL_Y = PLOT.bottom + 24;
export const LABEL_SIZE = 14;

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const n = (v: number): string => String(Math.round(v * 100) / 100);

export function text(x: number, y: number, content: string, attrs: Record<string, string | number> = {}): string {
  const a = Object.entries({ x: n(x), y: n(y), ...attrs })
    .map(([k, v]) => `${k}="${escape(String(v))}"`)
    .join(' ');
  return `<text ${a}>${escape(content)}</text>`;
}

/** A round axis maximum (1, 2, 2.5 or 5 x 10^k, at least 1) and its tick step, for `ticks` intervals. */
export function niceScale(max: number, ticks = 5): { max: number; step: number } {
  if (max <= 0) return { max: ticks, step: 1 };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw && (s >= 1 || Number.isInteger(1 / s)))!;
  const whole = Math.max(1, Math.ceil(step));
  return { max: whole * ticks, step: whole };
}

/** Horizontal slots for `count` bars across the plot: each slot's left edge and width. */
export function slots(count: number): Array<{ x: number; width: number; center: number }> {
  const width = (PLOT.right - PLOT.left) / Math.max(count, 1);
  return Array.from({ length: count }, (_, i) => ({ x: PLOT.left + i * width, width, center: PLOT.left + (i + 0.5) * width }));
}

/** Labels turn when slots are narrow; long ones are cut with an ellipsis. */
export function xLabel(center: number, content: string, slotWidth: number): string {
  const turned = slotWidth < 70;
  const max = turned ? 14 : Math.max(3, Math.floor(slotWidth / LABEL_SIZE));
  const shown = [...content].length > max ? `${[...content].slice(0, max - 1).join('')}…` : content;
  return turned
    ? text(center, X_LABEL_Y, shown, { 'font-size': LABEL_SIZE, 'text-anchor': 'end', transform: `rotate(-40 ${n(center)} ${n(X_LABEL_Y)})` })
    : text(center, X_LABEL_Y, shown, { 'font-size': LABEL_SIZE, 'text-anchor': 'middle' });
}

/** The document around a chart's body: white background, title, the font named on the root. */
export function svgDocument(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${CHART_FONT}, sans-serif" fill="#222">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    text(CHART_WIDTH / 2, 40, title, { 'font-size': 22, 'font-weight': 'bold', 'text-anchor': 'middle' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Left value axis with grid lines and tick labels. */
export function valueAxis(scale: { max: number; step: number }, axisTitle: string): string[] {
  const parts: string[] = [];
  const h = PLOT.bottom - PLOT.top;
  for (let v = 0; v <= scale.max; v += scale.step) {
    const y = PLOT.bottom - (v / scale.max) * h;
    parts.push(`<line x1="${PLOT.left}" y1="${n(y)}" x2="${PLOT.right}" y2="${n(y)}" stroke="#e3e3e3" stroke-width="1"/>`);
    parts.push(text(PLOT.left - 8, y + 4, String(v), { 'font-size': 12, 'text-anchor': 'end' }));
  }
  parts.push(`<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="#555" stroke-width="1"/>`);
  parts.push(`<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="#555" stroke-width="1"/>`);
  parts.push(text(PLOT.left - 50, PLOT.top - 20, axisTitle, { 'font-size': 13, 'text-anchor': 'start' }));
  return parts;
}

export function noData(language: Locale): string {
  return text(CHART_WIDTH / 2, (PLOT.top + PLOT.bottom) / 2, label('noData', language), { 'font-size': 20, 'text-anchor': 'middle', fill: '#888' });
}
