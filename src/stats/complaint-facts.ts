import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import type { Complaint } from '../complaints';
import { CostItem } from '../costs';
import { SlaClock } from '../sla';
import { receivedAt } from '../complaints';
import { intakeValue } from '../templates';
import type { ComplaintTypeTemplate } from '../__generated__';
import { ComplaintFact } from './complaint-fact.entity';

/** The local keys a fact is bucketed by, in the organization's time zone. */
export function localKeys(at: Date, timeZone: string): { day: string; month: string; week: string } {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new Error(`invalid time zone ${timeZone}`);
  return { day: local.toFormat('yyyy-MM-dd'), month: local.toFormat('yyyy-MM'), week: local.toFormat("kkkk-'W'WW") };
}

const text = (v: unknown, max: number): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);
const quantity = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

export interface FactOptions {
  /** The organization's calendar time zone. */
  timeZone: string;
  /** The complaint's status is of category "closed"; undefined keeps what the fact says (a data edit). */
  closed?: boolean;
  /** The complaint type the complaint is pinned to: its intake fields say where the product, customer, quantity and received time are. */
  type: Pick<ComplaintTypeTemplate, 'intakeFields'>;
}

/**
 * Writes the complaint's statistics fact in the caller's transaction. Call it after the complaint's SLA
 * clocks were synced and flushed (a closure's on-time verdict comes from the "close" clock).
 */
export async function recordComplaintFact(em: EntityManager, c: Complaint, { timeZone, closed, type }: FactOptions): Promise<ComplaintFact> {
  const tenantId = c.tenant.id;
  // tenant-scope: reviewed — the fact of a complaint loaded in its tenant, by the complaint's uuid
  let fact = await em.findOne(ComplaintFact, { complaintId: c.id }, { filters: false });
  const received = receivedAt(c, type);
  const keys = localKeys(received, timeZone);
  const record = c.record;
  const isClosed = closed ?? !!fact?.closedAt;
  const closedAt = isClosed && record.closure?.at ? new Date(record.closure.at) : null;
  let closeOnTime: boolean | null = null;
  if (closedAt) {
    const clock = await em.findOne(SlaClock, { tenantId, subjectId: c.id, stage: 'response', name: 'close' }, { filters: false });
    closeOnTime = clock?.metAt ? !clock.breachedAt : null;
  }
  const values = {
    tenantId,
    receivedAt: received,
    receivedDay: keys.day,
    receivedMonth: keys.month,
    receivedWeek: keys.week,
    typeKey: c.typeKey,
    category: c.category,
    severity: c.severity,
    department: c.department,
    productKey: text(intakeValue(type, c.data, 'partNumber'), 200),
    customerKey: text(intakeValue(type, c.data, 'customer'), 200),
    closedAt,
    cycleSeconds: closedAt ? Math.max(0, Math.round((closedAt.getTime() - received.getTime()) / 1000)) : null,
    closeOnTime,
    rejected: record.validity?.decision === 'rejected',
    reopenCount: Array.isArray(record.reopenings) ? record.reopenings.length : 0,
    satisfaction: quantity(record.feedback?.satisfaction),
    defectiveClaimed: quantity(intakeValue(type, c.data, 'quantity')),
    defectiveConfirmed: quantity(record.defects?.confirmed),
  };
  const before = fact ? { productKey: fact.productKey, category: fact.category, receivedAt: fact.receivedAt } : null;
  if (fact) Object.assign(fact, values);
  else fact = em.create(ComplaintFact, { complaintId: c.id, ...values, costBaseMinor: await costBaseMinor(em, tenantId, c.id) });
  const moved = !before || before.productKey !== fact.productKey || before.category !== fact.category || before.receivedAt.getTime() !== fact.receivedAt.getTime();
  if (moved) await relinkRepeats(em, fact, before);
  return fact;
}

/** The base-currency sum of a complaint's cost items not voided; read only when its fact is first written, then kept by each cost change. */
async function costBaseMinor(em: EntityManager, tenantId: string, complaintId: string): Promise<number> {
  const items = await em.find(CostItem, { tenantId, subjectId: complaintId, voidedAt: null }, { fields: ['baseAmountMinor'], filters: false });
  return Number(items.reduce((sum, i) => sum + BigInt(i.baseAmountMinor), 0n));
}

type RepeatKeys = Pick<ComplaintFact, 'productKey' | 'category' | 'receivedAt'>;

/** The fact next to `at` on its product and category, before or after it (ties by id), other than `except`. */
function neighbour(em: EntityManager, tenantId: string, at: RepeatKeys & { complaintId: string }, side: 'before' | 'after', except: string): Promise<ComplaintFact | null> {
  const op = side === 'before' ? '$lt' : '$gt';
  const dir = side === 'before' ? 'desc' : 'asc';
  return em.findOne(
    ComplaintFact,
    {
      tenantId,
      productKey: at.productKey,
      category: at.category,
      complaintId: { $ne: except },
      $or: [{ receivedAt: { [op]: at.receivedAt } }, { receivedAt: at.receivedAt, complaintId: { [op]: at.complaintId } }],
    },
    { orderBy: { receivedAt: dir, complaintId: dir }, filters: false },
  );
}

const gap = (later: ComplaintFact, earlier: ComplaintFact | null): number | null => (earlier ? Math.round((later.receivedAt.getTime() - earlier.receivedAt.getTime()) / 1000) : null);

/**
 * Keeps repeat gaps current when a fact is new or its product, category or receipt moved: its own gap, the
 * gap of the one now after it, and the gap of the one that was after it at its old place.
 */
async function relinkRepeats(em: EntityManager, fact: ComplaintFact, before: RepeatKeys | null): Promise<void> {
  const { tenantId, complaintId } = fact;
  const keyed = (k: RepeatKeys | null): k is RepeatKeys => !!k?.productKey && !!k.category;
  if (keyed(before)) {
    const oldNext = await neighbour(em, tenantId, { ...before, complaintId }, 'after', complaintId);
    if (oldNext) oldNext.repeatGapSeconds = gap(oldNext, await neighbour(em, tenantId, oldNext, 'before', complaintId));
  }
  if (!fact.productKey || !fact.category) {
    fact.repeatGapSeconds = null;
    return;
  }
  fact.repeatGapSeconds = gap(fact, await neighbour(em, tenantId, fact, 'before', complaintId));
  const next = await neighbour(em, tenantId, fact, 'after', complaintId);
  if (next) next.repeatGapSeconds = gap(next, fact);
}
