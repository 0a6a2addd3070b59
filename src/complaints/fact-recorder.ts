import type { EntityManager } from '@mikro-orm/core';
import type { Complaint } from './complaint.entity';

/**
 * Writes the complaint's statistics fact in the caller's transaction (stats' recordComplaintFact, given at
 * the composition root). `closed` undefined keeps what the fact says (a data edit).
 */
export type ComplaintFactRecorder = (em: EntityManager, c: Complaint, options: { timeZone: string; closed?: boolean }) => Promise<unknown>;
