import type { LocalizedText } from '../__generated__';
import { formatDateString, verbatim, yesNo } from './report-i18n';

export type JsonSchema = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isLocalizedText = (value: unknown): value is LocalizedText =>
  isObject(value) && typeof value['zh-CN'] === 'string' && typeof value.en === 'string';

/** Guards against `$ref` loops an admin could save: past this depth a schema is taken as it stands. */
const MAX_REF_DEPTH = 32;

/**
 * Reads a section schema for display: follows local `$ref`s into `#/$defs/...` (the referring schema's own
 * keywords, such as its `x-title`, win over the target's), merges `allOf`, and picks the `oneOf`/`anyOf`
 * branch a value matches. Validation is ajv's business; this only needs labels and shapes.
 */
export class SchemaReader {
  constructor(private readonly root: JsonSchema) {}

  resolve(node: unknown, value?: unknown, depth = 0): JsonSchema {
    if (!isObject(node)) return {};
    if (depth > MAX_REF_DEPTH) return node;
    let schema: JsonSchema = node;
    if (typeof schema.$ref === 'string') {
      const { $ref, ...siblings } = schema;
      const target = $ref.startsWith('#') ? this.pointer($ref.slice(1)) : undefined;
      schema = { ...this.resolve(target, value, depth + 1), ...siblings };
    }
    if (Array.isArray(schema.allOf)) {
      const { allOf, ...rest } = schema;
      schema = (allOf as unknown[]).map((part) => this.resolve(part, value, depth + 1)).reduce(mergeSchemas, rest);
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = schema[keyword];
      if (!Array.isArray(branches)) continue;
      const { [keyword]: _ignored, ...rest } = schema;
      const branch = branches.map((b) => this.resolve(b, value, depth + 1)).find((b) => matchesShape(b, value));
      schema = branch ? { ...branch, ...rest } : rest;
    }
    return schema;
  }

  /** The schema of property `key` of an (already resolved) object schema. */
  property(schema: JsonSchema, key: string, value: unknown): JsonSchema {
    const properties = isObject(schema.properties) ? schema.properties : {};
    if (key in properties) return this.resolve(properties[key], value);
    return isObject(schema.additionalProperties) ? this.resolve(schema.additionalProperties, value) : {};
  }

  /** The schema of item `index` of an (already resolved) array schema. */
  item(schema: JsonSchema, index: number, value: unknown): JsonSchema {
    if (Array.isArray(schema.prefixItems) && index < schema.prefixItems.length) return this.resolve(schema.prefixItems[index], value);
    return this.resolve(schema.items, value);
  }

  private pointer(pointer: string): unknown {
    let node: unknown = this.root;
    for (const raw of pointer.split('/').slice(1)) {
      const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isObject(node) ? node[segment] : Array.isArray(node) ? node[Number(segment)] : undefined;
    }
    return node;
  }
}

function mergeSchemas(into: JsonSchema, part: JsonSchema): JsonSchema {
  const properties = { ...(isObject(part.properties) ? part.properties : {}), ...(isObject(into.properties) ? into.properties : {}) };
  return { ...part, ...into, ...(Object.keys(properties).length ? { properties } : {}) };
}

function matchesShape(schema: JsonSchema, value: unknown): boolean {
  if ('const' in schema) return schema.const === value;
  if (Array.isArray(schema.enum)) return schema.enum.includes(value);
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.length && !types.some((t) => t === jsonType(value) || (t === 'number' && jsonType(value) === 'integer'))) return false;
  if (isObject(value) && Array.isArray(schema.required)) return schema.required.every((key) => typeof key === 'string' && key in value);
  return true;
}

export function jsonType(value: unknown): 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object' {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean' || typeof value === 'string') return typeof value as 'boolean' | 'string';
  return 'object';
}

/** The label of a field: its `x-title`, else a plain `title`, else the property name. */
export function titleOf(schema: JsonSchema, key: string): LocalizedText {
  if (isLocalizedText(schema['x-title'])) return schema['x-title'];
  if (typeof schema.title === 'string') return verbatim(schema.title);
  return verbatim(key);
}

export function descriptionOf(schema: JsonSchema): LocalizedText | undefined {
  return isLocalizedText(schema['x-description']) ? schema['x-description'] : undefined;
}

/** The keys of an object value: the schema's property order first, then keys the schema does not name. */
export function orderedKeys(schema: JsonSchema, value: Record<string, unknown>): string[] {
  const declared = isObject(schema.properties) ? Object.keys(schema.properties) : [];
  const present = declared.filter((key) => value[key] !== undefined);
  return [...present, ...Object.keys(value).filter((key) => !declared.includes(key) && value[key] !== undefined)];
}

/** A scalar as printed: enum labels from `x-enum-titles`, booleans as 是/Yes, dates in the report's zone. */
export function scalarText(schema: JsonSchema, value: unknown, timeZone: string): LocalizedText {
  if (value === null || value === undefined) return verbatim('—');
  const titles = schema['x-enum-titles'];
  if (isObject(titles) && isLocalizedText(titles[String(value)])) return titles[String(value)] as LocalizedText;
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'string') {
    if (schema.format === 'date' || schema.format === 'date-time') return verbatim(formatDateString(value, timeZone));
    return verbatim(value);
  }
  if (typeof value === 'number') return verbatim(String(value));
  return verbatim(JSON.stringify(value));
}

export const isScalar = (value: unknown): boolean => jsonType(value) !== 'array' && jsonType(value) !== 'object';

/** The 6M of a cause-and-effect (Ishikawa) diagram, in drawing order: three bones above the spine, three below. */
export const SIX_M = ['man', 'machine', 'material', 'method', 'measurement', 'environment'] as const;

/** An object of cause lists keyed by (most of) the 6M: drawn as a fishbone. */
export function isFishbone(schema: JsonSchema, value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const declared = isObject(schema.properties) ? Object.keys(schema.properties) : Object.keys(value);
  if (SIX_M.filter((m) => declared.includes(m)).length < 4) return false;
  return Object.values(value).every((causes) => causes === undefined || (Array.isArray(causes) && causes.every((c) => typeof c === 'string')));
}

/** An array of {why, because} steps: drawn as a 5-Whys chain. */
export function isFiveWhys(itemSchema: JsonSchema, value: unknown): value is Array<Record<string, unknown>> {
  const properties = isObject(itemSchema.properties) ? itemSchema.properties : {};
  return Array.isArray(value) && 'why' in properties && 'because' in properties && value.every(isObject);
}

export { isObject };
