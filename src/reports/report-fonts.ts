import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

/**
 * Noto Sans SC (Adobe/Google, SIL OFL 1.1) from the npm package, so no system font is needed: TrueType
 * outlines, every GB 2312 hanzi plus Latin, and pdfkit embeds only the glyphs a document uses.
 * TrueType rather than the CID-keyed OTF: fontkit subsets glyf fonts faster and reliably (pdfkit #1106).
 */
const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';
const FILES = { regular: '400Regular/NotoSansSC_400Regular.ttf', bold: '700Bold/NotoSansSC_700Bold.ttf' } as const;

export interface ReportFonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
}

let loading: Promise<ReportFonts> | undefined;

/**
 * Reads and parses the two faces once per process (about 21 MB). pdfkit takes a parsed fontkit font as well
 * as bytes; sharing one keeps every report from parsing the shaping tables again (each document still makes
 * its own subset).
 */
export function loadReportFonts(): Promise<ReportFonts> {
  loading ??= (async () => {
    const root = dirname(require.resolve(`${FONT_PACKAGE}/package.json`));
    const [regular, bold] = await Promise.all(Object.values(FILES).map((file) => readFile(join(root, file))));
    return { regular: parse(regular, FILES.regular), bold: parse(bold, FILES.bold) };
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function parse(bytes: Buffer, file: string): fontkit.Font {
  const font = fontkit.create(bytes);
  if (!('layout' in font)) throw new Error(`${FONT_PACKAGE}/${file} is a font collection, not a single font`);
  return font;
}
