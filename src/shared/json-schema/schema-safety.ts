import isSafeRegex from 'safe-regex2';

/** Limits of a schema an admin may save: templates are data, not a place for megabytes or deep nesting. */
export const MAX_EMBEDDED_SCHEMA_BYTES = 256 * 1024;
export const MAX_SCHEMA_DEPTH = 32;

export interface SchemaFinding {
  /** JSON pointer inside the template. */
  path: string;
  code: 'REMOTE_REF' | 'DATA_REF' | 'SCHEMA_TOO_LARGE' | 'SCHEMA_TOO_DEEP' | 'UNSAFE_REGEX' | 'INVALID_REGEX' | 'UNBOUNDED_STRING' | 'MISSING_TRANSLATION';
  message: string;
  severity: 'error' | 'warning';
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const LOCALES = ['zh-CN', 'en'];

/**
 * The save gate for a schema embedded in a template (an intake form, an 8D section, a condition): only local
 * `$ref`s, no `$data`, bounded size and depth, regular expressions that cannot backtrack catastrophically
 * (star height checked by safe-regex2), and for forms bilingual labels and enum titles. Strings constrained by `pattern`/`format` without
 * `maxLength` get a warning.
 */
export function checkSchemaSafety(schema: unknown, basePath: string, { form }: { form: boolean }): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  const size = JSON.stringify(schema ?? null).length;
  if (size > MAX_EMBEDDED_SCHEMA_BYTES) {
    findings.push({ path: basePath, code: 'SCHEMA_TOO_LARGE', message: `schema is ${size} bytes; at most ${MAX_EMBEDDED_SCHEMA_BYTES}`, severity: 'error' });
    return findings;
  }
  const regex = (pattern: unknown, path: string) => {
    if (typeof pattern !== 'string') return;
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      findings.push({ path, code: 'INVALID_REGEX', message: `not a valid regular expression: ${(error as Error).message}`, severity: 'error' });
      return;
    }
    if (!isSafeRegex(pattern)) findings.push({ path, code: 'UNSAFE_REGEX', message: `regular expression ${JSON.stringify(pattern)} can backtrack catastrophically (nested quantifiers)`, severity: 'error' });
  };
  const translations = (value: unknown, path: string) => {
    const missing = LOCALES.filter((l) => typeof (value as Record<string, unknown> | null)?.[l] !== 'string' || !(value as Record<string, string>)[l].trim());
    if (missing.length) findings.push({ path, code: 'MISSING_TRANSLATION', message: `needs text in ${missing.join(' and ')}`, severity: 'error' });
  };
  const walk = (node: unknown, path: string, depth: number): void => {
    if (!node || typeof node !== 'object') return;
    if (depth > MAX_SCHEMA_DEPTH) {
      findings.push({ path, code: 'SCHEMA_TOO_DEEP', message: `nested deeper than ${MAX_SCHEMA_DEPTH} levels`, severity: 'error' });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}/${i}`, depth + 1));
      return;
    }
    const obj = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(obj)) {
      const at = `${path}/${escape(key)}`;
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
        findings.push({ path: at, code: 'REMOTE_REF', message: `only local references ("#/...") are allowed, got ${JSON.stringify(value)}`, severity: 'error' });
      } else if (key === '$data') {
        findings.push({ path: at, code: 'DATA_REF', message: '$data references are not allowed', severity: 'error' });
      } else if (key === 'pattern') {
        regex(value, at);
      } else if (key === 'patternProperties' && value && typeof value === 'object') {
        for (const p of Object.keys(value)) regex(p, `${at}/${escape(p)}`);
      } else if (form && (key === 'x-title' || key === 'x-description')) {
        translations(value, at);
      } else if (form && key === 'x-enum-titles' && value && typeof value === 'object') {
        for (const [v, text] of Object.entries(value)) translations(text, `${at}/${escape(v)}`);
      }
      // Values under `properties` etc. are schemas; under `const`/`enum`/`default`/`examples` they are data.
      if (!['const', 'enum', 'default', 'examples', 'x-title', 'x-description', 'x-enum-titles'].includes(key)) walk(value, at, depth + 1);
    }
    // A form shows enum values to users; a condition's enum is not shown.
    if (form) enumTitles(obj, path);
    const stringy = obj.type === 'string' || (Array.isArray(obj.type) && obj.type.includes('string'));
    if (stringy && (obj.pattern !== undefined || obj.format !== undefined) && obj.maxLength === undefined && !['date', 'date-time', 'time', 'email', 'uuid'].includes(String(obj.format))) {
      findings.push({ path, code: 'UNBOUNDED_STRING', message: 'a string with pattern or format should have maxLength', severity: 'warning' });
    }
  };
  const enumTitles = (obj: Record<string, unknown>, path: string) => {
    if (Array.isArray(obj.enum) && obj['x-enum-titles'] === undefined && obj.enum.every((v) => typeof v === 'string')) {
      findings.push({ path: `${path}/enum`, code: 'MISSING_TRANSLATION', message: 'enum values need x-enum-titles in zh-CN and en', severity: 'error' });
    } else if (Array.isArray(obj.enum) && obj['x-enum-titles'] && typeof obj['x-enum-titles'] === 'object') {
      const titled = obj['x-enum-titles'] as Record<string, unknown>;
      const untitled = obj.enum.filter((v) => typeof v === 'string' && !(v in titled));
      if (untitled.length) findings.push({ path: `${path}/x-enum-titles`, code: 'MISSING_TRANSLATION', message: `no title for ${untitled.map((v) => JSON.stringify(v)).join(', ')}`, severity: 'error' });
    }
  };
  walk(schema, basePath, 0);
  return findings;
}
