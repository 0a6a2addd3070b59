import type { EntityManager } from '@mikro-orm/core';
import { Complaint } from './complaint.entity';

/** The tenant's most recent complaints of a type, newest first (what a complaint type draft's dry run reads). */
export function recentComplaintsOfType(em: EntityManager, typeKey: string, limit: number): Promise<Complaint[]> {
  return em.find(Complaint, { typeKey }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
}
