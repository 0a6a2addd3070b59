import { features } from '../features';
import { Container } from '../shared/container';
import type { FeatureModule } from '../shared/feature-module';
import { NodeResolver } from './node.resolver';
import type { Services } from './services';

/**
 * The composition root's resolvers: each made once by its feature's factory (its module, src/features.ts), with
 * its collaborators from the services built in src/app.ts, and handed to type-graphql through the schema's
 * container (createSchema(container)).
 */
export function resolverContainer(s: Services): Container {
  // Each module's Deps is checked against Services here: a collaborator the services lack does not compile.
  const modules: readonly FeatureModule<Services>[] = features;
  const container = new Container().register(NodeResolver, new NodeResolver(s.db, s.complaints, s.costs, s.webhooks, s.templates));
  for (const m of modules) for (const r of m.resolvers) container.register(r.type, r.make(s));
  return container;
}
