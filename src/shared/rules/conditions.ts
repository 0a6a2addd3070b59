import type { SchemaCompiler } from '../json-schema/schema-compiler';

/**
 * Rules guarded by a condition (`when`): a JSON Schema over a facts document; the condition holds when the
 * facts are valid against it, and a rule without one always applies. Schemas compile once (the compiler caches).
 */
export interface Conditional {
  when?: object;
}

/** Whether the condition holds for the facts (no condition: always). */
export function matches(schemas: SchemaCompiler, when: object | undefined, facts: unknown): boolean {
  return when === undefined || Boolean(schemas.compileSchema(when)(facts));
}

/** The first rule, in order, whose condition holds for the facts. */
export function firstMatch<R extends Conditional>(rules: readonly R[] | undefined, facts: unknown, schemas: SchemaCompiler): R | undefined {
  return (rules ?? []).find((rule) => matches(schemas, rule.when, facts));
}

/** Every rule, in order, whose condition holds for the facts. */
export function allMatching<R extends Conditional>(rules: readonly R[] | undefined, facts: unknown, schemas: SchemaCompiler): R[] {
  return (rules ?? []).filter((rule) => matches(schemas, rule.when, facts));
}
