import { createUnionType, Field, ObjectType } from 'type-graphql';
import { Tenant } from '../db/tenant.entity';
import { NotFoundError, ValidationError } from '../shared/errors/error-results';
import { TemplateInvalidError } from '../templates';

@ObjectType({ description: 'A new tenant with its first admin API key, shown this once.' })
export class TenantWithAdminKey {
  @Field(() => Tenant)
  tenant!: Tenant;

  @Field({ description: 'An API key with the admin role in the new tenant: keep it now, only its hash is stored. Send it as Authorization: Bearer <key>.' })
  adminKey!: string;

  constructor(tenant: Tenant, adminKey: string) {
    this.tenant = tenant;
    this.adminKey = adminKey;
  }
}

export const CreateTenantResult = createUnionType({ name: 'CreateTenantResult', types: () => [TenantWithAdminKey, ValidationError, TemplateInvalidError] as const });
export const DisableTenantResult = createUnionType({ name: 'DisableTenantResult', types: () => [Tenant, ValidationError, NotFoundError] as const });
export const EnableTenantResult = createUnionType({ name: 'EnableTenantResult', types: () => [Tenant, NotFoundError] as const });
