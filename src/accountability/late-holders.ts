import type { EntityManager } from '@mikro-orm/core';
import type { OrganizationTemplate } from '../__generated__';
import { pendingStep } from '../approvals';
import { lookUpPrincipal } from '../auth';
import { Complaint } from '../complaints';
import { approverRoles } from '../complaints';
import type { WriteScope } from '../db/database';
import { appendEvent, SYSTEM_ACTOR } from '../db/event-log';
import type { Investigation } from '../investigations';
import type { SlaClock } from '../sla';
import { departmentLine } from '../shared/org-roles';
import { LateHolding } from './late-holding.entity';

interface Holder {
  kind: LateHolding['holderKind'];
  id: string | null;
  roles: string[];
}

/** Who holds the subject now: the pending approval step's approvers, else its owner (leader), else the head of its department. */
function holderOf(subject: Complaint | Investigation, org: OrganizationTemplate): Holder {
  if (subject instanceof Complaint) {
    const step = pendingStep(subject.record.approval);
    if (step) return { kind: 'approvers', id: null, roles: approverRoles(step, org, subject) };
  }
  const owner = subject instanceof Complaint ? subject.ownerId : subject.leaderId;
  if (owner) return { kind: 'owner', id: owner, roles: [] };
  const head = departmentLine(org, subject.department)[0]?.headRole;
  return { kind: 'unassigned', id: null, roles: head ? [head] : [] };
}

const sameHolder = (h: LateHolding, x: Holder) => h.holderKind === x.kind && h.holderId === x.id && [...h.holderRoles].sort().join() === [...x.roles].sort().join();

/**
 * Delay accountability (issue #10): while a clock is breached and not met, someone holds the subject late.
 * The holder at the breach is recorded from the breach on; a change of holder while still late ends that
 * holding and starts the next; meeting the clock ends it. A clock met late without a recorded breach (no
 * timer ran in between) gets one holding from its due time to when it was met. One event per change.
 */
export async function recordLateHolders(scope: WriteScope, subject: Complaint | Investigation, clocks: SlaClock[], org: OrganizationTemplate, now: Date): Promise<void> {
  const late = clocks.filter((c) => c.breachedAt);
  if (!late.length) return;
  const { em, tenantId } = scope;
  const holdings = await em.find(LateHolding, { subjectId: subject.id, clockId: { $in: late.map((c) => c.id) } }, { orderBy: { since: 'asc' } });
  const holder = holderOf(subject, org);
  const opened: LateHolding[] = [];
  const closed: LateHolding[] = [];
  for (const clock of late) {
    const mine = holdings.filter((h) => h.clockId === clock.id);
    const open = mine.find((h) => h.until === null);
    if (clock.metAt) {
      if (open) closed.push(Object.assign(open, { until: clock.metAt }));
      else if (!mine.length) opened.push(newHolding(em, tenantId, subject, clock, holder, clock.breachedAt!, clock.metAt));
      continue;
    }
    if (open && sameHolder(open, holder)) continue;
    if (open) closed.push(Object.assign(open, { until: now }));
    opened.push(newHolding(em, tenantId, subject, clock, holder, open ? now : clock.breachedAt!, null));
  }
  if (!opened.length && !closed.length) return;
  // The printed name of the owner, kept with the holding.
  const name = (await lookUpPrincipal(em, tenantId, holder.id))?.name ?? null;
  for (const h of opened) h.holderName = name;
  const type = subject instanceof Complaint ? 'complaint' : 'investigation';
  await appendEvent(scope, {
    occurredAt: now,
    type: `${type}.late_holders_changed`,
    subjectType: subject instanceof Complaint ? 'Complaint' : 'Investigation',
    subjectId: subject.id,
    subjectNumber: subject.number,
    actor: SYSTEM_ACTOR,
    data: {
      opened: opened.map((h) => ({ holdingId: h.id, clock: h.clockName, holderKind: h.holderKind, holderId: h.holderId, holderRoles: h.holderRoles, since: h.since, until: h.until })),
      closed: closed.map((h) => ({ holdingId: h.id, clock: h.clockName, until: h.until })),
    },
  });
}

function newHolding(em: EntityManager, tenantId: string, subject: Complaint | Investigation, clock: SlaClock, holder: Holder, since: Date, until: Date | null): LateHolding {
  return em.create(LateHolding, {
    tenantId,
    subjectType: subject instanceof Complaint ? 'Complaint' : 'Investigation',
    subjectId: subject.id,
    clockId: clock.id,
    stage: clock.stage,
    clockName: clock.name,
    holderKind: holder.kind,
    holderId: holder.id,
    holderRoles: holder.roles,
    since,
    until,
  });
}
