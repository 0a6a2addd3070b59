import type { Locale } from '../shared/i18n/locale';
import type { ComplaintStats, ComplaintStatsGroup, Pareto, PpmGroup, PpmReport } from '../stats';
import { DIMENSION_LABELS, keyHeader, label, type LabelKey } from './export-labels';
import type { Cell, Column, ExportTable } from './export-table';
import { isTitled, type KeyTitles } from './export-titles';

const col = (key: LabelKey, kind: Column['kind'], language: Locale): Column => ({ header: label(key, language), kind });

/** A dimension's columns: its title, and for a key with a template title also the stored key (for integrators). */
function dimensionColumns(dimension: string, language: Locale): Column[] {
  const title: Column = { header: DIMENSION_LABELS[dimension][language], kind: 'text' };
  return isTitled(dimension) ? [title, { header: keyHeader(dimension, language), kind: 'text' }] : [title];
}

/** A dimension's cells of one group: the title (the key when it has none, "(not set)" for null), then the key if titled. */
function dimensionCells(dimension: string, value: string | null, titles: KeyTitles): Cell[] {
  const shown = titles.title(dimension, value);
  return isTitled(dimension) ? [shown, value] : [shown];
}

/** The key columns of a grouped statistic; without groupBy one "Group" column holding "Total". */
function keyColumns(groupBy: string[], language: Locale): Column[] {
  return groupBy.length ? groupBy.flatMap((d) => dimensionColumns(d, language)) : [{ header: label('group', language), kind: 'text' }];
}

/** The total row's key cells: "Total" then blanks. */
const totalKey = (groupBy: string[], language: Locale): Cell[] => [label('total', language), ...keyColumns(groupBy, language).slice(1).map(() => null)];

const groupCells = (keys: Array<{ dimension: string; value: string | null }>, titles: KeyTitles): Cell[] => keys.flatMap((k) => dimensionCells(k.dimension, k.value, titles));

export function complaintStatsTable(stats: ComplaintStats, titles: KeyTitles): ExportTable {
  const language = titles.language;
  const columns: Column[] = [
    ...keyColumns(stats.groupBy, language),
    col('count', 'integer', language),
    col('closedCount', 'integer', language),
    col('medianHours', 'hours', language),
    col('p90Hours', 'hours', language),
    col('meanHours', 'hours', language),
    col('timedCount', 'integer', language),
    col('onTimeCount', 'integer', language),
    col('onTimeRate', 'percent', language),
    col('rejectedCount', 'integer', language),
    col('rejectedShare', 'percent', language),
    col('reopenedCount', 'integer', language),
    col('reopenRate', 'percent', language),
    col('satisfactionCount', 'integer', language),
    col('satisfactionMean', 'decimal', language),
    col('repeatCount', 'integer', language),
    col('repeatRate', 'percent', language),
    col('stageTwoOpened', 'integer', language),
    col('stageTwoOpen', 'integer', language),
    col('stageTwoClosed', 'integer', language),
    col('stageTwoMedianHours', 'hours', language),
    col('stageTwoP90Hours', 'hours', language),
    col('stageTwoOnTimeRate', 'percent', language),
  ];
  const values = (g: ComplaintStatsGroup): Cell[] => {
    const s = g.stageOne;
    const t = g.stageTwo;
    return [
      ...[g.count, s.closedCount, s.cycleTime.medianHours, s.cycleTime.p90Hours, s.cycleTime.meanHours, s.timedCount, s.onTimeCount, s.onTimeRate, s.rejectedCount, s.rejectedShare, s.reopenedCount, s.reopenRate],
      ...[g.satisfaction.count, g.satisfaction.mean, g.repeatCount, g.repeatRate],
      ...[t.openedCount, t.openCount, t.closedCount, t.cycleTime.medianHours, t.cycleTime.p90Hours, t.onTimeRate],
    ];
  };
  return {
    sheetName: label('statsSheet', language),
    columns,
    rows: [[...totalKey(stats.groupBy, language), ...values(stats.total)], ...stats.groups.map((g) => [...groupCells(g.key, titles), ...values(g)])],
  };
}

/** By count: value, count, share, cumulative count and share; by a quantity also the quantity columns (shares of the quantity). */
export function paretoTable(pareto: Pareto, titles: KeyTitles): ExportTable {
  const language = titles.language;
  const share = (x: number) => (pareto.totalAmount > 0 ? x / pareto.totalAmount : null);
  const byCount = pareto.measure === 'COUNT';
  const byCost = pareto.measure === 'COST';
  // Cost in the base currency's major unit (the currency in the header), e.g. 成本 (CNY).
  const costColumn = (key: 'cost' | 'cumulativeCost') => ({ ...col(key, 'decimal', language), header: `${label(key, language)} (${pareto.currency})` });
  return {
    sheetName: label('paretoSheet', language),
    columns: [
      ...dimensionColumns(pareto.dimension, language),
      col('count', 'integer', language),
      ...(byCount ? [] : [byCost ? costColumn('cost') : col('amount', 'integer', language)]),
      col('percentage', 'percent', language),
      byCost ? costColumn('cumulativeCost') : col(byCount ? 'cumulativeCount' : 'cumulativeAmount', 'integer', language),
      col('cumulativePercentage', 'percent', language),
    ],
    rows: pareto.items.map((i) => [
      ...dimensionCells(pareto.dimension, i.value, titles),
      i.count,
      ...(byCount ? [] : [i.amount]),
      share(i.amount),
      byCount ? i.cumulativeCount : i.cumulativeAmount,
      share(i.cumulativeAmount),
    ]),
  };
}

export function ppmTable(report: PpmReport, titles: KeyTitles): ExportTable {
  const language = titles.language;
  const values = (g: PpmGroup): Cell[] => [g.complaintCount, g.defectiveQuantity, g.shippedQuantity, g.ppm, g.noShipments];
  return {
    sheetName: label('ppmSheet', language),
    columns: [
      ...keyColumns(report.groupBy, language),
      col('complaintCount', 'integer', language),
      col('defectiveQuantity', 'integer', language),
      col('shippedQuantity', 'integer', language),
      col('ppm', 'decimal', language),
      col('noShipments', 'boolean', language),
    ],
    rows: [[...totalKey(report.groupBy, language), ...values(report.total)], ...report.groups.map((g) => [...groupCells(g.key, titles), ...values(g)])],
  };
}
