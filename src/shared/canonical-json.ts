import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal content always hashes equal. Iterative: stored data
 * of any depth hashes without exhausting the stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // Work to do, last first: a value to write, or text already made (brackets, commas, keys).
  const todo: Array<{ value: unknown } | string> = [{ value }];
  while (todo.length) {
    const next = todo.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    const v = next.value;
    if (v === null || typeof v !== 'object') out.push(JSON.stringify(v) ?? 'null');
    else if (v instanceof Date) out.push(JSON.stringify(v.toISOString()));
    else if (Array.isArray(v)) {
      out.push('[');
      todo.push(']');
      for (let i = v.length - 1; i >= 0; i--) {
        todo.push({ value: v[i] });
        if (i > 0) todo.push(',');
      }
    } else {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
      out.push('{');
      todo.push('}');
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push({ value: record[keys[i]] });
        todo.push(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`);
      }
    }
  }
  return out.join('');
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
