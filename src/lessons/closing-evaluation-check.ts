import type { EntityManager } from '@mikro-orm/core';
import { ClosingEvaluation } from './closing-evaluation.entity';

/** Whether a closing evaluation is recorded for the complaint (what a transition requiring one checks). */
export async function hasClosingEvaluation(em: EntityManager, complaintId: string): Promise<boolean> {
  return (await em.count(ClosingEvaluation, { subjectType: 'Complaint', subjectId: complaintId })) > 0;
}
