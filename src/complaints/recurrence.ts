import type { EntityManager } from '@mikro-orm/core';
import type { ComplaintTypeTemplate, RecurrenceRule } from '../__generated__';
import { intakePointer, investigationPolicy, valueAtPointer } from '../templates';
import { receivedAt } from './received-at';
import type { ComplaintInvestigations } from './complaint-investigations';
import { Complaint } from './complaint.entity';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How many earlier complaints one lookup compares (the newest first). */
const LOOKED_AT = 500;

/** What a recurrence found, and what it does: the rules' `recurrence` fact (require) or only a record (suggest). */
export interface Recurrence {
  /** Numbers of the earlier investigations or complaints it recurs after; empty when it does not recur. */
  matched: string[];
  effect: 'require' | 'suggest';
}

export const NO_RECURRENCE: Recurrence = { matched: [], effect: 'require' };

/** The type's recurrence rule, or null: no rule (today's: closed investigations on part, category and recurrenceKeys). */
export const recurrenceRule = (type: ComplaintTypeTemplate): RecurrenceRule | null => investigationPolicy(type)?.recurrence ?? null;

/** The keys a rule without `keys` compares: the part number, the category and the recurrenceKeys. */
export function recurrenceKeys(type: ComplaintTypeTemplate): string[] {
  return [`/data${intakePointer(type, 'partNumber')}`, '/category', ...(investigationPolicy(type)?.recurrenceKeys ?? []).map((k) => `/data${k}`)];
}

/** The value at a recurrence key: /category, or /data/... in the intake data (undefined when absent). */
function keyValue(c: Complaint, key: string): unknown {
  if (key === '/category') return c.category ?? undefined;
  return valueAtPointer(c.data, key.slice('/data'.length)) ?? undefined;
}

/**
 * A complaint's recurrence under its type's recurrence rule: earlier complaints of the same type equal in every
 * key (none absent), received within the window before this one; they count themselves (`complaints`) or through
 * their linked investigations, closed or open, not linked to this complaint.
 */
export async function recurrenceUnder(rule: RecurrenceRule, type: ComplaintTypeTemplate, em: EntityManager, c: Complaint, investigations: ComplaintInvestigations): Promise<Recurrence> {
  const effect = rule.effect ?? 'require';
  const keys = rule.keys ?? recurrenceKeys(type);
  const wanted = keys.map((k) => keyValue(c, k));
  if (wanted.some((v) => v === undefined)) return { matched: [], effect };
  const received = receivedAt(c, type);
  const since = rule.window ? new Date(received.getTime() - rule.window.value * DAY_MS) : null;
  // An earlier complaint's received time is never after its recording: recorded since the window start is a superset.
  const candidates = await em.find(
    Complaint,
    { tenant: c.tenant, typeKey: c.typeKey, id: { $ne: c.id }, ...(keys.includes('/category') ? { category: c.category } : {}), ...(since ? { createdAt: { $gte: since } } : {}) },
    { orderBy: { createdAt: 'desc' }, limit: LOOKED_AT },
  );
  const earlier = candidates.filter((e) => {
    const at = receivedAt(e, type);
    const before = at < received || (at.getTime() === received.getTime() && e.createdAt < c.createdAt);
    return before && (!since || at >= since) && keys.every((k, i) => JSON.stringify(keyValue(e, k)) === JSON.stringify(wanted[i]));
  });
  const counts = new Set(rule.counts ?? ['closed-investigations']);
  const matched: string[] = counts.has('complaints') ? earlier.map((e) => e.number) : [];
  if (counts.has('closed-investigations') || counts.has('open-investigations')) {
    const own = new Set((await investigations.investigationsOf(em, c.id)).map((i) => i.number));
    for (const e of earlier) {
      for (const i of await investigations.investigationsOf(em, e.id)) {
        const closed = i.status === 'CLOSED';
        const open = !closed && i.status !== 'CANCELLED';
        if (((closed && counts.has('closed-investigations')) || (open && counts.has('open-investigations'))) && !own.has(i.number) && !matched.includes(i.number)) matched.push(i.number);
      }
    }
  }
  return { matched, effect };
}

/** Whether the rules see a recurrence (their `recurrence` fact): a match whose effect is require. */
export const recurs = (r: Recurrence): boolean => r.matched.length > 0 && r.effect === 'require';

/** The match as record.investigation records it (nothing when it does not recur). */
export const recorded = (r: Recurrence): { recurrence?: { matched: string[]; effect: Recurrence['effect'] } } => (r.matched.length ? { recurrence: { matched: r.matched, effect: r.effect } } : { recurrence: undefined });
