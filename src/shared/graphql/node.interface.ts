import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay's Node: every object with an opaque global id can be refetched with `node(id)`. */
@InterfaceType({ description: 'An object with an opaque, globally unique ID that `node(id)` refetches.' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID; pass it to `node(id)` or the type\'s own query.' })
  id!: string;
}
