import type { ComplaintTypeTemplate, IntakeFields } from '../__generated__';

/** What the engine reads from a complaint's intake data (a key of a complaint type's `intakeFields`). */
export type IntakeConcept = keyof IntakeFields;

/** The paths the shipped complaint types use: where a type that does not map a concept keeps it. */
export const DEFAULT_INTAKE_FIELDS: Readonly<Required<IntakeFields>> = {
  partNumber: '/product/partNumber',
  productName: '/product/name',
  customer: '/customer/organization',
  contactName: '/customer/contactName',
  customerEmail: '/customer/email',
  customerPhone: '/customer/phone',
  quantity: '/quantityAffected',
  receivedAt: '/receivedAt',
  description: '/description',
  channel: '/channel',
  orderNumber: '/orderNumber',
  lotNumbers: '/lotNumbers',
  demand: '/demand',
};

/** The JSON-pointer tokens (RFC 6901), unescaped; e.g. /order/sku -> ["order", "sku"]. */
export const pointerTokens = (pointer: string): string[] =>
  pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

/** The JSON pointer a complaint type reads a concept at: its `intakeFields`, else the shipped path. */
export const intakePointer = (type: Pick<ComplaintTypeTemplate, 'intakeFields'> | null | undefined, concept: IntakeConcept): string =>
  type?.intakeFields?.[concept] ?? DEFAULT_INTAKE_FIELDS[concept];

/** The value at a JSON pointer through the objects of the data (an own property at each step), undefined when absent. */
export function valueAtPointer(data: unknown, pointer: string): unknown {
  let value = data;
  for (const token of pointerTokens(pointer)) {
    value = value && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, token) ? (value as Record<string, unknown>)[token] : undefined;
  }
  return value;
}

/** The value of a concept in a complaint's data, read through the complaint type it is pinned to (undefined when absent). */
export function intakeValue(type: Pick<ComplaintTypeTemplate, 'intakeFields'> | null | undefined, data: unknown, concept: IntakeConcept): unknown {
  return valueAtPointer(data, intakePointer(type, concept));
}

/** The concept's value when it is a string, else null. */
export function intakeText(type: Pick<ComplaintTypeTemplate, 'intakeFields'> | null | undefined, data: unknown, concept: IntakeConcept): string | null {
  const value = intakeValue(type, data, concept);
  return typeof value === 'string' ? value : null;
}

/** What a concept's property must be: a string (receivedAt: a date-time string), a number for the quantity, an array of strings for the lots. */
type Expected = 'string' | 'date-time' | 'number' | 'strings';
const EXPECTED: Record<IntakeConcept, Expected> = {
  partNumber: 'string',
  productName: 'string',
  customer: 'string',
  contactName: 'string',
  customerEmail: 'string',
  customerPhone: 'string',
  quantity: 'number',
  receivedAt: 'date-time',
  description: 'string',
  channel: 'string',
  orderNumber: 'string',
  lotNumbers: 'strings',
  demand: 'string',
};

type SchemaNode = Record<string, unknown>;
const isNode = (v: unknown): v is SchemaNode => !!v && typeof v === 'object' && !Array.isArray(v);

/** The schema of the property at the pointer, through `properties` (and $refs local to the intake schema); undefined when not declared. */
function declaredAt(root: SchemaNode, pointer: string): SchemaNode | undefined {
  const resolve = (node: SchemaNode, depth = 0): SchemaNode | undefined => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    if (!ref.startsWith('#/') || depth > 10) return undefined;
    let target: unknown = root;
    for (const token of pointerTokens(ref.slice(1))) target = isNode(target) ? target[token] : undefined;
    return isNode(target) ? resolve(target, depth + 1) : undefined;
  };
  let node: SchemaNode | undefined = resolve(root);
  for (const token of pointerTokens(pointer)) {
    const properties = node?.properties;
    const next = isNode(properties) && Object.prototype.hasOwnProperty.call(properties, token) ? properties[token] : undefined;
    node = isNode(next) ? resolve(next) : undefined;
    if (!node) return undefined;
  }
  return node;
}

/** Whether a property schema holds what a concept needs (its `type`, or an enum/const of such values). */
function compatible(node: SchemaNode, expected: Expected): boolean {
  if (expected === 'strings') return node.type === 'array' && isNode(node.items) && compatible(node.items, 'string');
  const types = Array.isArray(node.type) ? node.type.filter((t) => t !== 'null') : node.type === undefined ? [] : [node.type];
  if (expected === 'number') return types.length > 0 && types.every((t) => t === 'integer' || t === 'number');
  if (expected === 'date-time') return types.length === 1 && types[0] === 'string' && node.format === 'date-time';
  if (types.length) return types.every((t) => t === 'string');
  const values = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : null;
  return !!values?.length && values.every((v) => typeof v === 'string');
}

const NEEDS: Record<Expected, string> = { string: 'a string', 'date-time': 'a string with format date-time', number: 'an integer or number', strings: 'an array of strings' };

/**
 * The publication check of a complaint type's `intakeFields`: each pointer given names a property its
 * intakeSchema declares, of the type the engine reads there. The defaults are not checked (a type may have
 * no part number at all: it then reads none).
 */
export function intakeFieldProblems(type: Pick<ComplaintTypeTemplate, 'intakeFields' | 'intakeSchema'>): Array<{ path: string; code: string; message: string }> {
  const problems: Array<{ path: string; code: string; message: string }> = [];
  for (const [concept, pointer] of Object.entries(type.intakeFields ?? {}) as Array<[IntakeConcept, string | undefined]>) {
    if (pointer === undefined) continue;
    const path = `/intakeFields/${concept}`;
    const node = declaredAt(type.intakeSchema, pointer);
    if (!node) problems.push({ path, code: 'UNKNOWN_INTAKE_FIELD', message: `the intakeSchema declares no property ${pointer}` });
    else if (!compatible(node, EXPECTED[concept])) problems.push({ path, code: 'INTAKE_FIELD_TYPE', message: `${concept} must be ${NEEDS[EXPECTED[concept]]}; the intakeSchema's ${pointer} is not` });
  }
  return problems;
}

/**
 * The publication check of a complaint type's investigation.recurrence.keys: each /data/... key names a property
 * the intakeSchema declares (the pointer syntax is the schema's).
 */
export function recurrenceKeyProblems(type: Pick<ComplaintTypeTemplate, 'investigation' | 'intakeSchema'>): Array<{ path: string; code: string; message: string }> {
  const keys = type.investigation.mode === 'never' ? undefined : type.investigation.recurrence?.keys;
  return (keys ?? []).flatMap((key, i) =>
    key.startsWith('/data/') && !declaredAt(type.intakeSchema, key.slice('/data'.length))
      ? [{ path: `/investigation/recurrence/keys/${i}`, code: 'UNKNOWN_INTAKE_FIELD', message: `the intakeSchema declares no property ${key.slice('/data'.length)}` }]
      : [],
  );
}
