import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { label } from './export-labels';
import type { Cell, Column, ExportTable, TableFormat } from './export-table';

const NUMBER_FORMAT: Partial<Record<Column['kind'], string>> = {
  integer: '0',
  hours: '0.0#',
  decimal: '#,##0.0#',
  percent: '0.0%',
  datetime: 'yyyy-mm-dd hh:mm',
};

/** Excel dates have no zone: the cell holds the organization's wall-clock time (exceljs writes the UTC fields). */
const wallClock = (at: Date, timeZone: string): Date => DateTime.fromJSDate(at, { zone: timeZone }).setZone('UTC', { keepLocalTime: true }).toJSDate();

function xlsxCell(value: Cell, column: Column, format: TableFormat): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (column.kind === 'datetime') return wallClock(value as Date, format.timeZone);
  if (column.kind === 'boolean') return label(value ? 'yes' : 'no', format.language);
  return value as ExcelJS.CellValue;
}

/**
 * Streams the table as one XLSX worksheet into `out` with exceljs's streaming writer (each row is committed
 * and flushed as it is added, so memory stays flat); numbers stay numbers with a number format. Ends `out`.
 * Strings are stored as strings, never formulas, so no injection guard is needed here.
 */
export async function writeXlsx(table: ExportTable, format: TableFormat, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  // Sheet names are at most 31 characters and may not contain []:*?/\.
  const sheet = workbook.addWorksheet(table.sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c, i) => ({ key: `c${i}`, header: c.header, width: c.width ?? (c.kind === 'text' ? 18 : 14), style: NUMBER_FORMAT[c.kind] ? { numFmt: NUMBER_FORMAT[c.kind] } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const row of table.rows as AsyncIterable<Cell[]>) sheet.addRow(row.map((v, i) => xlsxCell(v, table.columns[i], format))).commit();
  sheet.commit();
  await workbook.commit();
}
