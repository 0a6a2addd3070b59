import { DateTime } from 'luxon';
import type { Locale } from '../shared/i18n/locale';
import { noData, niceScale, PLOT, slots, svgDocument, text, valueAxis, xLabel } from './chart-svg';
import { label } from './export-labels';
import { TrendInterval } from './export.inputs';

/** Most buckets one trend chart draws (five years of weeks). */
export const MAX_TREND_BUCKETS = 260;

/** The bucket keys from one local date to another, both inclusive: 2026-11 (MONTH) or 2026-W45 (ISO WEEK). */
export function bucketKeys(from: string, to: string, interval: TrendInterval): string[] {
  const unit = interval === TrendInterval.MONTH ? 'month' : 'week';
  const format = interval === TrendInterval.MONTH ? 'yyyy-MM' : "kkkk-'W'WW";
  const end = DateTime.fromISO(to, { zone: 'UTC' }).startOf(unit);
  const keys: string[] = [];
  for (let at = DateTime.fromISO(from, { zone: 'UTC' }).startOf(unit); at <= end && keys.length <= MAX_TREND_BUCKETS; at = at.plus({ [unit]: 1 })) keys.push(at.toFormat(format));
  return keys;
}

/** A trend chart as SVG text: one bar per bucket, empty buckets drawn as 0; x labels thinned when crowded. */
export function trendChartSvg(buckets: Array<{ key: string; count: number }>, interval: TrendInterval, language: Locale): string {
  const title = `${label('trendTitle', language)} · ${label(interval === TrendInterval.MONTH ? 'perMonth' : 'perWeek', language)}`;
  if (!buckets.length) return svgDocument(title, [noData(language)]);
  const scale = niceScale(Math.max(...buckets.map((b) => b.count)));
  const h = PLOT.bottom - PLOT.top;
  const body = valueAxis(scale, label('count', language));
  const places = slots(buckets.length);
  const every = Math.ceil(buckets.length / 24);
  buckets.forEach((b, i) => {
    const s = places[i];
    const w = s.width * 0.7;
    const y = PLOT.bottom - (b.count / scale.max) * h;
    if (b.count > 0) body.push(`<rect x="${(s.center - w / 2).toFixed(2)}" y="${y.toFixed(2)}" width="${w.toFixed(2)}" height="${(PLOT.bottom - y).toFixed(2)}" fill="#4e79a7"/>`);
    if (buckets.length <= 40) body.push(text(s.center, y - 6, String(b.count), { 'font-size': 12, 'text-anchor': 'middle' }));
    if (i % every === 0) body.push(xLabel(s.center, b.key, s.width * every));
  });
  return svgDocument(title, body);
}
