import type { ReportFonts } from './report-fonts';

export const FONT = { regular: 'report-regular', bold: 'report-bold' } as const;

export const COLOR = {
  text: '#111827',
  muted: '#4b5563',
  faint: '#6b7280',
  rule: '#d1d5db',
  fill: '#f3f4f6',
  accent: '#1f4e79',
  accentFill: '#eef3f9',
  white: '#ffffff',
} as const;

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'center' | 'right';
}

export const STYLE = {
  body: { size: 9 },
  label: { size: 8.5, color: COLOR.muted },
  small: { size: 7.5, color: COLOR.faint },
  cell: { size: 8 },
  head: { size: 8, bold: true, color: COLOR.muted },
} satisfies Record<string, TextStyle>;

export interface Column {
  header: string;
  /** A fixed width; otherwise the column shares the rest by the length of its content. */
  width?: number;
}

const CELL_PAD = 3.5;
/** Where a line may break: spaces, and around every CJK character (pdfkit breaks between them). */
const WORD_BREAK = /\s+|(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])|(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])/u;
const EPSILON = 0.5;
const LATIN = /[\p{Script=Latin}\d]/u;
const NO_LINE_START = '，。、；：！？）」』】》〉’”…,.;:!?)]}%';
const NO_LINE_END = '（「『【《〈‘“([{';
/** Where field values start, whatever the nesting of their label. */
const LABEL_COLUMN = 175;

/**
 * The page flow of a printed report: a cursor down an A4 page, blocks measured before they are drawn so a
 * table row, a box or a field never breaks across pages (only text longer than a whole page flows on), and
 * headings held back until the block under them is placed, so none ends a page alone.
 */
export class PdfFlow {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  y: number;
  private readonly heights = new Map<string, number>();
  private readonly advances = new Map<string, number>();
  private readonly pending: Array<{ height: number; draw: () => void }> = [];

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly fonts: ReportFonts,
  ) {
    // pdfkit takes a parsed fontkit font too (it checks for .layout); its typings list only paths and bytes.
    doc.registerFont(FONT.regular, fonts.regular as unknown as PDFKit.Mixins.PDFFontSource);
    doc.registerFont(FONT.bold, fonts.bold as unknown as PDFKit.Mixins.PDFFontSource);
    const { margins, width, height } = doc.page;
    this.left = margins.left;
    this.right = width - margins.right;
    this.top = margins.top;
    this.bottom = height - margins.bottom;
    this.y = this.top;
  }

  get width(): number {
    return this.right - this.left;
  }

  /** The tallest block a fresh page can take. */
  get pageRoom(): number {
    return this.bottom - this.top;
  }

  /**
   * Makes room for a block of `height` plus any headings waiting for it: a new page unless all fit below the
   * cursor. Draws the waiting headings; true when a page was started.
   */
  ensure(height: number): boolean {
    const headings = this.pending.reduce((sum, p) => sum + p.height, 0);
    let started = false;
    if (this.y + headings + height > this.bottom + EPSILON && this.y > this.top + EPSILON) {
      this.newPage();
      started = true;
    }
    for (const heading of this.pending.splice(0)) heading.draw();
    // Headings and block together taller than a page: the block still must not run off it.
    if (this.y + height > this.bottom + EPSILON && height <= this.pageRoom) {
      this.newPage();
      started = true;
    }
    return started;
  }

  /** Queues a heading to be drawn by the next block's ensure(), so a heading never ends a page alone. */
  keepWithNext(height: number, draw: () => void): void {
    this.pending.push({ height, draw });
  }

  /** Draws what is still queued (the end of the document). */
  flush(): void {
    this.ensure(0);
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.top;
  }

  /** Vertical space, dropped at the top of a page (and queued behind a waiting heading). */
  gap(height: number): void {
    if (this.pending.length) return this.keepWithNext(height, () => this.gap(height));
    if (this.y > this.top + EPSILON) this.y = Math.min(this.y + height, this.bottom);
  }

  use(style: TextStyle): PDFKit.PDFDocument {
    return this.doc
      .font(style.bold ? FONT.bold : FONT.regular)
      .fontSize(style.size)
      .fillColor(style.color ?? COLOR.text);
  }

  heightOf(text: string, width: number, style: TextStyle): number {
    if (!text) return 0;
    const key = `${style.bold ? 'b' : 'r'}${style.size}|${width.toFixed(2)}|${text}`;
    let height = this.heights.get(key);
    if (height === undefined) {
      height = this.use(style).heightOfString(text, { width, lineGap: 1 });
      this.heights.set(key, height);
    }
    return height;
  }

  /** The exact width of one line, kerning included. */
  widthOf(text: string, style: TextStyle): number {
    return this.use(style).widthOfString(text);
  }

  /**
   * The width of each character, from a per-character cache: fitting text by trying prefix after prefix
   * would shape every prefix anew. Kerning is left out, which only errs wide for the fonts we use.
   */
  charWidths(text: string, style: TextStyle): number[] {
    const face = style.bold ? this.fonts.bold : this.fonts.regular;
    const prefix = style.bold ? 'b' : 'r';
    return Array.from(text).map((char) => {
      const key = prefix + char;
      let width = this.advances.get(key);
      if (width === undefined) {
        width = face.glyphForCodePoint(char.codePointAt(0)!).advanceWidth / face.unitsPerEm;
        this.advances.set(key, width);
      }
      return width * style.size;
    });
  }

  private approxWidth(text: string, style: TextStyle): number {
    return this.charWidths(text, style).reduce((a, b) => a + b, 0);
  }

  /** Draws wrapped text at a fixed place (the caller has made room); returns its height. */
  textAt(text: string, x: number, y: number, width: number, style: TextStyle): number {
    if (!text) return 0;
    const height = this.heightOf(text, width, style);
    this.use(style).text(text, x, y, { width, lineGap: 1, align: style.align ?? 'left' });
    return height;
  }

  /** One line, cut with an ellipsis when wider than `width`. */
  fitLine(text: string, width: number, style: TextStyle): { text: string; cut: boolean } {
    const line = text.replace(/\s+/g, ' ').trim();
    const widths = this.charWidths(line, style);
    if (widths.reduce((a, b) => a + b, 0) <= width) return { text: line, cut: false };
    const room = width - this.approxWidth('…', style);
    const chars = Array.from(line);
    let used = 0;
    let keep = 0;
    while (keep < chars.length && used + widths[keep] <= room) used += widths[keep++];
    return { text: `${chars.slice(0, keep).join('').trimEnd()}…`, cut: true };
  }

  /** Wraps to at most `maxLines` lines (at spaces between Latin words, anywhere in CJK), the last cut with an ellipsis. */
  wrapLines(text: string, width: number, style: TextStyle, maxLines: number): { lines: string[]; cut: boolean } {
    const normalised = text.replace(/\s+/g, ' ').trim();
    const chars = Array.from(normalised);
    const widths = this.charWidths(normalised, style);
    const lines: string[] = [];
    let start = 0;
    while (start < chars.length && lines.length < maxLines) {
      let end = start;
      let used = 0;
      let lastSpace = -1;
      while (end < chars.length && used + widths[end] <= width) {
        if (chars[end] === ' ') lastSpace = end;
        used += widths[end++];
      }
      const midWord = end < chars.length && LATIN.test(chars[end]) && LATIN.test(chars[end - 1] ?? '');
      if (midWord && lastSpace > start) end = lastSpace;
      // No line starts with a closing mark or ends with an opening one (Chinese line-breaking rules).
      while (end < chars.length && end - 1 > start && (NO_LINE_START.includes(chars[end]) || NO_LINE_END.includes(chars[end - 1]))) end--;
      end = Math.max(end, start + 1);
      lines.push(chars.slice(start, end).join('').trim());
      start = end;
      while (chars[start] === ' ') start++;
    }
    if (start >= chars.length) return { lines, cut: false };
    const last = lines.length - 1;
    const joint = chars[start - 1] === ' ' ? ' ' : '';
    lines[last] = this.fitLine(`${lines[last]}${joint}${chars.slice(start).join('')}`, width, style).text;
    return { lines, cut: true };
  }

  /** A paragraph that moves whole to the next page when it fits one, and flows on across pages otherwise. */
  paragraph(text: string, style: TextStyle, indent = 0): void {
    const width = this.width - indent;
    const height = this.heightOf(text, width, style);
    if (height <= this.pageRoom) {
      this.ensure(height);
      this.y += this.textAt(text, this.left + indent, this.y, width, style);
      return;
    }
    this.ensure(Math.min(height, 60));
    this.use(style).text(text, this.left + indent, this.y, { width, lineGap: 1 });
    this.y = this.doc.y;
  }

  /** A labelled value: label on the left, value on the right, kept together on one page. Values line up at any depth. */
  field(label: string, value: string, indent = 0): void {
    const x = this.left + indent;
    const labelWidth = LABEL_COLUMN - indent - 8;
    const valueX = this.left + LABEL_COLUMN;
    const valueWidth = this.right - valueX;
    const height = Math.max(this.heightOf(label, labelWidth, STYLE.label), this.heightOf(value, valueWidth, STYLE.body)) + 5;
    if (height > this.pageRoom) {
      this.paragraph(label, { ...STYLE.label, bold: true }, indent);
      this.paragraph(value, STYLE.body, indent);
      return;
    }
    this.ensure(height);
    this.textAt(label, x, this.y + 2, labelWidth, STYLE.label);
    this.textAt(value, valueX, this.y + 2, valueWidth, STYLE.body);
    this.y += height;
    this.rule(x, this.right, this.y - 1);
  }

  rule(x1: number, x2: number, y: number, color: string = COLOR.rule): void {
    this.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(0.5).strokeColor(color).stroke().restore();
  }

  /**
   * A table whose rows never split: a row that does not fit moves to the next page under a repeated header;
   * a row taller than a whole page is printed as labelled paragraphs instead.
   */
  table(columns: Column[], rows: string[][], indent = 0): void {
    const x0 = this.left + indent;
    const widths = this.columnWidths(columns, rows, this.width - indent);
    const rowHeight = (cells: string[], style: TextStyle) =>
      Math.max(...cells.map((cell, i) => this.heightOf(cell, widths[i] - 2 * CELL_PAD, style))) + 2 * CELL_PAD;
    const headers = columns.map((c) => c.header);
    const headerHeight = rowHeight(headers, STYLE.head);
    const drawRow = (cells: string[], style: TextStyle, height: number, fill?: string) => {
      let x = x0;
      if (fill) this.doc.save().rect(x0, this.y, this.right - x0, height).fill(fill).restore();
      cells.forEach((cell, i) => {
        this.textAt(cell, x + CELL_PAD, this.y + CELL_PAD, widths[i] - 2 * CELL_PAD, style);
        x += widths[i];
      });
      this.doc.save().rect(x0, this.y, this.right - x0, height).lineWidth(0.5).strokeColor(COLOR.rule).stroke().restore();
      this.y += height;
    };
    const heights = rows.map((cells) => rowHeight(cells, STYLE.cell));
    this.ensure(headerHeight + Math.min(heights[0] ?? 0, this.pageRoom - headerHeight));
    drawRow(headers, STYLE.head, headerHeight, COLOR.fill);
    rows.forEach((cells, r) => {
      if (heights[r] + headerHeight > this.pageRoom) {
        cells.forEach((cell, i) => cell && this.paragraph(`${headers[i]}: ${cell}`, STYLE.body, indent + CELL_PAD));
        this.gap(4);
        return;
      }
      if (this.ensure(heights[r])) drawRow(headers, STYLE.head, headerHeight, COLOR.fill);
      drawRow(cells, STYLE.cell, heights[r]);
    });
  }

  /**
   * Fixed columns keep their width. The others first get their longest unbreakable word (so "CMP-2026-000457"
   * stays whole), then share what is left by how much longer their longest line is.
   */
  private columnWidths(columns: Column[], rows: string[][], total: number): number[] {
    const cellsOf = (i: number) => [{ text: columns[i].header, style: STYLE.head }, ...rows.map((cells) => ({ text: cells[i] ?? '', style: STYLE.cell }))];
    const measure = (i: number, split: RegExp) =>
      Math.max(0, ...cellsOf(i).flatMap(({ text, style }) => text.split(split).map((part) => this.approxWidth(part, style)))) + 2 * CELL_PAD + 1;
    const minimum = columns.map((c, i) => c.width ?? Math.min(measure(i, WORD_BREAK), 150));
    const natural = columns.map((c, i) => c.width ?? Math.min(Math.max(measure(i, /\n/), minimum[i]), 280));
    const free = total - minimum.reduce((a, b) => a + b, 0);
    if (free <= 0) {
      const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
      const flexible = minimum.reduce((sum, w, i) => sum + (columns[i].width ? 0 : w), 0);
      return columns.map((c, i) => c.width ?? (minimum[i] * (total - fixed)) / flexible);
    }
    const wants = natural.map((w, i) => w - minimum[i]);
    const wanted = wants.reduce((a, b) => a + b, 0);
    const flexibleCount = columns.filter((c) => !c.width).length;
    return columns.map((c, i) => c.width ?? minimum[i] + (wanted > 0 ? (free * wants[i]) / wanted : free / flexibleCount));
  }
}
