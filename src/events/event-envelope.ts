import { toGlobalId } from '../shared/graphql/global-id';
import type { DomainEvent } from '../db/event.entity';

/** Version of the envelope below; a change that breaks consumers gets a new one. */
export const ENVELOPE_VERSION = '1';

/**
 * What integrators receive (webhook bodies, `Event.envelope`): a CloudEvents 1.0 JSON event. Our attributes are
 * CloudEvents extensions (lowercase letters and digits only, as the spec requires).
 */
export interface EventEnvelope {
  specversion: '1.0';
  /** The event's id: also the Standard Webhooks `webhook-id`, so a redelivered event is recognisable. */
  id: string;
  /** `/tenants/<tenant id>` */
  source: string;
  /** e.g. `complaint.status_changed` */
  type: string;
  /** Global ID of the subject (the complaint, investigation, template...). */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  envelopeversion: string;
  /** Per-tenant sequence number: gap-free, in commit order; the `events(after:)` cursor of this event is derived from it. */
  sequence: number;
  tenantid: string;
  subjecttype: string;
  subjectnumber: string | null;
  actorid: string;
  actorname: string;
  reason: string | null;
  /** The audit-trail hash of this event (see `verifyAuditTrail`). */
  hash: string;
  data: Record<string, unknown>;
}

export function envelopeOf(event: DomainEvent): EventEnvelope {
  const tenantId = event.tenant.id;
  return {
    specversion: '1.0',
    id: event.id,
    source: `/tenants/${tenantId}`,
    type: event.type,
    subject: toGlobalId(event.subjectType, event.subjectId),
    time: event.occurredAt.toISOString(),
    datacontenttype: 'application/json',
    envelopeversion: ENVELOPE_VERSION,
    sequence: event.sequence,
    tenantid: tenantId,
    subjecttype: event.subjectType,
    subjectnumber: event.subjectNumber ?? null,
    actorid: event.actorId,
    actorname: event.actorName,
    reason: event.reason ?? null,
    hash: event.hash,
    data: event.data,
  };
}
