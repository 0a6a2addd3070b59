import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import localizeZh from 'ajv-i18n/localize/zh';
import { canonicalJson, sha256 } from '../canonical-json';
import { ValidationProblem } from '../errors/error-results';
import type { Locale } from '../i18n/locale';

/** Annotation keywords our templates may carry; strict mode rejects any other unknown keyword. */
const ANNOTATIONS = ['x-title', 'x-description', 'x-enum-titles', 'tsType'];

/** Largest schema we compile: a template is data an admin edits, not a place for megabytes of JSON. */
export const MAX_SCHEMA_BYTES = 256 * 1024;

/**
 * The one ajv (draft 2020-12, strict, all formats) and its compile cache. No remote $ref: there is no
 * loadSchema, so an unresolvable reference fails compilation instead of fetching anything.
 */
export class SchemaCompiler {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  /** Per schema object: templates are immutable once loaded, so the same object needs no re-hashing. */
  private readonly byObject = new WeakMap<object, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, useDefaults: false, coerceTypes: false });
    addFormats(this.ajv);
    for (const keyword of ANNOTATIONS) this.ajv.addKeyword({ keyword });
  }

  /** Registers a schema under its $id (e.g. a meta-schema), so others may $ref it. */
  addSchema(schema: { $id: string }): void {
    if (!this.ajv.getSchema(schema.$id)) this.ajv.addSchema(schema);
  }

  /** Compiles once per cache key (a content hash or $id); throws SchemaCompileError when invalid. */
  compile(cacheKey: string, schema: object): ValidateFunction {
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    if (JSON.stringify(schema).length > MAX_SCHEMA_BYTES) throw new SchemaCompileError(`schema is larger than ${MAX_SCHEMA_BYTES} bytes`);
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(schema);
    } catch (error) {
      throw new SchemaCompileError((error as Error).message);
    }
    this.cache.set(cacheKey, validate);
    return validate;
  }

  /** Compiles a schema object once: by identity, then by content hash (equal schemas share a validator). */
  compileSchema(schema: object): ValidateFunction {
    let validate = this.byObject.get(schema);
    if (!validate) {
      validate = this.compile(`schema:${sha256(canonicalJson(schema))}`, schema);
      this.byObject.set(schema, validate);
    }
    return validate;
  }

  validator(id: string): ValidateFunction {
    const validate = this.ajv.getSchema(id);
    if (!validate) throw new SchemaCompileError(`no schema registered as ${id}`);
    return validate;
  }
}

export class SchemaCompileError extends Error {}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** SCREAMING_SNAKE of an ajv keyword: minLength -> MIN_LENGTH. */
const codeOf = (keyword: string) => keyword.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

const TEXT = {
  required: { en: 'is required', 'zh-CN': '为必填项' },
  notAllowed: { en: 'is not allowed here', 'zh-CN': '不允许出现在此处' },
  oneOf: { en: 'must be one of', 'zh-CN': '必须是以下值之一：' },
  invalid: { en: 'is invalid', 'zh-CN': '无效' },
};

/**
 * ajv errors as problems with a JSON pointer into the caller's input (prefixed by `basePath`), pointing at
 * the offending property itself for `required` and `additionalProperties`, with messages in `locale`
 * (ajv-i18n for Chinese). Duplicates (same path and code) are dropped.
 */
export function toProblems(errors: ErrorObject[] | null | undefined, basePath: string, locale: Locale = 'en'): ValidationProblem[] {
  const list = (errors ?? []).map((e) => ({ ...e }));
  if (locale === 'zh-CN') localizeZh(list);
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  for (const error of list) {
    let path = basePath + error.instancePath;
    let message = error.message ?? TEXT.invalid[locale];
    if (error.keyword === 'required') {
      path += `/${escapePointer(String(error.params.missingProperty))}`;
      message = TEXT.required[locale];
    } else if (error.keyword === 'additionalProperties') {
      path += `/${escapePointer(String(error.params.additionalProperty))}`;
      message = TEXT.notAllowed[locale];
    } else if (error.keyword === 'enum') {
      message = `${TEXT.oneOf[locale]} ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const code = codeOf(error.keyword);
    const key = `${path}\u0000${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(new ValidationProblem(path || '/', code, message));
  }
  return problems;
}
