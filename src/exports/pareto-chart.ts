import type { ParetoItem } from '../stats';
import { noData, niceScale, PLOT, slots, svgDocument, text, valueAxis, xLabel } from './chart-svg';
import { DIMENSION_LABELS, label } from './export-labels';
import type { KeyTitles } from './export-titles';

/** Bars beyond this many are summed into one "Other" bar (the cumulative line still ends at 100 %). */
export const MAX_PARETO_BARS = 15;

export interface ParetoChartInput {
  dimension: string;
  total: number;
  items: Array<Pick<ParetoItem, 'value' | 'count' | 'cumulativePercentage'>>;
}

/** The bars drawn: the largest values (by their titles), then "Other" for the rest. */
export function paretoBars(input: ParetoChartInput, titles: KeyTitles): Array<{ label: string; count: number; cumulativePercentage: number }> {
  const language = titles.language;
  const bars = input.items.slice(0, MAX_PARETO_BARS).map((i) => ({ label: titles.title(input.dimension, i.value), count: i.count, cumulativePercentage: i.cumulativePercentage ?? 0 }));
  const rest = input.items.slice(MAX_PARETO_BARS);
  if (rest.length) bars.push({ label: label('other', language), count: rest.reduce((s, i) => s + i.count, 0), cumulativePercentage: 100 });
  return bars;
}

/**
 * A Pareto chart as SVG text: bars by count (largest first) against the left axis, the cumulative percentage
 * as a line with points against the right axis (0-100 %), and a dashed 80 % reference line.
 */
export function paretoChartSvg(input: ParetoChartInput, titles: KeyTitles, axis: 'count' | 'amount' | 'cost' = 'count'): string {
  const language = titles.language;
  const dimension = DIMENSION_LABELS[input.dimension][language];
  const title = `${label('paretoTitle', language)} · ${dimension}`;
  const bars = paretoBars(input, titles);
  if (!bars.length) return svgDocument(title, [noData(language)]);
  const scale = niceScale(Math.max(...bars.map((b) => b.count)));
  const h = PLOT.bottom - PLOT.top;
  const yCount = (v: number) => PLOT.bottom - (v / scale.max) * h;
  const yPct = (p: number) => PLOT.bottom - (p / 100) * h;
  const body = valueAxis(scale, label(axis, language));
  // Right axis: cumulative percentage.
  body.push(`<line x1="${PLOT.right}" y1="${PLOT.top}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="#555" stroke-width="1"/>`);
  for (let p = 0; p <= 100; p += 20) body.push(text(PLOT.right + 8, yPct(p) + 4, `${p}%`, { 'font-size': 12, 'text-anchor': 'start' }));
  body.push(text(PLOT.right + 50, PLOT.top - 20, label('cumulative', language), { 'font-size': 13, 'text-anchor': 'end' }));
  const places = slots(bars.length);
  bars.forEach((b, i) => {
    const s = places[i];
    const w = s.width * 0.7;
    const y = yCount(b.count);
    body.push(`<rect x="${(s.center - w / 2).toFixed(2)}" y="${y.toFixed(2)}" width="${w.toFixed(2)}" height="${(PLOT.bottom - y).toFixed(2)}" fill="#4e79a7"/>`);
    body.push(text(s.center, y - 6, String(b.count), { 'font-size': 12, 'text-anchor': 'middle' }));
    body.push(xLabel(s.center, b.label, s.width));
  });
  // The 80 % reference and the cumulative line.
  body.push(`<line x1="${PLOT.left}" y1="${yPct(80).toFixed(2)}" x2="${PLOT.right}" y2="${yPct(80).toFixed(2)}" stroke="#e15759" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  body.push(text(PLOT.right - 4, yPct(80) - 6, label('reference80', language), { 'font-size': 12, 'text-anchor': 'end', fill: '#e15759' }));
  const points = bars.map((b, i) => `${places[i].center.toFixed(2)},${yPct(b.cumulativePercentage).toFixed(2)}`);
  body.push(`<polyline points="${points.join(' ')}" fill="none" stroke="#f28e2b" stroke-width="2.5"/>`);
  for (const p of points) {
    const [cx, cy] = p.split(',');
    body.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="#f28e2b"/>`);
  }
  return svgDocument(title, body);
}
