import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isListType,
  getArgumentValues,
  getVariableValues,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type SelectionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { GraphqlLimits } from '../config/config';
import { MAX_PAGE_SIZE } from '../shared/graphql/connection';
import { jsonInputProblem } from '../shared/json-input';
import { operationCost } from './operation-cost';

/** What the limits need to know besides their values. */
export interface LimitOptions {
  limits: GraphqlLimits;
  /** Messages may name the limit's value. */
  errorDetails: boolean;
  introspection: boolean;
}

const PAGE_ARGUMENTS = new Set(['first', 'last']);

/**
 * Validation rules for the shape of an operation (graphql-armor: depth, aliases, directives), plus
 * graphql-js's own NoSchemaIntrospection rule over WebSocket when introspection is off (Apollo adds it on HTTP).
 * A refused operation gets one GRAPHQL_VALIDATION_FAILED error; no resolver runs.
 */
export function limitRules({ limits, errorDetails }: LimitOptions): ValidationRule[] {
  const reject = (summary: string) => ({
    exposeLimits: errorDetails,
    propagateOnRejection: false,
    onAccept: [],
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(errorDetails ? error.message.replace(/^Syntax Error: /, '') : summary)),
    ],
  });
  return [
    maxDepthRule({ n: limits.depth, flattenFragments: true, ignoreIntrospection: true, ...reject('The operation is nested too deeply.') }),
    maxAliasesRule({ n: limits.aliases, ...reject('The operation has too many aliases.') }),
    maxDirectivesRule({ n: limits.directives, ...reject('The operation has too many directives.') }),
  ];
}

/** The same rules for graphql-ws, which validates on its own (Apollo adds NoSchemaIntrospection itself). */
export function webSocketRules(options: LimitOptions): ValidationRule[] {
  return [...limitRules(options), ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
}

const badInput = (message: string, argumentName: string, pointer: string, responsePath: readonly string[], reason?: string) =>
  new GraphQLError(message, { path: responsePath, extensions: { code: 'BAD_USER_INPUT', ...(reason ? { reason } : {}), argumentName, path: pointer, http: { status: 400 } } });

/**
 * Limits that need the variables, checked after validation and before execution: every `first`/`last` is 1..100,
 * no list given as input (argument or input-object field, at any depth) is longer than `limits.listLength`, no
 * JSON value nests deeper than `limits.jsonDepth` (reason JSON_TOO_DEEP), no string, JSON key included, holds NUL
 * or an unpaired surrogate (reason INVALID_STRING: PostgreSQL refuses them, SQLite would store them), and the
 * operation's cost (see operationCost) is at most `limits.cost`. Argument errors carry the field's response path,
 * the argument and a pointer into it (`filter/statuses`); a cost refusal names the costliest part. Variables that
 * do not coerce are left to execution, which reports them.
 */
export function argumentLimitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | null | undefined,
  { limits, errorDetails }: LimitOptions,
): GraphQLError[] {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return [];
  const variables = coerced.coerced;
  const root = schema.getRootType(operation.operation);
  if (!root) return [];
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seenFragments = new Set<string>();
  const errors: GraphQLError[] = [];

  /** The first input problem in an argument value, walked iteratively: a list too long, a JSON value nested too deeply, a string no database can store. */
  const inputProblem = (value: unknown, type: GraphQLInputType, pointer: string): { message: string; pointer: string; reason?: string } | null => {
    const todo: Array<{ value: unknown; type: GraphQLInputType; pointer: string }> = [{ value, type, pointer }];
    while (todo.length) {
      const { value, type, pointer } = todo.pop()!;
      if (value === null || value === undefined) continue;
      const nullable = getNullableType(type);
      if (isListType(nullable)) {
        if (!Array.isArray(value)) {
          todo.push({ value, type: nullable.ofType, pointer });
          continue;
        }
        if (value.length > limits.listLength) {
          return { message: errorDetails ? `${pointer} has ${value.length} items; at most ${limits.listLength} are allowed` : `${pointer} has too many items`, pointer };
        }
        for (let i = value.length - 1; i >= 0; i--) todo.push({ value: value[i], type: nullable.ofType, pointer: `${pointer}/${i}` });
        continue;
      }
      if (isInputObjectType(nullable)) {
        if (typeof value !== 'object') continue;
        const fields = Object.values(nullable.getFields());
        for (let i = fields.length - 1; i >= 0; i--) todo.push({ value: (value as Record<string, unknown>)[fields[i].name], type: fields[i].type, pointer: `${pointer}/${fields[i].name}` });
        continue;
      }
      // A scalar or enum value: a string, or the object or array of a JSON scalar, walked to its last member.
      const problem = jsonInputProblem(value, limits.jsonDepth);
      if (!problem) continue;
      const at = problem.pointer ? `${pointer}/${problem.pointer}` : pointer;
      if (problem.reason === 'JSON_TOO_DEEP') {
        return { message: errorDetails ? `${at} is nested more than ${limits.jsonDepth} levels deep` : `${at} is nested too deeply`, pointer: at, reason: problem.reason };
      }
      return { message: `${at} contains a NUL character or an unpaired UTF-16 surrogate`, pointer: at, reason: problem.reason };
    }
    return null;
  };

  const checkField = (node: FieldNode, field: GraphQLField<unknown, unknown>, path: readonly string[]): boolean => {
    if (!field.args.length) return true;
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, variables);
    } catch (error) {
      // A variable given null for an argument that may not be (`$first: Int` into `first: Int! = 50`): execution
      // would throw it without a code, masked as INTERNAL_SERVER_ERROR (found by test/integration/server/fuzz.test.ts).
      const argumentName = /^Argument "([^"]+)"/.exec((error as Error).message)?.[1] ?? field.args[0].name;
      errors.push(badInput((error as Error).message, argumentName, argumentName, path));
      return false;
    }
    return field.args.every((arg) => {
      const value = values[arg.name];
      if (PAGE_ARGUMENTS.has(arg.name) && typeof value === 'number' && (value < 1 || value > MAX_PAGE_SIZE)) {
        errors.push(badInput(errorDetails ? `${arg.name} must be between 1 and ${MAX_PAGE_SIZE}` : `${arg.name} is out of range`, arg.name, arg.name, path));
        return false;
      }
      const problem = inputProblem(value, arg.type, arg.name);
      if (problem) errors.push(badInput(problem.message, arg.name, problem.pointer, path, problem.reason));
      return !problem;
    });
  };

  // A fragment is checked once, where it is first spread: its arguments do not depend on where it is used.
  const walk = (selections: readonly SelectionNode[], parent: GraphQLNamedType, path: readonly string[]): boolean =>
    selections.every((selection) => {
      if (selection.kind === Kind.FIELD) {
        const field = 'getFields' in parent && !isInputObjectType(parent) ? (parent.getFields()[selection.name.value] as GraphQLField<unknown, unknown> | undefined) : undefined;
        if (!field) return true;
        const here = [...path, selection.alias?.value ?? selection.name.value];
        return checkField(selection, field, here) && (!selection.selectionSet || walk(selection.selectionSet.selections, getNamedType(field.type), here));
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        return !type || walk(selection.selectionSet.selections, type, path);
      }
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seenFragments.has(fragment.name.value)) return true;
      seenFragments.add(fragment.name.value);
      const type = schema.getType(fragment.typeCondition.name.value);
      return !type || walk(fragment.selectionSet.selections, type, path);
    });

  walk(operation.selectionSet.selections, root, []);
  if (errors.length) return errors;
  const refusal = costRefusal(schema, document, operation, variables, limits.cost, errorDetails);
  return refusal ? [refusal] : [];
}

const count = (n: number) => Math.ceil(n).toLocaleString('en-US');

/**
 * COST_LIMIT_EXCEEDED when the operation costs more than `maxCost`, at the response path of the part that costs
 * most, saying what to lower: its `first` (argumentName) when it pages, else the fields selected under it.
 * Without error details the numbers are left out.
 */
function costRefusal(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, maxCost: number, errorDetails: boolean): GraphQLError | null {
  const { cost, parts } = operationCost(schema, document, operation, variables);
  if (cost <= maxCost) return null;
  const [costliest] = parts;
  const where = costliest.path.join('.');
  const lower = costliest.argumentName ? `lower \`${costliest.argumentName}\` on ${where} or select fewer fields under it` : `select fewer fields under ${where}`;
  const message = errorDetails
    ? `The operation costs ${count(cost)}, more than the limit of ${count(maxCost)}; ${where} costs ${count(costliest.cost)}: ${lower}.`
    : `The operation is too costly; ${where} costs most: ${lower}.`;
  return new GraphQLError(message, {
    path: costliest.path,
    extensions: {
      code: 'COST_LIMIT_EXCEEDED',
      ...(costliest.argumentName ? { argumentName: costliest.argumentName } : {}),
      ...(errorDetails ? { cost: Math.ceil(cost), maxCost, fieldCost: Math.ceil(costliest.cost) } : {}),
      http: { status: 400 },
    },
  });
}
