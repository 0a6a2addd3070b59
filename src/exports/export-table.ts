import type { Locale } from '../shared/i18n/locale';

/**
 * How a column's values are written. text: string; integer, hours, decimal: number; percent: a fraction
 * (0.75 is 75 %); datetime: an instant, shown in the organization's time zone; boolean: yes/no in the language.
 */
export type ColumnKind = 'text' | 'integer' | 'hours' | 'decimal' | 'percent' | 'datetime' | 'boolean';

export interface Column {
  header: string;
  kind: ColumnKind;
  /** XLSX column width in characters. */
  width?: number;
}

export type Cell = string | number | boolean | Date | null;

/** A table to write as CSV or XLSX: rows may come page by page (the complaint list) so memory stays flat. */
export interface ExportTable {
  sheetName: string;
  columns: Column[];
  rows: AsyncIterable<Cell[]> | Iterable<Cell[]>;
}

export interface TableFormat {
  language: Locale;
  /** The organization's calendar time zone. */
  timeZone: string;
}
