import type { EntityManager } from '@mikro-orm/core';
import { CostItem } from './cost-item.entity';

interface Batch {
  waiting: Map<string, Array<{ resolve(items: CostItem[]): void; reject(error: unknown): void }>>;
}

/** One batch per request (its forked entity manager), filled while GraphQL resolves sibling fields. */
const batches = new WeakMap<EntityManager, Batch>();

/**
 * The cost items of one subject, oldest first. Calls made while GraphQL resolves one level of a list (the
 * `costs` of 100 complaints) are answered by one query, as DataLoader does: the batch runs after the
 * promise jobs queued now.
 */
export function costItemsOf(em: EntityManager, subjectId: string): Promise<CostItem[]> {
  let batch = batches.get(em);
  if (!batch) {
    const fresh: Batch = { waiting: new Map() };
    batches.set(em, fresh);
    batch = fresh;
    void Promise.resolve().then(() =>
      process.nextTick(() => {
        batches.delete(em);
        void run(em, fresh);
      }),
    );
  }
  const waiting = batch.waiting;
  return new Promise((resolve, reject) => {
    const list = waiting.get(subjectId) ?? [];
    list.push({ resolve, reject });
    waiting.set(subjectId, list);
  });
}

async function run(em: EntityManager, batch: Batch): Promise<void> {
  const ids = [...batch.waiting.keys()];
  try {
    const items = await em.find(CostItem, { subjectId: { $in: ids } }, { orderBy: { recordedAt: 'asc', id: 'asc' } });
    const bySubject = new Map<string, CostItem[]>();
    for (const i of items) bySubject.set(i.subjectId, [...(bySubject.get(i.subjectId) ?? []), i]);
    for (const id of ids) for (const w of batch.waiting.get(id)!) w.resolve(bySubject.get(id) ?? []);
  } catch (error) {
    for (const list of batch.waiting.values()) for (const w of list) w.reject(error);
  }
}
