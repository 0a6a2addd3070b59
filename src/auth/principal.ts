/** Who is calling, resolved from their credential. */
export interface Principal {
  /** `user:<uuid>`, `api-key:<uuid>`, or a system id. */
  id: string;
  name: string;
  roles: string[];
  /** user, api_key or system (absent on system principals made before users existed). */
  kind?: PrincipalKind;
  /** A user's departments (keys of the organization template); empty for keys. */
  departments?: string[];
  /** A user's level (key of the organization template); null for keys. */
  level?: string | null;
  /** A user's login session, which logout revokes. */
  sessionId?: string;
}

export type PrincipalKind = 'user' | 'api_key' | 'system';

export interface Caller {
  tenant: { id: string; slug: string };
  principal: Principal;
}

/** The caller as an event's actor. */
export const actorOf = (caller: Caller): { id: string; name: string } => ({ id: caller.principal.id, name: caller.principal.name });

/** The principal id of an API key, e.g. api-key:<uuid>. */
export const apiKeyPrincipalId = (apiKeyId: string): string => `api-key:${apiKeyId}`;

/** The principal id of a user, e.g. user:<uuid>. */
export const userPrincipalId = (userId: string): string => `user:${userId}`;
