/** Tenant provisioning by a platform operator (the face of src/tenants). */
export { OPERATOR_FIELDS } from './tenant.resolver';
export { CLI_OPERATOR, FIRST_ADMIN_ROLES, TenantService, type CreatedTenant, type CreateTenant } from './tenant.service';
export { tenantsModule, type TenantsDeps } from './tenants.module';
