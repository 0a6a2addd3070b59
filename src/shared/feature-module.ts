import type { FeatureEntities } from '../db/entity-set';

/** A resolver class as type-graphql takes it; its constructor's parameters are its collaborators. */
export type ResolverClass<T extends object = object> = abstract new (...args: never[]) => T;

/** One resolver of a feature and how the composition root makes it from the collaborators the feature needs. */
export interface ResolverFactory<Deps> {
  readonly type: ResolverClass;
  // A property, not a method: checked contravariantly, so a module whose Deps the services lack does not compile.
  readonly make: (deps: Deps) => object;
}

/**
 * What a feature hands the composition root (src/features.ts): its entities and its resolvers, each with a factory.
 * `Deps` is declared by the feature itself (it never imports src/server/); the composition root's services satisfy it.
 */
export interface FeatureModule<Deps> {
  readonly name: string;
  readonly entities: FeatureEntities;
  readonly resolvers: readonly ResolverFactory<Deps>[];
}

/** A resolver and its factory: the factory makes an instance of that class (checked here, then the type is erased). */
export function resolver<Deps, T extends object>(type: ResolverClass<T>, make: (deps: Deps) => T): ResolverFactory<Deps> {
  return { type, make };
}

export function defineFeature<Deps = unknown>(module: { name: string; entities?: FeatureEntities; resolvers?: readonly ResolverFactory<Deps>[] }): FeatureModule<Deps> {
  return { name: module.name, entities: module.entities ?? {}, resolvers: module.resolvers ?? [] };
}
