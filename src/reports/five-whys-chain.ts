import { COLOR, STYLE, type PdfFlow, type TextStyle } from './pdf-flow';

export interface WhyStep {
  whyLabel: string;
  why: string;
  becauseLabel: string;
  because: string;
}

const PAD = 5;
const STEP_INDENT = 10;
const MAX_STEP_INDENT = 40;
const ARROW = 14;
const LABEL: TextStyle = { size: 7.8, bold: true, color: COLOR.accent };

/**
 * A 5-Whys chain: one box per step (why above, because below), each indented a little further and joined to
 * the next by a down arrow, so the chain reads from the symptom down to the root cause. A box moves whole to
 * the next page; a step too long for any page is printed as paragraphs.
 */
export function drawFiveWhys(flow: PdfFlow, steps: WhyStep[], indent = 0): void {
  const { doc } = flow;
  const labelWidth = Math.min(110, Math.max(...steps.flatMap((s) => [s.whyLabel, s.becauseLabel].map((l) => flow.widthOf(l, LABEL)))) + 8);
  steps.forEach((step, i) => {
    const x = flow.left + indent + Math.min(i * STEP_INDENT, MAX_STEP_INDENT);
    const width = flow.right - x;
    const textWidth = width - labelWidth - 2 * PAD;
    const whyHeight = Math.max(flow.heightOf(step.why, textWidth, STYLE.body), flow.heightOf(step.whyLabel, labelWidth - PAD, LABEL));
    const becauseHeight = Math.max(flow.heightOf(step.because, textWidth, STYLE.body), flow.heightOf(step.becauseLabel, labelWidth - PAD, LABEL));
    const height = whyHeight + becauseHeight + 3 * PAD;
    if (height > flow.pageRoom) {
      flow.paragraph(`${step.whyLabel}: ${step.why}`, STYLE.body, indent);
      flow.paragraph(`${step.becauseLabel}: ${step.because}`, STYLE.body, indent);
      flow.gap(6);
      return;
    }
    // The arrow from the previous box only when both boxes share the page.
    const arrow = i > 0 ? ARROW : 0;
    if (!flow.ensure(arrow + height) && arrow) {
      const ax = x + 8;
      doc.save().lineWidth(1).strokeColor(COLOR.accent).moveTo(ax, flow.y).lineTo(ax, flow.y + ARROW - 4).stroke();
      doc.fillColor(COLOR.accent).polygon([ax - 3.5, flow.y + ARROW - 5], [ax + 3.5, flow.y + ARROW - 5], [ax, flow.y + ARROW]).fill().restore();
      flow.y += ARROW;
    }
    const y = flow.y;
    doc.save().roundedRect(x, y, width, height, 3).fillAndStroke(COLOR.accentFill, COLOR.accent).restore();
    doc.save().rect(x + 0.5, y + 0.5, labelWidth, height - 1).fill('#dde7f3').restore();
    flow.textAt(step.whyLabel, x + PAD, y + PAD, labelWidth - PAD, LABEL);
    flow.textAt(step.why, x + labelWidth + PAD, y + PAD, textWidth, STYLE.body);
    const split = y + PAD + whyHeight + PAD / 2;
    flow.rule(x + labelWidth, x + width, split, '#b8c7db');
    flow.textAt(step.becauseLabel, x + PAD, split + PAD / 2, labelWidth - PAD, LABEL);
    flow.textAt(step.because, x + labelWidth + PAD, split + PAD / 2, textWidth, STYLE.body);
    flow.y = y + height;
  });
}
