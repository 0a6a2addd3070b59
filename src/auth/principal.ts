import type { Caller } from '../shared/principal';

export type { Caller, Principal, PrincipalKind } from '../shared/principal';

/** The caller as an event's actor. */
export const actorOf = (caller: Caller): { id: string; name: string } => ({ id: caller.principal.id, name: caller.principal.name });

/** The principal id of an API key, e.g. api-key:<uuid>. */
export const apiKeyPrincipalId = (apiKeyId: string): string => `api-key:${apiKeyId}`;

/** The principal id of a user, e.g. user:<uuid>. */
export const userPrincipalId = (userId: string): string => `user:${userId}`;

/** A platform operator's credential belongs to no tenant: its caller carries this placeholder, which no row has. */
export const NO_TENANT: Caller['tenant'] = { id: '00000000-0000-0000-0000-000000000000', slug: '' };

/** The principal id of a platform operator's key, e.g. operator-key:<uuid>. */
export const operatorPrincipalId = (operatorKeyId: string): string => `operator-key:${operatorKeyId}`;

/** Whether the caller is a platform operator (no tenant: only tenant provisioning). */
export const isOperator = (caller: Caller): boolean => caller.principal.kind === 'operator';

/** What a credential resolves to: a caller, a tenant that is disabled, or nothing. */
export type CredentialOutcome = Caller | 'tenant_disabled' | null;
