import { canonicalJson } from '../shared/canonical-json';

/** One difference between two versions of a template, located by a JSON pointer (into `after`, or `before` for removals). */
export interface TemplateChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  /** True when records valid under `before` may be invalid, or refer to something gone, under `after`. */
  breaking: boolean;
  reason: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Schema keywords that, added or tightened, can reject data that was valid before. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const TIGHTENING = ['type', 'pattern', 'format', 'const', 'multipleOf', 'uniqueItems'];

/** Is this pointer inside a form (an intake or section schema), where data compatibility matters? */
const inForm = (path: string) => /^\/intakeSchema(\/|$)|^\/sections\/\d+\/schema(\/|$)/.test(path);

/**
 * Structural diff of two template contents: objects by key, arrays of primitives as sets, arrays of keyed
 * objects by key, other arrays by index. Each change is classified as breaking or compatible.
 */
export function diffTemplates(before: unknown, after: unknown): TemplateChange[] {
  const changes: TemplateChange[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (same(a, b)) return;
    if (isObj(a) && isObj(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const at = `${path}/${escape(key)}`;
        if (!(key in b)) changes.push(classify({ path: at, op: 'removed', before: a[key] }));
        else if (!(key in a)) changes.push(classify({ path: at, op: 'added', after: b[key] }));
        else walk(a[key], b[key], at);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const primitive = (x: unknown[]) => x.every((v) => !v || typeof v !== 'object');
      const keyed = (x: unknown[]) => x.every((v) => isObj(v) && typeof v.key === 'string');
      if (primitive(a) && primitive(b)) {
        for (const v of a) if (!b.some((w) => same(v, w))) changes.push(classify({ path, op: 'removed', before: v }));
        for (const v of b) if (!a.some((w) => same(v, w))) changes.push(classify({ path, op: 'added', after: v }));
        return;
      }
      if (keyed(a) && keyed(b)) {
        const bKeys = new Map((b as Obj[]).map((v, i) => [v.key as string, i]));
        (a as Obj[]).forEach((v, i) => {
          const j = bKeys.get(v.key as string);
          if (j === undefined) changes.push(classify({ path: `${path}/${i}`, op: 'removed', before: v }));
          else walk(v, b[j], `${path}/${j}`);
        });
        const aKeys = new Set((a as Obj[]).map((v) => v.key));
        (b as Obj[]).forEach((v, j) => !aKeys.has(v.key) && changes.push(classify({ path: `${path}/${j}`, op: 'added', after: v })));
        return;
      }
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (i >= b.length) changes.push(classify({ path: `${path}/${i}`, op: 'removed', before: a[i] }));
        else if (i >= a.length) changes.push(classify({ path: `${path}/${i}`, op: 'added', after: b[i] }));
        else walk(a[i], b[i], `${path}/${i}`);
      }
      return;
    }
    changes.push(classify({ path, op: 'changed', before: a, after: b }));
  };
  walk(before, after, '');
  return changes;
}

function classify(change: Omit<TemplateChange, 'breaking' | 'reason'>): TemplateChange {
  const { path, op } = change;
  const last = path.split('/').at(-1) ?? '';
  const reason = ((): string | null => {
    if (inForm(path)) {
      if (last === 'required' && op === 'added') return `field ${JSON.stringify(change.after)} is now required`;
      if (last === 'enum' && op === 'removed') return `value ${JSON.stringify(change.before)} is no longer allowed`;
      if (/\/properties\/[^/]+$/.test(path) && op === 'removed') return 'field removed: data that has it may be refused';
      if (last === 'additionalProperties' && change.after === false) return 'extra fields are no longer allowed';
      if (TIGHTENING.includes(last) && op !== 'removed') return `${last} ${op === 'added' ? 'added' : 'changed'}`;
      if (LOWER_BOUNDS.includes(last) && op !== 'removed' && !(typeof change.before === 'number' && typeof change.after === 'number' && change.after <= change.before)) return `${last} raised`;
      if (UPPER_BOUNDS.includes(last) && op !== 'removed' && !(typeof change.before === 'number' && typeof change.after === 'number' && change.after >= change.before)) return `${last} lowered`;
      return null;
    }
    // Keys that records or other templates refer to: categories, severities, sections, departments, roles, levels, remedy types, cost kinds.
    if (op === 'removed' && /^\/(categories(\/\d+\/children)*|severities|sections|departments|roles|levels|remedyTypes|costKinds)\/\d+$/.test(path)) {
      return `${String((change.before as Obj)?.key)} removed: existing records or templates may refer to it`;
    }
    if (op === 'changed' && /^\/(categories(\/\d+\/children)*|severities|sections|departments|roles|levels|remedyTypes|costKinds)\/\d+\/key$/.test(path)) return 'key renamed';
    return null;
  })();
  return { ...change, breaking: reason !== null, reason };
}

/** What a version's history shows of its diff against the version before it (`against`). */
export function diffSummary(changes: TemplateChange[], against: number): { against: number; compatibility: 'COMPATIBLE' | 'BREAKING'; changes: number; breaking: number } {
  const breaking = changes.filter((c) => c.breaking).length;
  return { against, compatibility: breaking ? 'BREAKING' : 'COMPATIBLE', changes: changes.length, breaking };
}
