import { COLOR, type PdfFlow, type TextStyle } from './pdf-flow';

export interface Fishbone {
  /** The effect in the head: the question the causes answer. */
  effect: string;
  /** The bones in drawing order: the first half above the spine, the rest below. */
  bones: Array<{ label: string; causes: string[] }>;
  /** "n more" for a bone with more causes than fit, in the report's languages. */
  more: (n: number) => string;
}

/** Lines of cause text one bone may take; a cause takes at most two. */
const MAX_LINES = 8;
const LINES_PER_CAUSE = 2;
const LINE = 10;
const LABEL_HEIGHT = 15;
const HEAD_WIDTH = 100;
const SLANT = 24;
const CAUSE: TextStyle = { size: 7.2 };
const BONE_LABEL: TextStyle = { size: 7.8, bold: true, color: COLOR.white };
const HEAD: TextStyle = { size: 8, bold: true, color: COLOR.accent };

/** A bone's causes as blocks of lines, numbered, cut to fit; the last block may be "n more". */
function layoutBone(flow: PdfFlow, causes: string[], width: number, more: (n: number) => string): { blocks: string[][]; cut: boolean } {
  const blocks: string[][] = [];
  let used = 0;
  let cut = false;
  for (let k = 0; k < causes.length; k++) {
    const wrapped = balanced(flow, `${k + 1}. ${causes[k]}`, width);
    const reserve = k < causes.length - 1 ? 1 : 0;
    if (used + wrapped.lines.length + reserve > MAX_LINES) {
      blocks.push([more(causes.length - k)]);
      return { blocks, cut: true };
    }
    blocks.push(wrapped.lines);
    used += wrapped.lines.length;
    cut ||= wrapped.cut;
  }
  return { blocks, cut };
}

/** Wraps a cause; when it takes two whole lines, at the narrowest width that keeps it to two (no orphan word). */
function balanced(flow: PdfFlow, text: string, width: number): { lines: string[]; cut: boolean } {
  const wrapped = flow.wrapLines(text, width, CAUSE, LINES_PER_CAUSE);
  if (wrapped.cut || wrapped.lines.length < 2) return wrapped;
  let best = wrapped;
  let [low, high] = [width / 2, width];
  for (let step = 0; step < 6; step++) {
    const mid = (low + high) / 2;
    const trial = flow.wrapLines(text, mid, CAUSE, LINES_PER_CAUSE);
    if (trial.cut) low = mid;
    else [best, high] = [trial, mid];
  }
  return best;
}

/**
 * Draws an Ishikawa diagram across the page: a spine to the effect box, slanted bones ending in labelled
 * tabs, and each cause on a rib along its bone (two lines at most). Returns whether any cause was cut or
 * left out, so the caller can list the causes in full below.
 */
export function drawFishbone(flow: PdfFlow, fishbone: Fishbone, indent = 0): { cut: boolean } {
  const { doc } = flow;
  const x0 = flow.left + indent;
  const headX = flow.right - HEAD_WIDTH;
  const upper = fishbone.bones.slice(0, Math.ceil(fishbone.bones.length / 2));
  const lower = fishbone.bones.slice(upper.length);
  const perRow = Math.max(upper.length, lower.length, 1);
  const pitch = (headX - 10 - SLANT - x0) / perRow;
  const textWidth = pitch - 10;

  const laidOut = fishbone.bones.map((bone) => layoutBone(flow, bone.causes, textWidth, fishbone.more));
  const cut = laidOut.some((l) => l.cut);
  const linesOf = (from: number, to: number) => Math.max(2, ...laidOut.slice(from, to).map((l) => l.blocks.flat().length));
  const upperLines = linesOf(0, upper.length);
  const lowerLines = lower.length ? linesOf(upper.length, fishbone.bones.length) : 0;
  const halfHeight = (lines: number) => LABEL_HEIGHT + 6 + lines * LINE + 8;
  const height = halfHeight(upperLines) + (lower.length ? halfHeight(lowerLines) : 24);

  flow.ensure(height + 8);
  const top = flow.y + 4;
  const spineY = top + halfHeight(upperLines);

  // Spine with an arrowhead into the effect box.
  doc.save().lineWidth(1.8).strokeColor(COLOR.accent).moveTo(x0, spineY).lineTo(headX - 6, spineY).stroke();
  doc.fillColor(COLOR.accent).polygon([headX - 7, spineY - 4], [headX, spineY], [headX - 7, spineY + 4]).fill().restore();

  const headHeight = Math.min(height - 8, Math.max(44, flow.heightOf(fishbone.effect, HEAD_WIDTH - 10, HEAD) + 10));
  const headY = Math.max(top, Math.min(spineY - headHeight / 2, top + height - headHeight));
  doc.save().roundedRect(headX, headY, HEAD_WIDTH, headHeight, 4).fillAndStroke(COLOR.accentFill, COLOR.accent).restore();
  flow.use(HEAD).text(fishbone.effect, headX + 5, headY + 5, { width: HEAD_WIDTH - 10, height: headHeight - 8, ellipsis: '…', lineGap: 1 });

  const drawRow = (row: Fishbone['bones'], first: number, above: boolean, lines: number) => {
    const outerY = above ? top + LABEL_HEIGHT : spineY + halfHeight(lines) - LABEL_HEIGHT;
    row.forEach((bone, i) => {
      const outerX = x0 + pitch * (i + 1) - 4;
      const boneX = (y: number) => outerX + (SLANT * (y - outerY)) / (spineY - outerY);
      doc.save().lineWidth(1).strokeColor(COLOR.accent).moveTo(outerX, outerY).lineTo(outerX + SLANT, spineY).stroke().restore();

      const label = flow.fitLine(bone.label, pitch - 14, BONE_LABEL).text;
      const labelWidth = flow.widthOf(label, BONE_LABEL) + 10;
      const labelY = above ? outerY - LABEL_HEIGHT : outerY;
      doc.save().roundedRect(outerX - labelWidth / 2, labelY, labelWidth, LABEL_HEIGHT, 3).fill(COLOR.accent).restore();
      flow.use(BONE_LABEL).text(label, outerX - labelWidth / 2, labelY + 3, { width: labelWidth, align: 'center', lineBreak: false });

      // Causes stack from the spine outwards, so a short list sits next to the spine on both halves.
      const blocks = laidOut[first + i].blocks;
      const total = blocks.flat().length;
      let lineIndex = 0;
      for (const block of blocks) {
        let left = Infinity;
        let ribY = 0;
        for (const text of block) {
          const textTop = above ? spineY - 6 - (total - lineIndex) * LINE : spineY + 6 + lineIndex * LINE;
          // The bone slants, so the text keeps clear of it over its whole height.
          const right = Math.min(boneX(textTop), boneX(textTop + LINE)) - 3;
          const x = right - flow.widthOf(text, CAUSE);
          flow.use(CAUSE).text(text, x, textTop, { lineBreak: false });
          left = Math.min(left, x);
          ribY = textTop + LINE - 0.3;
          lineIndex++;
        }
        doc.save().lineWidth(0.4).strokeColor(COLOR.faint).moveTo(left, ribY).lineTo(boneX(ribY), ribY).stroke().restore();
      }
    });
  };
  drawRow(upper, 0, true, upperLines);
  if (lower.length) drawRow(lower, upper.length, false, lowerLines);

  flow.y = top + height + 4;
  return { cut };
}
