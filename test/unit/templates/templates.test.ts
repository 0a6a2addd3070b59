import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SchemaCompiler } from '../../../src/shared/json-schema/schema-compiler';
import { checkComplaintType, loadTemplateDirectory, registerMetaSchemas, TemplateError } from '../../../src/templates/template-files';

const templatesDir = join(__dirname, '../../../templates');
let schemas: SchemaCompiler;

beforeAll(() => {
  schemas = new SchemaCompiler();
  registerMetaSchemas(schemas);
});

const shipped = () => JSON.parse(readFileSync(join(templatesDir, 'complaint-types/product-quality.json'), 'utf8')) as Record<string, unknown>;

/** Every x-title / title-like object in a template: each must carry both zh-CN and en. */
function localizedTexts(value: unknown, path = '', namesOnly = false): Array<{ path: string; text: Record<string, unknown> }> {
  if (!value || typeof value !== 'object') return [];
  const out: Array<{ path: string; text: Record<string, unknown> }> = [];
  for (const [key, child] of Object.entries(value)) {
    // Under `properties` the keys are field names, whatever they are called.
    if (namesOnly) out.push(...localizedTexts(child, `${path}/${key}`));
    else if (key === 'properties') out.push(...localizedTexts(child, `${path}/${key}`, true));
    else if (['x-title', 'x-description', 'title', 'description'].includes(key) && child && typeof child === 'object') out.push({ path: `${path}/${key}`, text: child as Record<string, unknown> });
    else if (key === 'x-enum-titles') for (const [k, t] of Object.entries(child as object)) out.push({ path: `${path}/${key}/${k}`, text: t as Record<string, unknown> });
    else out.push(...localizedTexts(child, `${path}/${key}`));
  }
  return out;
}

describe('shipped templates', () => {
  it('load, pass their meta-schema and compile in strict mode', async () => {
    const loaded = await loadTemplateDirectory(schemas, templatesDir);
    expect(loaded.map((t) => t.key)).toEqual(['delivery', 'product-quality']);
    for (const t of loaded) expect(t.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('have every user-visible title in zh-CN and en', async () => {
    for (const t of await loadTemplateDirectory(schemas, templatesDir)) {
      const { uiSchema: _ui, ...rest } = t.content;
      const texts = localizedTexts(rest);
      expect(texts.length).toBeGreaterThan(10);
      for (const { path, text } of texts) {
        expect(typeof text['zh-CN'], `${t.key}${path} zh-CN`).toBe('string');
        expect(typeof text.en, `${t.key}${path} en`).toBe('string');
      }
      // every enum value of the intake form has a bilingual title
      const props = (t.content.intakeSchema as { properties: Record<string, { enum?: string[]; 'x-enum-titles'?: Record<string, unknown> }> }).properties;
      for (const [name, prop] of Object.entries(props)) {
        if (prop.enum) expect(Object.keys(prop['x-enum-titles'] ?? {}).sort(), `${t.key} ${name}`).toEqual([...prop.enum].sort());
      }
    }
  });
});

describe('checkComplaintType', () => {
  it.each([
    { title: 'missing English title', change: (t: Record<string, unknown>) => ({ ...t, title: { 'zh-CN': '产品质量投诉' } }), problem: /^\/title\/en is required/ },
    { title: 'bad key', change: (t: Record<string, unknown>) => ({ ...t, key: 'Product Quality' }), problem: /^\/key / },
    { title: 'unknown top-level property', change: (t: Record<string, unknown>) => ({ ...t, colour: 'red' }), problem: /^\/colour is not allowed/ },
    { title: 'unknown keyword in the intake schema (strict mode)', change: (t: Record<string, unknown>) => ({ ...t, intakeSchema: { type: 'object', properties: { a: { type: 'string', maxLenght: 3 } } } }), problem: /^\/intakeSchema .*maxLenght/ },
    { title: 'remote $ref in the intake schema', change: (t: Record<string, unknown>) => ({ ...t, intakeSchema: { $ref: 'https://example.com/schema.json' } }), problem: /^\/intakeSchema .*(resolve|reference)/i },
    { title: 'invalid intake schema', change: (t: Record<string, unknown>) => ({ ...t, intakeSchema: { type: 'object', required: 'a' } }), problem: /^\/intakeSchema / },
  ])('reports $title', ({ change, problem }) => {
    const problems = checkComplaintType(schemas, change(shipped()));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => problem.test(p)), problems.join('\n')).toBe(true);
  });

  it('accepts the shipped template', () => {
    expect(checkComplaintType(schemas, shipped())).toEqual([]);
  });
});

describe('loadTemplateDirectory', () => {
  function dirWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'cq-templates-'));
    mkdirSync(join(dir, 'complaint-types'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'complaint-types', name), content);
    return dir;
  }

  it.each<{ title: string; files: Record<string, string>; message: RegExp }>([
    { title: 'a file that is not JSON', files: { 'a.json': '{ nope' }, message: /a\.json: not valid JSON/ },
    { title: 'a template failing its meta-schema', files: { 'a.json': JSON.stringify({ ...shipped(), title: { en: 'x' } }) }, message: /a\.json: \/title\/zh-CN is required/ },
    { title: 'two templates with one key', files: { 'a.json': JSON.stringify(shipped()), 'b.json': JSON.stringify(shipped()) }, message: /b\.json: duplicate complaint type key product-quality/ },
  ])('refuses $title, naming the file', async ({ files, message }) => {
    await expect(loadTemplateDirectory(schemas, dirWith(files))).rejects.toThrow(TemplateError);
    await expect(loadTemplateDirectory(schemas, dirWith(files))).rejects.toThrow(message);
  });
});
