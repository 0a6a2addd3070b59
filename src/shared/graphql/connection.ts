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
  totalCount: number;
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

    @Field(() => Int, { description: 'Number of objects matching the filter, across all pages.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

/**
 * One page of a Relay connection by MikroORM's cursor pagination: `first` checked (BAD_USER_INPUT on the
 * argument otherwise), a cursor of another ordering refused the same way, totalCount included.
 */
export async function cursorPage<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
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
  let page;
  try {
    page = await em.findByCursor(entity, where, { first: args.first, after: args.after ?? undefined, orderBy: orderBy as never, includeCount: true });
  } catch (error) {
    if (args.after && /cursor/i.test((error as Error).message)) throw badCursor();
    throw error;
  }
  return {
    edges: page.items.map((node) => ({ cursor: page.from(node), node })),
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPrevPage, startCursor: page.startCursor, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}
