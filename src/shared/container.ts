import type { GraphQLSchema } from 'graphql';

type Class<T> = abstract new (...args: never[]) => T;

/**
 * The instances the composition root made, by class: type-graphql asks it for each resolver (its `container`
 * option), so resolvers receive their collaborators in their constructors. Nothing is made here on demand.
 */
export class Container {
  private readonly instances = new Map<Class<unknown>, unknown>();

  /** Registers the instance of a class (once). */
  register<T>(cls: Class<T>, instance: T): this {
    if (this.instances.has(cls)) throw new Error(`container: ${cls.name} is registered twice`);
    this.instances.set(cls, instance);
    return this;
  }

  /** The registered instance; throws when the composition root made none. */
  get<T>(cls: Class<T>): T {
    if (!this.instances.has(cls)) throw new Error(`container: no instance of ${cls.name} is registered (register it at the composition root)`);
    return this.instances.get(cls) as T;
  }
}

/** Each served schema's container: for code that runs outside a resolver instance (a subscription's `subscribe`). */
const containers = new WeakMap<GraphQLSchema, Container>();

export function attachContainer(schema: GraphQLSchema, container: Container): void {
  containers.set(schema, container);
}

/** The container of the schema an operation runs in (its `info.schema`). */
export function containerOf(schema: GraphQLSchema): Container {
  const container = containers.get(schema);
  if (!container) throw new Error('container: this schema was built without a container (createSchema(container))');
  return container;
}
