import { inflateSync } from 'node:zlib';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
let pdfjs: Promise<PdfJs> | undefined;

/** pdfjs-dist's legacy build (the one meant for Node), loaded once. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

export async function openPdf(pdf: Buffer) {
  const { getDocument } = await loadPdfJs();
  return getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
}

/** The text of every page as pdfjs extracts it (items joined as laid out, lines by newlines). */
export async function pageTexts(pdf: Buffer): Promise<string[]> {
  const document = await openPdf(pdf);
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await document.destroy();
  return pages;
}

/** Whitespace-free text, so a check does not depend on where a line happened to wrap. */
export const squeeze = (text: string): string => text.replace(/\s+/g, '');

export interface EmbeddedFont {
  baseFont: string;
  /** The font program is in the file (FontFile2 for TrueType, FontFile3 for CFF). */
  embedded: boolean;
  /** code -> text, from the font's ToUnicode CMap. */
  toUnicode: Map<number, string>;
}

/**
 * The Type0 fonts of a pdfkit PDF with their ToUnicode maps, read straight from the file (pdfkit writes no
 * object streams). pdfkit maps a character the font lacks to code 0 (.notdef), so code 0 is where a lost
 * glyph would show.
 */
export function embeddedFonts(pdf: Buffer): EmbeddedFont[] {
  const body = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  const objectPattern = /(\d+) 0 obj\s*<</g;
  for (let m = objectPattern.exec(body); m; m = objectPattern.exec(body)) {
    const dictStart = m.index + m[0].length - 2;
    const dictEnd = balancedDictEnd(body, dictStart);
    const dict = body.slice(dictStart, dictEnd);
    const entry: { dict: string; stream?: Buffer } = { dict };
    const streamStart = /^\s*stream\r?\n/.exec(body.slice(dictEnd, dictEnd + 16));
    if (streamStart) {
      const start = dictEnd + streamStart[0].length;
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const raw = pdf.subarray(start, start + length);
      entry.stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    objects.set(Number(m[1]), entry);
    objectPattern.lastIndex = dictEnd;
  }
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
  const fonts: EmbeddedFont[] = [];
  for (const { dict } of objects.values()) {
    if (!/\/Subtype \/Type0/.test(dict)) continue;
    const descendant = objects.get(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(dict)?.[1]));
    const descriptor = descendant && objects.get(ref(descendant.dict, 'FontDescriptor'));
    const cmap = objects.get(ref(dict, 'ToUnicode'))?.stream?.toString('latin1') ?? '';
    fonts.push({
      baseFont: /\/BaseFont \/([^\s/]+)/.exec(dict)?.[1] ?? '',
      embedded: !!descriptor && /\/FontFile[23]? \d+ 0 R/.test(descriptor.dict),
      toUnicode: parseToUnicode(cmap),
    });
  }
  return fonts;
}

/** The end of the dictionary opening at `start` ("<<"), nested dictionaries included. */
function balancedDictEnd(body: string, start: number): number {
  let depth = 0;
  for (let i = start; i < body.length - 1; i++) {
    if (body[i] === '<' && body[i + 1] === '<') [depth, i] = [depth + 1, i + 1];
    else if (body[i] === '>' && body[i + 1] === '>') {
      [depth, i] = [depth - 1, i + 1];
      if (depth === 0) return i + 1;
    }
  }
  return body.length;
}

const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');

function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi)) {
      const [from, to] = [parseInt(line[1], 16), parseInt(line[2], 16)];
      if (line[3].startsWith('[')) {
        const targets = [...line[3].matchAll(/<([0-9a-f]+)>/gi)].map((t) => utf16(t[1]));
        targets.forEach((text, i) => map.set(from + i, text));
      } else {
        const first = utf16(line[3].slice(1, -1));
        for (let code = from; code <= to; code++) map.set(code, String.fromCodePoint(first.codePointAt(0)! + code - from));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const line of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) map.set(parseInt(line[1], 16), utf16(line[2]));
  }
  return map;
}
