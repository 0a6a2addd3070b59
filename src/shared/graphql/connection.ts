import { Cursor, type EntityManager, type EntityName, type FilterQuery } from '@mikro-orm/core';
import type { ClassType } from 'type-graphql';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { publicError } from '../errors/public-error';

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

export const MAX_PAGE_SIZE = 100;

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** From cursorPage, a getter that counts when it is read, that is when a client selects the field. */
  totalCount: number | Promise<number>;
}

/** The same connection with its nodes mapped; a lazy count stays lazy (a spread would read it). */
export function mapConnection<T, U>(page: Connection<T>, map: (node: T) => U): Connection<U> {
  return {
    edges: page.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })),
    pageInfo: page.pageInfo,
    get totalCount() {
      return page.totalCount;
    },
  };
}

/** A Relay connection type (`<Name>Connection` with `<Name>Edge`) for a node class. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects.` })
  class ConnectionClass implements Connection<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of objects matching the filter, across all pages (counted only when selected).' })
    totalCount!: number | Promise<number>;
  }
  return ConnectionClass;
}

/**
 * One page of a Relay connection by MikroORM's cursor pagination: `first` checked (BAD_USER_INPUT on the
 * argument otherwise), a cursor of another ordering refused the same way. totalCount is counted when it is
 * read, so a client that does not select it does not pay for what is often the costliest query (the page
 * walks an index; a count with a visibility filter reads every row of the tenant). A filter holding raw SQL
 * fragments, which a query may use once, is passed as a function that builds it afresh.
 */
export async function cursorPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T> | (() => FilterQuery<T>),
  args: { first: number; after?: string | null },
  orderBy: Record<string, 'asc' | 'desc'>,
): Promise<Connection<T>> {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw publicError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}`, { argumentName: 'first' });
  }
  const badCursor = () => publicError('BAD_USER_INPUT', 'after is not a cursor of this ordering', { argumentName: 'after' });
  if (args.after) {
    let decoded: unknown;
    try {
      decoded = Cursor.decode(args.after);
    } catch {
      throw badCursor(); // not base64url JSON at all (found by test/integration/server/fuzz.test.ts)
    }
    if (!Array.isArray(decoded) || decoded.length !== Object.keys(orderBy).length) throw badCursor();
  }
  const filter = (): FilterQuery<T> => (typeof where === 'function' ? (where as () => FilterQuery<T>)() : where);
  let page;
  try {
    page = await em.findByCursor(entity, filter(), { first: args.first, after: args.after ?? undefined, orderBy: orderBy as never, includeCount: false });
  } catch (error) {
    if (args.after && /cursor/i.test((error as Error).message)) throw badCursor();
    throw error;
  }
  const edges = page.items.map((node) => ({ cursor: page.from(node), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPrevPage, startCursor: page.startCursor, endCursor: page.endCursor },
    // Aliases of the field share one count.
    get totalCount() {
      return (counted ??= em.count(entity, filter()));
    },
  };
}
