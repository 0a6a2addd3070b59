import { publicError } from '../shared/errors/public-error';
import type { Caller } from './principal';

/** Throws FORBIDDEN unless the caller has one of the roles. */
export function requireRole(caller: Caller, ...roles: string[]): void {
  if (!caller.principal.roles.some((r) => roles.includes(r))) {
    throw publicError('FORBIDDEN', `This needs the ${roles.join(' or ')} role`);
  }
}
