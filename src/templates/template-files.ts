import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ComplaintTypeTemplate } from '../__generated__';
import { canonicalJson, sha256 } from '../shared/canonical-json';
import { SchemaCompileError, type SchemaCompiler, toProblems } from '../shared/json-schema/schema-compiler';

/** schemas/ sits beside src/ and dist/ alike. */
const SCHEMAS_DIR = join(__dirname, '../../schemas');
const complaintTypeMetaSchema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'complaint-type.schema.json'), 'utf8')) as { $id: string };

export const COMPLAINT_TYPE = 'complaint-type';
const MAX_TEMPLATE_FILE_BYTES = 512 * 1024;

export interface LoadedTemplate {
  kind: typeof COMPLAINT_TYPE;
  key: string;
  content: ComplaintTypeTemplate;
  contentHash: string;
  file: string;
}

/** A template that fails its meta-schema or whose embedded schemas do not compile; names the file and each problem. */
export class TemplateError extends Error {}

export function registerMetaSchemas(schemas: SchemaCompiler): void {
  schemas.addSchema(complaintTypeMetaSchema);
}

/**
 * Checks one complaint type template: the meta-schema, then its intake schema compiled in strict mode.
 * Returns the problems (empty when valid); also used when an admin publishes through the API.
 */
export function checkComplaintType(schemas: SchemaCompiler, content: unknown): string[] {
  const validateMeta = schemas.validator(complaintTypeMetaSchema.$id);
  if (!validateMeta(content)) return toProblems(validateMeta.errors, '').map((p) => `${p.path} ${p.message}`);
  const template = content as ComplaintTypeTemplate;
  try {
    schemas.compile(`intake:${sha256(canonicalJson(template.intakeSchema))}`, template.intakeSchema);
  } catch (error) {
    if (error instanceof SchemaCompileError) return [`/intakeSchema ${error.message}`];
    throw error;
  }
  return [];
}

/** Reads `<dir>/complaint-types/*.json`; throws TemplateError for the first bad file or duplicate key. */
export async function loadTemplateDirectory(schemas: SchemaCompiler, dir: string): Promise<LoadedTemplate[]> {
  const typesDir = join(dir, 'complaint-types');
  let names: string[];
  try {
    names = (await readdir(typesDir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw new TemplateError(`cannot read templates from ${typesDir}: ${(error as Error).message}`);
  }
  const loaded: LoadedTemplate[] = [];
  for (const name of names) {
    const file = join(typesDir, name);
    const shown = relative(process.cwd(), file) || file;
    if ((await stat(file)).size > MAX_TEMPLATE_FILE_BYTES) throw new TemplateError(`${shown}: larger than ${MAX_TEMPLATE_FILE_BYTES} bytes`);
    let content: unknown;
    try {
      content = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new TemplateError(`${shown}: not valid JSON: ${(error as Error).message}`);
    }
    const problems = checkComplaintType(schemas, content);
    if (problems.length) throw new TemplateError(`${shown}: ${problems.join('; ')}`);
    const template = content as ComplaintTypeTemplate;
    if (loaded.some((t) => t.key === template.key)) throw new TemplateError(`${shown}: duplicate complaint type key ${template.key}`);
    const { $schema: _editorHint, ...stored } = template;
    loaded.push({ kind: COMPLAINT_TYPE, key: template.key, content: stored, contentHash: sha256(canonicalJson(stored)), file: shown });
  }
  return loaded;
}
