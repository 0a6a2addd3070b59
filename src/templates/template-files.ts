import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { canonicalJson, sha256 } from '../shared/canonical-json';
import { JSON_DEPTH_CEILING, jsonInputProblem } from '../shared/json-input';
import type { SchemaCompiler } from '../shared/json-schema/schema-compiler';
import { checkTemplate, hasErrors, type TemplateProblem, type TemplateSet } from './template-check';
import { TEMPLATE_KIND_NAMES, TEMPLATE_KINDS, type TemplateKind } from '../shared/template-kinds';

const MAX_TEMPLATE_FILE_BYTES = 512 * 1024;

/** schemas/ sits beside src/ and dist/ alike. */
const SCHEMAS_DIR = join(__dirname, '../../schemas');

export interface LoadedTemplate {
  kind: TemplateKind;
  key: string;
  content: Record<string, unknown>;
  contentHash: string;
  file: string;
  warnings: TemplateProblem[];
}

/** A template file that cannot be loaded; names the file and each problem. */
export class TemplateError extends Error {}

/** Registers every meta-schema in schemas/ under its $id, so templates and meta-schemas can $ref each other. */
export function registerMetaSchemas(schemas: SchemaCompiler): void {
  for (const name of readdirSync(SCHEMAS_DIR).filter((n) => n.endsWith('.schema.json')).sort()) {
    schemas.addSchema(JSON.parse(readFileSync(join(SCHEMAS_DIR, name), 'utf8')) as { $id: string });
  }
}

/** The hash that identifies a template's content (the editor-only `$schema` hint excluded). */
export function templateContent(content: Record<string, unknown>): { content: Record<string, unknown>; contentHash: string } {
  const { $schema: _editorHint, ...stored } = content;
  return { content: stored, contentHash: sha256(canonicalJson(stored)) };
}

/** A set over loaded templates, for reference checks. */
export function setOf(templates: Array<{ kind: TemplateKind; key: string; content: unknown }>): TemplateSet {
  const index = new Map(templates.map((t) => [`${t.kind}/${t.key}`, t.content]));
  return { get: (kind, key) => index.get(`${kind}/${key}`), all: () => templates };
}

const show = (file: string) => relative(process.cwd(), file) || file;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A template (or bundle) file as a JSON object, held to the checks GraphQL inputs get; TemplateError otherwise. */
export async function readTemplateFile(file: string, { maxDepth = JSON_DEPTH_CEILING, maxBytes = MAX_TEMPLATE_FILE_BYTES } = {}): Promise<Record<string, unknown>> {
  if ((await stat(file)).size > maxBytes) throw new TemplateError(`${show(file)}: larger than ${maxBytes} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(await readFile(file)));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
  } catch (error) {
    throw new TemplateError(`${show(file)}: not valid JSON: ${(error as Error).message}`);
  }
  const problem = jsonInputProblem(parsed, maxDepth);
  if (problem?.reason === 'JSON_TOO_DEEP') throw new TemplateError(`${show(file)}: nested more than ${maxDepth} levels deep`);
  if (problem) throw new TemplateError(`${show(file)}: /${problem.pointer} contains a NUL character or an unpaired UTF-16 surrogate`);
  return parsed as Record<string, unknown>;
}

/**
 * Reads every template under `dir` (organization.json, complaint-types/, investigations/, approval-routes/,
 * escalation-policies/), checks each against its meta-schema, the save gate and the references among them;
 * throws TemplateError naming the first bad file and all its problems.
 */
export async function loadTemplateDirectory(schemas: SchemaCompiler, dir: string): Promise<LoadedTemplate[]> {
  const files: Array<{ kind: TemplateKind; file: string }> = [];
  for (const kind of TEMPLATE_KIND_NAMES) {
    const { directory, file } = TEMPLATE_KINDS[kind];
    if (file) files.push({ kind, file: join(dir, file) });
    if (directory) {
      let names: string[];
      try {
        names = (await readdir(join(dir, directory))).filter((n) => n.endsWith('.json')).sort();
      } catch (error) {
        throw new TemplateError(`cannot read ${kind} templates from ${join(dir, directory)}: ${(error as Error).message}`);
      }
      files.push(...names.map((n) => ({ kind, file: join(dir, directory, n) })));
    }
  }
  const loaded: LoadedTemplate[] = [];
  for (const { kind, file } of files) {
    const raw = await readTemplateFile(file);
    if (raw.kind !== kind) throw new TemplateError(`${show(file)}: /kind must be ${JSON.stringify(kind)} in this folder`);
    const key = String(raw.key);
    if (loaded.some((t) => t.kind === kind && t.key === key)) throw new TemplateError(`${show(file)}: duplicate ${kind} key ${key}`);
    loaded.push({ kind, key, ...templateContent(raw), file: show(file), warnings: [] });
  }
  const set = setOf(loaded);
  for (const template of loaded) {
    const problems = checkTemplate(schemas, template.kind, template.content, set);
    if (hasErrors(problems)) {
      const list = problems.filter((p) => p.severity === 'error').map((p) => `${p.path || '/'} ${p.code}: ${p.message}`);
      throw new TemplateError(`${template.file}: ${list.join('; ')}`);
    }
    template.warnings = problems;
  }
  return loaded;
}
