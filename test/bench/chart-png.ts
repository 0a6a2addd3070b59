/**
 * PNG chart rendering time, in-process: `npm run build && npx tsc -p test/bench/tsconfig.json && node
 * dist-bench/test/bench/chart-png.js [renders]`. Renders a 15-bar Chinese Pareto and a 24-month trend with the
 * compiled `dist/exports` code and prints the first render (cold: fonts loaded), the median and p90 wall time of the
 * rest and their CPU time (less sensitive to a busy machine).
 * Not part of `npm run bench`; the figures are in the README's exports section.
 */
import { join } from 'node:path';

interface ChartPng {
  svgToPng(svg: string): Buffer | Promise<Buffer>;
}
interface ParetoChart {
  paretoChartSvg(input: unknown, titles: unknown, axis?: string): string;
}
interface TrendChart {
  trendChartSvg(buckets: Array<{ key: string; count: number }>, interval: string, language: string): string;
}
interface Titles {
  KeyTitles: { none(language: string): unknown };
}

const dist = join(__dirname, '../../../dist/exports');
const load = <T>(name: string): T => require(join(dist, name)) as T;

async function main(): Promise<void> {
  const renders = Number(process.argv[2] ?? 20);
  require('reflect-metadata'); // trend-chart.js loads the GraphQL enums
  const { svgToPng } = load<ChartPng>('chart-png.js');
  const { paretoChartSvg } = load<ParetoChart>('pareto-chart.js');
  const { trendChartSvg } = load<TrendChart>('trend-chart.js');
  const { KeyTitles } = load<Titles>('export-titles.js');
  const names = ['华东汽车', '西南电机', '机加工', '材料/外购件', '冲压', '焊接', '表面处理', '装配', '原材料', '外购件', '包装', '标识', '设计缺陷', '苏州精工', '上海汽配', '其他客户'];
  let cumulative = 0;
  const items = names.map((value, i) => ({ value, count: 40 - 2 * i, cumulativePercentage: Math.min(100, (cumulative += 6)) }));
  const pareto = paretoChartSvg({ dimension: 'CUSTOMER', total: 400, items }, KeyTitles.none('zh-CN'));
  const trend = trendChartSvg(Array.from({ length: 24 }, (_, i) => ({ key: `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, count: (i * 7) % 13 })), 'MONTH', 'zh-CN');
  for (const [name, svg] of [['pareto (15 bars + other, zh-CN)', pareto], ['trend (24 months, zh-CN)', trend]] as const) {
    const texts = (svg.match(/<text /g) ?? []).length;
    const times: number[] = [];
    let bytes = 0;
    let cpu = process.cpuUsage();
    for (let i = 0; i <= renders; i++) {
      if (i === 1) cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      bytes = (await svgToPng(svg)).length;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const used = process.cpuUsage(cpu);
    const [first, ...rest] = times;
    rest.sort((a, b) => a - b);
    const at = (q: number) => rest[Math.min(rest.length - 1, Math.ceil(q * rest.length) - 1)].toFixed(1);
    console.log(`${name}: ${texts} text elements, ${bytes} bytes PNG; first ${first.toFixed(1)} ms, then median ${at(0.5)} ms, p90 ${at(0.9)} ms over ${rest.length} (CPU ${((used.user + used.system) / 1000 / rest.length).toFixed(1)} ms each, all threads)`);
  }
}

void main();
