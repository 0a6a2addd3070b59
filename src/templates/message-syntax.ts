import Mustache from 'mustache';
import type { Locale } from '../shared/i18n/locale';
import { PLACEHOLDER_NAMES } from './message-placeholder-catalog';

/** One thing wrong with a message text, located by a JSON pointer into the template. */
export interface MessageSyntaxProblem {
  path: string;
  code: 'TEMPLATE_SYNTAX' | 'SECTION_NOT_ALLOWED' | 'PARTIAL_NOT_ALLOWED' | 'UNESCAPED_NOT_ALLOWED' | 'DELIMITER_CHANGE_NOT_ALLOWED' | 'UNKNOWN_PLACEHOLDER';
  message: string;
}

/** A checked text: literal runs and placeholder names, in order. */
export type MessagePart = { text: string } | { name: string };

/** A private writer with caching off: every template is parsed afresh, and none is kept in memory. */
const writer = new Mustache.Writer();
(writer as unknown as { templateCache: undefined }).templateCache = undefined;

const REFUSED: Record<string, { code: MessageSyntaxProblem['code']; what: string }> = {
  '#': { code: 'SECTION_NOT_ALLOWED', what: 'sections ({{#...}}) are not allowed: messages are logic-less' },
  '^': { code: 'SECTION_NOT_ALLOWED', what: 'inverted sections ({{^...}}) are not allowed: messages are logic-less' },
  '>': { code: 'PARTIAL_NOT_ALLOWED', what: 'partials ({{>...}}) are not allowed' },
  '&': { code: 'UNESCAPED_NOT_ALLOWED', what: 'unescaped output ({{{...}}} or {{&...}}) is not allowed: values are escaped for the channel' },
  '=': { code: 'DELIMITER_CHANGE_NOT_ALLOWED', what: 'changing the delimiters ({{=...=}}) is not allowed' },
};

/**
 * Parses a message text with Mustache's own parser and keeps only plain variables ({{name}}, {{a.b}}) of the
 * placeholder catalog; comments ({{! ...}}) are dropped. Anything else is a problem at `path`.
 */
export function parseMessageText(source: string, path: string): { parts: MessagePart[]; problems: MessageSyntaxProblem[] } {
  let tokens: unknown[];
  try {
    tokens = writer.parse(source) as unknown[];
  } catch (error) {
    return { parts: [], problems: [{ path, code: 'TEMPLATE_SYNTAX', message: (error as Error).message }] };
  }
  const parts: MessagePart[] = [];
  const problems: MessageSyntaxProblem[] = [];
  for (const token of tokens as Array<[string, string, number, number]>) {
    const [type, value, start] = token;
    if (type === 'text') parts.push({ text: value });
    else if (type === 'name') {
      if (PLACEHOLDER_NAMES.has(value)) parts.push({ name: value });
      else problems.push({ path, code: 'UNKNOWN_PLACEHOLDER', message: `unknown placeholder {{${value}}} at ${start}` });
    } else if (type !== '!') {
      const refused = REFUSED[type] ?? { code: 'TEMPLATE_SYNTAX' as const, what: `tag ${type} is not allowed` };
      problems.push({ path, code: refused.code, message: `${refused.what} (at ${start})` });
    }
  }
  return { parts, problems };
}

/** The checks of every text of a message template (subject and body per locale). */
export function checkMessageTexts(texts: { [locale in Locale]: { subject: string; body: string } }): MessageSyntaxProblem[] {
  return Object.entries(texts).flatMap(([locale, t]) => [
    ...parseMessageText(t.subject, `/texts/${locale}/subject`).problems,
    ...parseMessageText(t.body, `/texts/${locale}/body`).problems,
  ]);
}

/** What a value renders as when the complaint lacks it: visible, never silently blank. */
export const missingMarker = (name: string) => `[[${name}]]`;

export interface RenderedText {
  text: string;
  used: string[];
  missing: string[];
}

/** Renders parts; `escape` applies to literal text and values alike (the HTML body escapes both). */
function render(parts: MessagePart[], values: ReadonlyMap<string, string | null>, escape: (s: string) => string, clean: (s: string) => string = (s) => s): RenderedText {
  const used = new Set<string>();
  const missing = new Set<string>();
  let text = '';
  for (const part of parts) {
    if ('text' in part) {
      text += escape(part.text);
      continue;
    }
    used.add(part.name);
    const value = values.get(part.name);
    if (value === null || value === undefined || value === '') missing.add(part.name);
    text += escape(value ? clean(value) : missingMarker(part.name));
  }
  return { text, used: [...used], missing: [...missing] };
}

const asIs = (s: string) => s;
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ');

/** HTML-escapes like Mustache's default escape (& < > " ' / ` =). */
export const escapeHtml = (s: string): string => Mustache.escape(s);

/** The subject: one line, no escaping (mail headers are encoded by the mailer). */
export function renderSubject(source: string, values: ReadonlyMap<string, string | null>): RenderedText {
  const rendered = render(parseMessageText(source, '').parts, values, asIs, oneLine);
  return { ...rendered, text: oneLine(rendered.text).trim() };
}

/** The plain-text body: values verbatim, newlines normalised to \n. */
export function renderText(source: string, values: ReadonlyMap<string, string | null>): RenderedText {
  const rendered = render(parseMessageText(source, '').parts, values, asIs, (s) => s.replace(/\r\n?/g, '\n'));
  return { ...rendered, text: rendered.text.replace(/\r\n?/g, '\n') };
}

/** The HTML body: everything escaped, paragraphs (split at blank lines) in <p>, single newlines as <br>. */
export function renderHtml(source: string, values: ReadonlyMap<string, string | null>, locale: Locale): RenderedText {
  const rendered = render(parseMessageText(source, '').parts, values, escapeHtml, (s) => s.replace(/\r\n?/g, '\n'));
  const paragraphs = rendered.text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`);
  return { ...rendered, text: `<!DOCTYPE html>\n<html lang="${locale}"><head><meta charset="utf-8"></head><body>\n${paragraphs.join('\n')}\n</body></html>\n` };
}
