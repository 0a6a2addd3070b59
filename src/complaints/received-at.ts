import type { ComplaintTypeTemplate } from '../__generated__';
import { intakeValue } from '../templates';
import type { Complaint } from './complaint.entity';

/**
 * When the complaint was received: the intake's received time (at its pinned type's intakeFields.receivedAt)
 * when it is a time not after recording, else the recording time. Where the clocks start, statistics bucket,
 * and recurrence windows count back from.
 */
export function receivedAt(c: Complaint, type: Pick<ComplaintTypeTemplate, 'intakeFields'>): Date {
  const value = intakeValue(type, c.data, 'receivedAt');
  const stated = typeof value === 'string' ? new Date(value) : null;
  return stated && !Number.isNaN(stated.getTime()) && stated <= c.createdAt ? stated : c.createdAt;
}
