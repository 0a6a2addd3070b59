import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';

/** Items assumed in a list that has no page argument (a complaint's clocks, signatures, messages ...). */
export const ASSUMED_LIST_SIZE = 3;

const PAGE_ARGUMENTS = ['first', 'last'];

/** The part of an operation's cost that one paged field (or root field) is answerable for. */
export interface CostPart {
  /** Response path of the field, aliases as sent. */
  path: string[];
  /** Its page argument, when it has one: lowering it lowers the part in proportion. */
  argumentName: string | null;
  cost: number;
}

export interface OperationCost {
  cost: number;
  /** The costliest part first. */
  parts: CostPart[];
}

/**
 * What an operation may make the server load, counted as objects in the response: each object 1, each field of
 * the root type 1 (a resolver that reaches the database), other scalars 0 (they come with their object). A list
 * holds its page size (`first`/`last` as sent, in a variable, or the argument's default) or, without a page
 * argument, ASSUMED_LIST_SIZE; a connection's page size applies to its `edges`/`nodes`. Nested lists multiply.
 * Of alternative fragments on an abstract type the costliest counts. The cost is split into parts, one per paged
 * or root field (each object counts for its nearest), so a refusal can name what to lower.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): OperationCost {
  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0, parts: [] };
  const fragments = new Map<string, FragmentDefinitionNode>(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const parts = new Map<string, CostPart>();
  type Tally = Map<string, number>;
  const add = (tally: Tally, owner: string, cost: number) => tally.set(owner, (tally.get(owner) ?? 0) + cost);
  const merge = (into: Tally, from: Tally) => from.forEach((cost, owner) => add(into, owner, cost));
  const own = (path: string[], argumentName: string | null) => {
    const key = path.join('/');
    if (!parts.has(key)) parts.set(key, { path, argumentName, cost: 0 });
    return key;
  };

  /** Cost of a selection set on `parent` for `times` instances; `page` is a connection's page size for its list. */
  const selectionCost = (selections: readonly SelectionNode[], parent: GraphQLNamedType, times: number, page: number | null, owner: string | null, path: string[], tally: Tally): number => {
    let common = 0;
    const branches = new Map<string, { cost: number; tally: Tally }>();
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        common += fieldCost(selection, parent, times, page, owner, path, tally);
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
      if (!condition) continue;
      // A fragment on the parent itself (or on an interface a concrete parent implements) always applies.
      if (condition === parent || isObjectType(parent)) {
        common += selectionCost(fragment.selectionSet.selections, isObjectType(parent) ? parent : condition, times, page, owner, path, tally);
        continue;
      }
      const branch = branches.get(condition.name) ?? { cost: 0, tally: new Map() };
      branch.cost += selectionCost(fragment.selectionSet.selections, condition, times, page, owner, path, branch.tally);
      branches.set(condition.name, branch);
    }
    let costliest: { cost: number; tally: Tally } | undefined;
    for (const branch of branches.values()) if (!costliest || branch.cost > costliest.cost) costliest = branch;
    if (costliest) merge(tally, costliest.tally);
    return common + (costliest?.cost ?? 0);
  };

  const fieldCost = (node: SelectionNode & { kind: Kind.FIELD }, parent: GraphQLNamedType, times: number, page: number | null, owner: string | null, path: string[], tally: Tally): number => {
    const name = node.name.value;
    if (name.startsWith('__')) return 0; // __typename, introspection
    const field = isCompositeType(parent) && 'getFields' in parent ? (parent.getFields()[name] as GraphQLField<unknown, unknown> | undefined) : undefined;
    if (!field) return 0;
    const here = [...path, node.alias?.value ?? name];
    const isRoot = parent === root;
    let values: Record<string, unknown> = {};
    try {
      values = getArgumentValues(field, node, variables);
    } catch {
      // execution reports it
    }
    const pageArgument = PAGE_ARGUMENTS.find((a) => typeof values[a] === 'number') ?? null;
    const pageSize = pageArgument ? Math.max(1, values[pageArgument] as number) : null;
    const fieldOwner = isRoot || pageArgument ? own(here, pageArgument) : owner!;
    const type = getNamedType(field.type);
    if (!node.selectionSet || !isCompositeType(type)) {
      const cost = isRoot ? times : 0;
      add(tally, fieldOwner, cost);
      return cost;
    }
    const list = isListType(getNullableType(field.type));
    const items = list ? (pageSize ?? page ?? ASSUMED_LIST_SIZE) : 1;
    const objects = times * items;
    add(tally, fieldOwner, objects);
    // A paged field that is not a list itself (a connection) passes its page size to its edges/nodes.
    const childPage = !list && pageSize !== null ? pageSize : null;
    return objects + selectionCost(node.selectionSet.selections, type, objects, childPage, fieldOwner, here, tally);
  };

  const tally: Tally = new Map();
  const cost = selectionCost(operation.selectionSet.selections, root, 1, null, null, [], tally);
  tally.forEach((c, key) => (parts.get(key)!.cost += c));
  return { cost, parts: [...parts.values()].filter((p) => p.cost > 0).sort((a, b) => b.cost - a.cost || b.path.length - a.path.length) };
}
