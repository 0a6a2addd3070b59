import { CsvError, parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { ValidationProblem } from '../shared/errors/error-results';
import type { RecordShipmentInput } from './stats.inputs';

/** Most data rows one import may hold (the request body limit applies too). */
export const MAX_IMPORT_ROWS = 50_000;

/** Header names accepted per column (compared trimmed and case-insensitively): English and Chinese. */
const HEADERS: Record<keyof RecordShipmentInput, string[]> = {
  product: ['product', 'part number', 'partnumber', 'part', '零件号', '料号', '产品', '产品编号'],
  customer: ['customer', 'customer organization', '客户', '客户名称'],
  period: ['period', 'month', '月份', '期间'],
  quantity: ['quantity', 'shipped', 'qty', '数量', '发货数量', '出货数量'],
};
const REQUIRED: Array<keyof RecordShipmentInput> = ['product', 'period', 'quantity'];

export interface ParsedRow {
  /** Line of the file the row ends on (the header is line 1). */
  line: number;
  input: RecordShipmentInput;
  problems: ValidationProblem[];
}

/** A file-level problem (the import is refused as a whole), or the rows with each one's problems. */
export type ParsedImport = { problems: ValidationProblem[] } | { rows: ParsedRow[] };

const problem = (path: string, code: string, message: string) => new ValidationProblem(path, code, message);

function validMonth(s: string): boolean {
  return /^\d{4}-\d{2}$/.test(s) && DateTime.fromISO(`${s}-01`, { zone: 'UTC' }).isValid;
}

/** Problems with one shipment row; `at` prefixes the paths (a CSV row's pointer). */
export function shipmentProblems(input: RecordShipmentInput, at: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!input.product?.trim() || input.product.length > 200) problems.push(problem(`${at}/product`, 'LENGTH', 'must be 1 to 200 characters'));
  if (input.customer !== undefined && input.customer !== null && (!input.customer.trim() || input.customer.length > 200)) problems.push(problem(`${at}/customer`, 'LENGTH', 'must be 1 to 200 characters when given'));
  if (!validMonth(input.period ?? '')) problems.push(problem(`${at}/period`, 'FORMAT', 'must be a month YYYY-MM'));
  if (!Number.isInteger(input.quantity) || input.quantity < 0 || input.quantity > 2_147_483_647) problems.push(problem(`${at}/quantity`, 'RANGE', 'must be an integer from 0 to 2147483647'));
  return problems;
}

/** 12000 or 12,000 (thousands grouped by commas, as spreadsheets write them); anything else is not a quantity. */
function quantityOf(cell: string): number {
  const t = cell.trim();
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(t)) return Number.NaN;
  return Number(t.replace(/,/g, ''));
}

/**
 * Parses a shipments CSV (RFC 4180; UTF-8 with or without BOM; comma, semicolon or tab separated, as Excel
 * writes them per locale): a header row naming the columns product, customer (optional), period (YYYY-MM)
 * and quantity, in any order, in English or Chinese. Each row is validated like recordShipment; a key given
 * twice in one file is a problem of the later row (which of the two is meant cannot be told).
 */
export function parseShipmentsCsv(text: string, at: string): ParsedImport {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');
  let records: string[][];
  let lines: number[];
  try {
    const parsed = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    return { problems: [problem(at, 'CSV_SYNTAX', `not valid CSV${line ? ` at line ${line}` : ''}: ${error.message}`)] };
  }
  if (!records.length) return { problems: [problem(at, 'EMPTY', 'the file has no header row')] };
  const header = records[0].map((h) => h.trim().toLowerCase());
  const columns = new Map<keyof RecordShipmentInput, number>();
  const problems: ValidationProblem[] = [];
  header.forEach((name, i) => {
    const column = (Object.keys(HEADERS) as Array<keyof RecordShipmentInput>).find((c) => HEADERS[c].includes(name));
    if (!column) problems.push(problem(at, 'UNKNOWN_COLUMN', `unknown column "${records[0][i]}" (known: ${Object.values(HEADERS).map((h) => h[0]).join(', ')})`));
    else if (columns.has(column)) problems.push(problem(at, 'DUPLICATE_COLUMN', `column ${column} given twice`));
    else columns.set(column, i);
  });
  for (const column of REQUIRED) if (!columns.has(column)) problems.push(problem(at, 'MISSING_COLUMN', `the header names no ${column} column`));
  if (records.length - 1 > MAX_IMPORT_ROWS) problems.push(problem(at, 'TOO_MANY_ROWS', `at most ${MAX_IMPORT_ROWS} rows per import, got ${records.length - 1}`));
  if (records.length === 1) problems.push(problem(at, 'EMPTY', 'the file has a header and no rows'));
  if (problems.length) return { problems };

  const seen = new Map<string, number>();
  const rows: ParsedRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const cell = (c: keyof RecordShipmentInput) => (columns.has(c) ? (records[i][columns.get(c)!] ?? '') : '');
    // The line the row ends on (a quoted cell may hold a line break).
    const line = lines[i];
    const customer = cell('customer').trim();
    const input: RecordShipmentInput = { product: cell('product').trim(), customer: customer || null, period: cell('period').trim(), quantity: quantityOf(cell('quantity')) };
    const rowAt = `/rows/${line}`;
    const rowProblems = shipmentProblems(input, rowAt);
    if (records[i].length > header.length) rowProblems.push(problem(rowAt, 'EXTRA_CELLS', `${records[i].length} cells for ${header.length} columns`));
    const key = JSON.stringify([input.product, input.customer ?? '', input.period]);
    const first = seen.get(key);
    if (first !== undefined) rowProblems.push(problem(rowAt, 'DUPLICATE_ROW', `the same product, customer and month as line ${first}`));
    else seen.set(key, line);
    rows.push({ line, input, problems: rowProblems });
  }
  return { rows };
}
