import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { CostItem } from './cost-item.entity';

/** One loader per request (its forked entity manager), so nothing is cached across requests. */
const loaders = new WeakMap<EntityManager, DataLoader<string, CostItem[]>>();

/**
 * The cost items of one subject, oldest first. Calls made while GraphQL resolves one level of a list (the
 * `costs` of 100 complaints) are answered by one query.
 */
export function costItemsOf(em: EntityManager, subjectId: string): Promise<CostItem[]> {
  let loader = loaders.get(em);
  if (!loader) {
    loader = new DataLoader(
      async (ids: readonly string[]) => {
        const items = await em.find(CostItem, { subjectId: { $in: [...ids] } }, { orderBy: { recordedAt: 'asc', id: 'asc' } });
        const bySubject = new Map<string, CostItem[]>(ids.map((id) => [id, []]));
        for (const item of items) bySubject.get(item.subjectId)!.push(item);
        return ids.map((id) => bySubject.get(id)!);
      },
      // A request reads its costs again after adding one (mutation results): no memo across calls.
      { cache: false },
    );
    loaders.set(em, loader);
  }
  return loader.load(subjectId);
}
