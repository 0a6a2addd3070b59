import type { Locale } from '../shared/i18n/locale';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A template's JSON Schema as a form renderer wants it in one language: `x-title`/`x-description` become
 * `title`/`description`, a titled `enum` becomes `oneOf: [{const, title}]` (react-jsonschema-form and JSON
 * Forms both render that as labelled options), and our `x-*` annotations are dropped. Validation is unchanged.
 */
export function localizeSchema(schema: Json, locale: Locale): Json {
  if (Array.isArray(schema)) return schema.map((s) => localizeSchema(s, locale));
  if (!schema || typeof schema !== 'object') return schema;
  const out: { [key: string]: Json } = {};
  const text = (value: Json | undefined) => (value && typeof value === 'object' && !Array.isArray(value) ? (value[locale] as string | undefined) : undefined);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'x-title') {
      const t = text(value);
      if (t !== undefined) out.title = t;
    } else if (key === 'x-description') {
      const t = text(value);
      if (t !== undefined) out.description = t;
    } else if (key.startsWith('x-') || key === 'tsType') {
      continue;
    } else if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') {
      out[key] = value;
    } else {
      out[key] = localizeSchema(value, locale);
    }
  }
  const titles = schema['x-enum-titles'];
  if (Array.isArray(schema.enum) && titles && typeof titles === 'object' && !Array.isArray(titles)) {
    out.oneOf = schema.enum.map((v) => ({ const: v, title: text((titles as Record<string, Json>)[String(v)]) ?? String(v) }));
    delete out.enum;
  }
  return out;
}
