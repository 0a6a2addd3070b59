import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { features } from '../features';
import { attachContainer, type Container } from '../shared/container';
import { NodeResolver } from './node.resolver';

/** Every resolver class: the features' (from their modules, src/features.ts) and the transport's own NodeResolver. */
export const resolvers = [NodeResolver, ...features.flatMap((f) => f.resolvers.map((r) => r.type))] as const;

/**
 * type-graphql insists on a pubSub, but no subscription here uses topics: each reads the event table through
 * EventStreams (its `subscribe` option), so what is announced is always committed, on any instance.
 */
const noTopics = {
  publish(): never {
    throw new Error('subscriptions read the event table (EventStreams); there are no pub/sub topics');
  },
  subscribe(): never {
    throw new Error('subscriptions read the event table (EventStreams); there are no pub/sub topics');
  },
};

/**
 * The schema, its resolvers taken from the container (made at the composition root, resolverContainer). Without
 * one (codegen: the SDL only) no resolver can run.
 */
export async function createSchema(container?: Container): Promise<GraphQLSchema> {
  // Every resolver is made before the server listens: a missing one fails the start, not a request.
  if (container) for (const r of resolvers) container.get<unknown>(r);
  const schema = await buildSchema({ resolvers, container: container ?? unserved, pubSub: noTopics, validate: false, emitSchemaFile: false });
  if (container) attachContainer(schema, container);
  return schema;
}

/** The container of a schema built for its SDL only. */
const unserved = {
  get(cls: { name: string }): never {
    throw new Error(`${cls.name}: this schema was built without a container (createSchema(container)); it is for the SDL only`);
  },
};

/** The SDL committed as schemas/schema.graphql (sorted, so it diffs cleanly). */
export async function printSdl(): Promise<string> {
  const schema = await createSchema();
  const banner = '# GENERATED FILE - DO NOT EDIT. Emitted from the code by `npm run codegen`.\n\n';
  return `${banner}${printSchema(lexicographicSortSchema(schema))}\n`;
}
