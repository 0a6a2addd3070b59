/** Who is calling, resolved from their credential. */
export interface Principal {
  /** `user:<uuid>`, `api-key:<uuid>`, `operator-key:<uuid>`, or a system id. */
  id: string;
  name: string;
  roles: string[];
  /** user, api_key, operator or system (absent on system principals made before users existed). */
  kind?: PrincipalKind;
  /** A user's departments (keys of the organization template); empty for keys. */
  departments?: string[];
  /** A user's level (key of the organization template); null for keys. */
  level?: string | null;
  /** A user's login session, which logout revokes. */
  sessionId?: string;
}

export type PrincipalKind = 'user' | 'api_key' | 'system' | 'operator';

/** Who calls, for which tenant. */
export interface Caller {
  tenant: { id: string; slug: string };
  principal: Principal;
}
