/**
 * Checks on input values before anything recursive or any database sees them: how deeply arrays and objects
 * nest, and strings neither database can disagree on. Iterative, so a value of any depth is safe to check.
 */

/** Highest nesting a JSON input may be configured to allow (GRAPHQL_MAX_JSON_DEPTH); reports cut stored data here. */
export const JSON_DEPTH_CEILING = 256;

/** NUL (PostgreSQL text and jsonb refuse it) or a UTF-16 surrogate without its pair (jsonb refuses it, text would store U+FFFD). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether both databases store the string as it is. */
export const isStorableString = (text: string): boolean => !UNSTORABLE.test(text);

export type JsonInputProblem = {
  reason: 'JSON_TOO_DEEP' | 'INVALID_STRING';
  /** JSON pointer (RFC 6901, without the leading "/") relative to the value: the value itself when too deep, else the string (or the object holding a bad key). */
  pointer: string;
};

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const join = (pointer: string, segment: string) => (pointer ? `${pointer}/${segment}` : segment);

/** The first problem of a JSON value, depth first: nested deeper than `maxDepth` (an array or object is one level) or a string (or key) that is not storable. */
export function jsonInputProblem(value: unknown, maxDepth: number): JsonInputProblem | null {
  const todo: Array<{ value: unknown; pointer: string; depth: number }> = [{ value, pointer: '', depth: 0 }];
  while (todo.length) {
    const { value, pointer, depth } = todo.pop()!;
    if (typeof value === 'string') {
      if (!isStorableString(value)) return { reason: 'INVALID_STRING', pointer };
      continue;
    }
    if (value === null || typeof value !== 'object' || value instanceof Date) continue;
    if (depth + 1 > maxDepth) return { reason: 'JSON_TOO_DEEP', pointer: '' };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) todo.push({ value: value[i], pointer: join(pointer, String(i)), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      if (!isStorableString(keys[i])) return { reason: 'INVALID_STRING', pointer };
      todo.push({ value: (value as Record<string, unknown>)[keys[i]], pointer: join(pointer, escape(keys[i])), depth: depth + 1 });
    }
  }
  return null;
}

/** Depth of a JSON value (a scalar 0, `{}` 1, `{"a":[1]}` 2), counted without recursion. */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const todo: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (todo.length) {
    const { value, depth } = todo.pop()!;
    if (value === null || typeof value !== 'object' || value instanceof Date) continue;
    max = Math.max(max, depth + 1);
    for (const child of Object.values(value)) todo.push({ value: child, depth: depth + 1 });
  }
  return max;
}

/** A copy of a JSON value whose arrays and objects below `maxDepth` levels are replaced by `marker`; the value itself when none is that deep. */
export function cutJson<T>(value: T, maxDepth: number, marker: unknown): T {
  if (jsonDepth(value) <= maxDepth) return value;
  const root: { value?: unknown } = {};
  const todo: Array<{ from: unknown; into: Record<string, unknown>; key: string; depth: number }> = [{ from: value, into: root, key: 'value', depth: 0 }];
  while (todo.length) {
    const { from, into, key, depth } = todo.pop()!;
    if (from === null || typeof from !== 'object' || from instanceof Date) {
      into[key] = from;
      continue;
    }
    if (depth + 1 > maxDepth) {
      into[key] = marker;
      continue;
    }
    const copy: Record<string, unknown> = Array.isArray(from) ? (new Array(from.length) as unknown as Record<string, unknown>) : {};
    into[key] = copy;
    const entries = Object.entries(from);
    // Pushed last to first, so keys are copied in their order.
    for (let i = entries.length - 1; i >= 0; i--) todo.push({ from: entries[i][1], into: copy, key: entries[i][0], depth: depth + 1 });
  }
  return root.value as T;
}
