import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { label } from './export-labels';
import type { Cell, Column, ExportTable, TableFormat } from './export-table';

/** UTF-8 byte order mark: without it Excel reads the file in the system's ANSI code page and garbles Chinese. */
export const BOM = '\uFEFF';

/** Spreadsheets run a cell starting with one of these as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made inert and quoted as RFC 4180 wants: quotes doubled, quoted when it holds , " CR or LF. */
export function csvText(value: string): string {
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** At most two decimals, no trailing zeros: 153.5, 4, 33.33. */
const decimals = (n: number): string => String(Math.round(n * 100) / 100);

export function csvCell(value: Cell, column: Column, format: TableFormat): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'integer':
      return String(value);
    case 'hours':
    case 'decimal':
      return decimals(value as number);
    case 'percent':
      return `${decimals((value as number) * 100)}%`;
    case 'datetime':
      return DateTime.fromJSDate(value as Date, { zone: format.timeZone }).toFormat('yyyy-MM-dd HH:mm');
    case 'boolean':
      return label(value ? 'yes' : 'no', format.language);
    default:
      return csvText(String(value));
  }
}

/** Streams the table as CSV (BOM, CRLF line ends) into `out`, honouring back-pressure; does not end `out`. */
export async function writeCsv(table: ExportTable, format: TableFormat, out: Writable): Promise<void> {
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${BOM}${table.columns.map((c) => csvText(c.header)).join(',')}\r\n`);
  for await (const row of table.rows as AsyncIterable<Cell[]>) await write(`${row.map((v, i) => csvCell(v, table.columns[i], format)).join(',')}\r\n`);
}
