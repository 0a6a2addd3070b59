/** The face of src/auth: what other features may use (the architecture check holds them to it). */
export { ADMIN_ROLES } from './admin-guard';
export { ApiKey } from './api-key.entity';
export type { ApiKeyService } from './api-key.service';
export { generateApiKey, hashApiKey } from './api-key.service';
export type { AuthService } from './auth.service';
export { ADMIN_ROLE, holds, isPermission, organizationOf, requirePermission, rolesFor } from './permissions';
export { actorOf, isOperator, type Caller } from './principal';
export { activePrincipals, lookUpPrincipal, lookUpPrincipals, principalName, principalNames, principalRank } from './principal-directory';
export { AuthSecret } from './session.entity';
export { seesSubject, sightFor, sightOf, visibleComplaintIds, visibleComplaints, visibleEvents, visibleInvestigations, visibleSubjects, type Sight } from './visibility';
export { authModule, type AuthDeps } from './auth.module';
