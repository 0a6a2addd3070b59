import PDFDocument from 'pdfkit';
import type { LocalizedText } from '../__generated__';
import type { Locale } from '../shared/i18n/locale';
import { drawFishbone } from './fishbone-diagram';
import { drawFiveWhys } from './five-whys-chain';
import type { InvestigationReport, ReportPerson, ReportSection } from './investigation-report';
import { COLOR, PdfFlow, STYLE, type Column, type TextStyle } from './pdf-flow';
import { loadReportFonts } from './report-fonts';
import { fillIn, formatDateString, formatDateTime, joinLanguages, keyTitle, REPORT_LANGUAGES, safeTimeZone, UI, type KeyKind } from './report-i18n';
import {
  descriptionOf,
  isFishbone,
  isFiveWhys,
  isObject,
  isScalar,
  orderedKeys,
  SchemaReader,
  scalarText,
  SIX_M,
  titleOf,
  type JsonSchema,
} from './report-schema';

export interface InvestigationPdfOptions {
  /** Languages of every label, in this order ("中文 / English" by default). */
  languages?: Array<'zh-CN' | 'en'>;
}

/** A4 in points; the bottom margin leaves room for the footer, the top one for the running header. */
const MARGINS = { top: 56, bottom: 58, left: 48, right: 48 };
const INDENT = 12;
/** A table gets at most this many data columns; wider objects print as labelled fields per item. */
const MAX_TABLE_COLUMNS = 6;
const NUMBER_COLUMN: Column = { header: '#', width: 22 };

/**
 * Renders an investigation (8D, 3D ...) report as an A4 PDF: header, team and linked complaints, then every
 * section in template order with its data laid out from the section's JSON Schema (labels from `x-title`,
 * enum labels from `x-enum-titles`), 5-Whys chains and 6M fishbones drawn as diagrams, sign-offs, the
 * effectiveness check, and page numbers. Text is set in Noto Sans SC, embedded as a subset.
 */
export async function renderInvestigationPdf(report: InvestigationReport, options: InvestigationPdfOptions = {}): Promise<Buffer> {
  const fonts = await loadReportFonts();
  const languages = chosenLanguages(options.languages);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: languages[0],
    displayTitle: true,
    info: {
      Title: `${report.number} ${report.title}`,
      Subject: joinLanguages(report.template.title, languages),
      Creator: 'complaint-qms',
      CreationDate: report.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new ReportPrinter(new PdfFlow(doc, fonts), report, languages).print();
  doc.end();
  return done;
}

function chosenLanguages(requested: Locale[] | undefined): Locale[] {
  const known = (requested ?? []).filter((l, i, all) => REPORT_LANGUAGES.includes(l) && all.indexOf(l) === i);
  return known.length ? known : [...REPORT_LANGUAGES];
}

class ReportPrinter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly timeZone: string;

  constructor(
    private readonly flow: PdfFlow,
    private readonly report: InvestigationReport,
    private readonly languages: Locale[],
  ) {
    this.doc = flow.doc;
    this.timeZone = safeTimeZone(report.timeZone);
  }

  print(): void {
    this.header();
    this.team();
    this.complaints();
    for (const section of this.report.sections) this.section(section);
    this.effectiveness();
    this.flow.flush();
    this.stampPages();
  }

  private t(text: LocalizedText): string {
    return joinLanguages(text, this.languages);
  }

  private key(kind: KeyKind, key: string | null): string {
    return key === null ? '—' : this.t(keyTitle(this.report, kind, key));
  }

  private when(date: Date | null): string {
    return date ? formatDateTime(date, this.timeZone) : '—';
  }

  private header(): void {
    const { flow, report } = this;
    flow.paragraph(`${this.t(report.template.title)} · ${this.t(UI.report)}`, { size: 9, color: COLOR.accent });
    flow.gap(2);
    flow.paragraph(report.number, { size: 18, bold: true, color: COLOR.accent });
    flow.paragraph(report.title, { size: 13, bold: true });
    flow.gap(8);
    const person = (p: ReportPerson | null) => p?.name ?? '—';
    this.factGrid([
      [UI.number, report.number],
      [UI.status, this.key('status', report.status)],
      [UI.severity, this.key('severity', report.severity)],
      [UI.department, this.key('department', report.department)],
      [UI.template, `${this.t(report.template.title)} · v${report.template.version}`],
      [UI.timeZone, this.timeZone],
      [UI.openedAt, this.when(report.openedAt)],
      [UI.closedAt, this.when(report.closedAt)],
      [UI.leader, person(report.leader)],
      [UI.champion, person(report.champion)],
    ]);
  }

  /** Two facts per row, each a small label over its value; a row never splits. */
  private factGrid(facts: Array<[LocalizedText, string]>): void {
    const { flow } = this;
    const gutter = 16;
    const cell = (flow.width - gutter) / 2;
    const label: TextStyle = { size: 7.5, color: COLOR.faint };
    const value: TextStyle = { size: 9.5 };
    for (let i = 0; i < facts.length; i += 2) {
      const pair = facts.slice(i, i + 2).map(([l, v]) => ({ label: this.t(l), value: v }));
      const height = Math.max(...pair.map((f) => flow.heightOf(f.label, cell, label) + flow.heightOf(f.value, cell, value))) + 7;
      flow.ensure(height);
      pair.forEach((f, k) => {
        const x = flow.left + k * (cell + gutter);
        const labelHeight = flow.textAt(f.label, x, flow.y + 3, cell, label);
        flow.textAt(f.value, x, flow.y + 3 + labelHeight, cell, value);
      });
      flow.y += height;
      flow.rule(flow.left, flow.right, flow.y - 1);
    }
  }

  /** A titled block (team, sign-offs ...), drawn together with the block's first row. */
  private blockTitle(text: string, indent = 0): void {
    const { flow } = this;
    const style: TextStyle = { size: 10.5, bold: true, color: COLOR.accent };
    const width = flow.width - indent;
    flow.gap(10);
    flow.keepWithNext(flow.heightOf(text, width, style) + 5, () => {
      flow.y += flow.textAt(text, flow.left + indent, flow.y, width, style) + 1;
      flow.rule(flow.left + indent, flow.right, flow.y, COLOR.accent);
      flow.y += 4;
    });
  }

  private team(): void {
    const { report } = this;
    this.blockTitle(this.t(UI.team));
    if (!report.team.length) return this.flow.paragraph(this.t(UI.none), STYLE.label);
    this.flow.table(
      [NUMBER_COLUMN, { header: this.t(UI.name) }, { header: this.t(UI.role) }],
      report.team.map((m, i) => [String(i + 1), m.name, this.key('role', m.role)]),
    );
  }

  private complaints(): void {
    const { report } = this;
    this.blockTitle(this.t(UI.complaints));
    if (!report.complaints.length) return this.flow.paragraph(this.t(UI.none), STYLE.label);
    this.flow.table(
      [NUMBER_COLUMN, ...[UI.complaintNumber, UI.customer, UI.partNumber, UI.receivedAt, UI.description].map((h) => ({ header: this.t(h) }))],
      report.complaints.map((c, i) => [
        String(i + 1),
        c.number,
        c.customer ?? '—',
        c.partNumber ?? '—',
        c.receivedAt ? formatDateString(c.receivedAt, this.timeZone) : '—',
        c.description ?? '—',
      ]),
    );
  }

  /** A full-width bar with the section title, kept with the first `keep` points of what follows. */
  private sectionBar(title: string, keep = 120): void {
    const { flow, doc } = this;
    const style: TextStyle = { size: 11.5, bold: true, color: COLOR.white };
    flow.gap(16);
    const height = flow.heightOf(title, flow.width - 16, style) + 10;
    flow.ensure(height + keep);
    doc.save().roundedRect(flow.left, flow.y, flow.width, height, 3).fill(COLOR.accent).restore();
    flow.textAt(title, flow.left + 8, flow.y + 5, flow.width - 16, style);
    flow.y += height + 5;
  }

  private section(section: ReportSection): void {
    const { flow } = this;
    this.sectionBar(this.t(section.title));
    if (section.description) flow.paragraph(this.t(section.description), STYLE.small);
    flow.gap(3);
    flow.field(this.t(UI.status), this.key('status', section.status));
    flow.field(this.t(UI.submittedBy), section.submittedBy?.name ?? '—');
    flow.field(this.t(UI.submittedAt), this.when(section.submittedAt));
    flow.gap(4);
    if (section.data === null) {
      flow.paragraph(this.t(UI.noData), STYLE.label);
    } else {
      const reader = new SchemaReader(section.schema);
      this.object(reader, reader.resolve(section.schema, section.data), section.data, 0, this.t(section.title));
    }
    this.blockTitle(this.t(UI.signOffs));
    if (!section.signOffs.length) return flow.paragraph(this.t(UI.noSignOffs), STYLE.label);
    flow.table(
      [NUMBER_COLUMN, ...[UI.signedBy, UI.role, UI.meaning, UI.signedAt, UI.comment].map((h) => ({ header: this.t(h) }))],
      section.signOffs.map((s, i) => [String(i + 1), s.by.name, this.key('role', s.role), [s.meaning ? this.key('meaning', s.meaning) : '—', ...(s.signature ? [`(${this.t(UI.eSigned)})`] : [])].join(' '), this.when(s.at), s.comment ?? '—']),
    );
  }

  private object(reader: SchemaReader, schema: JsonSchema, value: Record<string, unknown>, indent: number, context: string): void {
    for (const key of orderedKeys(schema, value)) {
      this.value(reader, reader.property(schema, key, value[key]), key, value[key], indent, context);
    }
  }

  private text(schema: JsonSchema, value: unknown): string {
    return this.t(scalarText(schema, value, this.timeZone));
  }

  private value(reader: SchemaReader, schema: JsonSchema, key: string, value: unknown, indent: number, context: string): void {
    const label = this.t(titleOf(schema, key));
    if (isScalar(value)) return this.flow.field(label, this.text(schema, value), indent);
    if (Array.isArray(value)) return this.array(reader, schema, label, value, indent);
    if (isFishbone(schema, value)) return this.fishbone(reader, schema, label, value, indent, context);
    this.subheading(label, schema, indent);
    this.object(reader, schema, value as Record<string, unknown>, indent + INDENT, label);
  }

  /** The label of an object or list (and its x-description), drawn together with the first thing under it. */
  private subheading(label: string, schema: JsonSchema, indent: number): void {
    const { flow } = this;
    const style: TextStyle = { size: 9.5, bold: true, color: COLOR.accent };
    const description = descriptionOf(schema) && this.t(descriptionOf(schema)!);
    const width = flow.width - indent;
    flow.gap(6);
    const height = flow.heightOf(label, width, style) + 1 + (description ? flow.heightOf(description, width, STYLE.small) + 1 : 0) + 2;
    flow.keepWithNext(height, () => {
      flow.y += flow.textAt(label, flow.left + indent, flow.y, width, style) + 1;
      if (description) flow.y += flow.textAt(description, flow.left + indent, flow.y, width, STYLE.small) + 1;
      flow.y += 2;
    });
  }

  private array(reader: SchemaReader, schema: JsonSchema, label: string, value: unknown[], indent: number): void {
    const { flow } = this;
    if (!value.length) return flow.field(label, this.t(UI.none), indent);
    const items = value.map((item, i) => ({ item, schema: reader.item(schema, i, item) }));
    if (value.every(isScalar)) {
      return flow.field(label, items.map((x, i) => `${i + 1}. ${this.text(x.schema, x.item)}`).join('\n'), indent);
    }
    this.subheading(label, schema, indent);
    if (isFiveWhys(items[0].schema, value)) return this.fiveWhys(reader, items[0].schema, value, indent);

    const objects = items.every((x) => isObject(x.item));
    const keys = objects ? unionKeys(items.map((x) => orderedKeys(x.schema, x.item as Record<string, unknown>))) : [];
    const flat = objects && items.every((x) => Object.values(x.item as Record<string, unknown>).every(isScalar));
    if (flat && keys.length <= MAX_TABLE_COLUMNS) {
      const headSchema = items[0].schema;
      flow.table(
        [NUMBER_COLUMN, ...keys.map((k) => ({ header: this.t(titleOf(reader.property(headSchema, k, undefined), k)) }))],
        items.map((x, i) => {
          const row = x.item as Record<string, unknown>;
          return [String(i + 1), ...keys.map((k) => (row[k] === undefined ? '' : this.text(reader.property(x.schema, k, row[k]), row[k])))];
        }),
        indent,
      );
      return;
    }
    items.forEach((x, i) => {
      if (!isObject(x.item)) return flow.field(`#${i + 1}`, isScalar(x.item) ? this.text(x.schema, x.item) : JSON.stringify(x.item), indent + INDENT);
      this.subheading(`#${i + 1}`, {}, indent + INDENT);
      this.object(reader, x.schema, x.item, indent + 2 * INDENT, label);
    });
  }

  private fiveWhys(reader: SchemaReader, itemSchema: JsonSchema, steps: Array<Record<string, unknown>>, indent: number): void {
    const numbered = (key: string, n: number): string => {
      const title = titleOf(reader.property(itemSchema, key, undefined), key);
      return this.t({ 'zh-CN': `${title['zh-CN']} ${n}`, en: `${title.en} ${n}` });
    };
    const because = this.t(titleOf(reader.property(itemSchema, 'because', undefined), 'because'));
    drawFiveWhys(
      this.flow,
      steps.map((step, i) => ({
        whyLabel: numbered('why', i + 1),
        why: this.text({}, step.why ?? '—'),
        becauseLabel: because,
        because: this.text({}, step.because ?? '—'),
      })),
      indent,
    );
    this.flow.gap(6);
    // Any further fields of a step (an evidence column a template may add) print under the chain.
    steps.forEach((step, i) => {
      const rest = orderedKeys(itemSchema, step).filter((k) => k !== 'why' && k !== 'because');
      for (const key of rest) this.value(reader, reader.property(itemSchema, key, step[key]), key, step[key], indent, `#${i + 1}`);
    });
  }

  private fishbone(reader: SchemaReader, schema: JsonSchema, label: string, value: Record<string, unknown>, indent: number, context: string): void {
    const declared = isObject(schema.properties) ? Object.keys(schema.properties) : Object.keys(value);
    const order = [...SIX_M.filter((m) => declared.includes(m)), ...declared.filter((k) => !(SIX_M as readonly string[]).includes(k))];
    const bones = order.map((key) => ({
      label: this.t(titleOf(reader.property(schema, key, value[key]), key)),
      causes: Array.isArray(value[key]) ? (value[key] as string[]) : [],
    }));
    this.subheading(label, schema, indent);
    const { cut } = drawFishbone(this.flow, { effect: context, bones, more: (n) => this.t(fillIn(UI.more, { n })) }, indent);
    if (!cut) return;
    this.subheading(this.t(UI.causesInFull), {}, indent);
    for (const bone of bones) {
      this.flow.field(bone.label, bone.causes.length ? bone.causes.map((c, i) => `${i + 1}. ${c}`).join('\n') : '—', indent);
    }
  }

  private effectiveness(): void {
    const { flow, report } = this;
    const check = report.effectiveness;
    this.sectionBar(this.t(UI.effectiveness), check ? 120 : 20);
    if (!check) return flow.paragraph(this.t(UI.notScheduled), STYLE.label);
    flow.field(this.t(UI.scheduledFor), check.scheduledFor ? formatDateString(check.scheduledFor, this.timeZone) : '—');
    flow.field(this.t(UI.criteria), check.criteria ?? '—');
    flow.field(this.t(UI.result), this.key('status', check.result));
    flow.field(this.t(UI.evidence), check.evidence ?? '—');
    flow.field(this.t(UI.recordedBy), check.recordedBy ?? '—');
    flow.field(this.t(UI.recordedAt), this.when(check.recordedAt));
  }

  /** Running header from page 2 on, and on every page the generation time and "page n of N". */
  private stampPages(): void {
    const { doc, flow, report } = this;
    const range = doc.bufferedPageRange();
    const generated = `${report.number} · ${this.t(UI.generatedAt)} ${this.when(report.generatedAt)} (${this.timeZone})`;
    const running = flow.fitLine(`${report.number} · ${report.title}`, flow.width, STYLE.small).text;
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing into the margins must not make pdfkit start a new page.
      const { margins } = doc.page;
      const saved = { ...margins };
      Object.assign(margins, { top: 0, bottom: 0 });
      const footerY = doc.page.height - MARGINS.bottom + 16;
      flow.rule(flow.left, flow.right, footerY - 5);
      const page = this.t(fillIn(UI.page, { n: i - range.start + 1, total: range.count }));
      const pageWidth = flow.widthOf(page, STYLE.small);
      const left = flow.fitLine(generated, flow.width - pageWidth - 20, STYLE.small).text;
      flow.use(STYLE.small).text(left, flow.left, footerY, { lineBreak: false });
      flow.use(STYLE.small).text(page, flow.right - pageWidth, footerY, { lineBreak: false });
      if (i > range.start) {
        flow.use(STYLE.small).text(running, flow.left, MARGINS.top - 26, { lineBreak: false });
        flow.rule(flow.left, flow.right, MARGINS.top - 14);
      }
      Object.assign(margins, saved);
    }
  }
}

/** Keys in first-seen order across items, so a column appears where the schema puts it. */
function unionKeys(lists: string[][]): string[] {
  const keys: string[] = [];
  for (const list of lists) for (const key of list) if (!keys.includes(key)) keys.push(key);
  return keys;
}
