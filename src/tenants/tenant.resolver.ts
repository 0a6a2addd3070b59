import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf, isOperator, type Caller } from '../auth';
import { Tenant } from '../db/tenant.entity';
import type { Context } from '../shared/request-context';
import type { TenantService } from './tenant.service';
import { publicError } from '../shared/errors/public-error';
import { toGlobalId } from '../shared/graphql/global-id';
import { CreateTenantInput } from './tenant.inputs';
import { CreateTenantResult, DisableTenantResult, EnableTenantResult, TenantWithAdminKey } from './tenant.results';

/** The only root fields a platform operator's credential may select (server/http-server.ts refuses the rest). */
export const OPERATOR_FIELDS: ReadonlySet<string> = new Set(['tenants', 'createTenant', 'disableTenant', 'enableTenant']);

function requireOperator(caller: Caller): void {
  if (!isOperator(caller)) throw publicError('FORBIDDEN', "Tenants are provisioned with a platform operator's credential (OPERATOR_API_KEY or npm run tenants -- operator-key), not a tenant's");
}

/** Tenant provisioning: a platform operator's credential only (FORBIDDEN for a tenant's). */
@Resolver(() => Tenant)
export class TenantResolver {
  constructor(
    private readonly tenantService: TenantService,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() tenant: Tenant): string {
    return toGlobalId('Tenant', tenant.id);
  }

  @Query(() => [Tenant], { description: 'Every tenant, oldest first (platform operators only).' })
  async tenants(@Ctx() ctx: Context): Promise<Tenant[]> {
    requireOperator(ctx);
    return this.tenantService.list();
  }

  @Mutation(() => CreateTenantResult, { description: 'Creates a tenant, seeded from the shipped set, a bundle or nothing; returns its first admin API key this once (platform operators only).' })
  async createTenant(@Arg('input') input: CreateTenantInput, @Ctx() ctx: Context): Promise<typeof CreateTenantResult> {
    requireOperator(ctx);
    const result = await this.tenantService.create(actorOf(ctx), { slug: input.slug, name: input.name, from: input.from, bundle: input.bundle ?? undefined }, ctx.locale);
    return 'adminKey' in result ? new TenantWithAdminKey(result.tenant, result.adminKey) : result;
  }

  @Mutation(() => DisableTenantResult, {
    description: "Disables a tenant: its API keys, sessions, subscriptions and webhook deliveries stop at once on this instance, within 30 s on others (platform operators only). Disabling twice changes nothing.",
  })
  async disableTenant(@Arg('slug') slug: string, @Arg('reason') reason: string, @Ctx() ctx: Context): Promise<typeof DisableTenantResult> {
    requireOperator(ctx);
    return this.tenantService.disable(actorOf(ctx), slug, reason, ctx.locale);
  }

  @Mutation(() => EnableTenantResult, { description: 'Enables a disabled tenant again; webhooks deliver what was held back (platform operators only). Enabling twice changes nothing.' })
  async enableTenant(@Arg('slug') slug: string, @Ctx() ctx: Context): Promise<typeof EnableTenantResult> {
    requireOperator(ctx);
    return this.tenantService.enable(actorOf(ctx), slug);
  }
}
