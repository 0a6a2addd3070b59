import type { EntityManager } from '@mikro-orm/core';
import type { LocalizedText } from '../__generated__';
import { ApiKey } from '../auth/api-key.entity';
import { apiKeyPrincipalId } from '../auth/principal';
import { Notification } from './notification.entity';

/** What a notification is about. */
export interface NotificationSubject {
  subjectType: string;
  subjectId: string;
  subjectNumber: string | null;
}

/** Active principals of a tenant by role, oldest first (principals are API keys until user accounts come). */
export async function roleHolders(em: EntityManager, tenantId: string): Promise<Map<string, string[]>> {
  const keys = await em.find(ApiKey, { tenant: tenantId, revokedAt: null }, { orderBy: { createdAt: 'asc' }, filters: false });
  const byRole = new Map<string, string[]>();
  for (const key of keys) for (const role of key.roles) byRole.set(role, [...(byRole.get(role) ?? []), apiKeyPrincipalId(key.id)]);
  return byRole;
}

/** Creates one in-app notification per holder of the roles (in the caller's transaction); returns the recipients. */
export function notifyRoles(
  em: EntityManager,
  tenantId: string,
  holders: Map<string, string[]>,
  roles: string[],
  message: NotificationSubject & { kind: string; title: LocalizedText; data: Record<string, unknown>; at: Date },
): string[] {
  const recipients = [...new Set(roles.flatMap((role) => holders.get(role) ?? []))];
  for (const recipientId of recipients) {
    em.create(Notification, {
      tenantId,
      recipientId,
      kind: message.kind,
      subjectType: message.subjectType,
      subjectId: message.subjectId,
      subjectNumber: message.subjectNumber,
      title: message.title,
      data: message.data,
      createdAt: message.at,
    });
  }
  return recipients;
}
