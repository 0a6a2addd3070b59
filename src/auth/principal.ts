/** Who is calling, resolved from their credential. */
export interface Principal {
  id: string;
  name: string;
  roles: string[];
}

export interface Caller {
  tenant: { id: string; slug: string };
  principal: Principal;
}

/** The caller as an event's actor. */
export const actorOf = (caller: Caller): { id: string; name: string } => ({ id: caller.principal.id, name: caller.principal.name });

/** The principal id of an API key, e.g. api-key:<uuid>. */
export const apiKeyPrincipalId = (apiKeyId: string): string => `api-key:${apiKeyId}`;
