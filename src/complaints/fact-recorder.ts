import type { EntityManager } from '@mikro-orm/core';
import type { ComplaintTypeTemplate } from '../__generated__';
import type { Complaint } from './complaint.entity';

/**
 * Writes the complaint's statistics fact in the caller's transaction (stats' recordComplaintFact, given at
 * the composition root). `closed` undefined keeps what the fact says (a data edit); `type` is the complaint type
 * the complaint is pinned to (its intake fields say where the product, customer and quantity are).
 */
export type ComplaintFactRecorder = (em: EntityManager, c: Complaint, options: { timeZone: string; closed?: boolean; type: Pick<ComplaintTypeTemplate, 'intakeFields'> }) => Promise<unknown>;
