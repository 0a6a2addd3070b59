import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/request-context';
import type { TemplateReader } from '../shared/template-reader';
import type { ApiKeyService } from './api-key.service';
import { toGlobalId } from '../shared/graphql/global-id';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyInput } from './api-key.inputs';
import { CreateApiKeyResult, RevokeApiKeyResult } from './api-key.results';
import { requirePermission } from './permissions';

/** API keys of the tenant: the apiKey.manage permission (FORBIDDEN otherwise). */
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  constructor(
    private readonly templateService: TemplateReader,
    private readonly apiKeyService: ApiKeyService,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() apiKey: ApiKey): string {
    return toGlobalId('ApiKey', apiKey.id);
  }

  @Query(() => [ApiKey], { description: "The tenant's API keys, revoked ones included, oldest first." })
  async apiKeys(@Ctx() ctx: Context): Promise<ApiKey[]> {
    await requirePermission(this.templateService, ctx, 'apiKey.manage');
    return this.apiKeyService.list(ctx);
  }

  @Mutation(() => CreateApiKeyResult, { description: 'Creates a key with roles from the organization template; the key is returned this once.' })
  async createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: Context): Promise<typeof CreateApiKeyResult> {
    await requirePermission(this.templateService, ctx, 'apiKey.manage');
    return this.apiKeyService.createForAdmin(ctx, input);
  }

  @Mutation(() => RevokeApiKeyResult, { description: 'Revokes a key: refused from the next request on this instance, within 30 s on others. Revoking twice changes nothing.' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<typeof RevokeApiKeyResult> {
    await requirePermission(this.templateService, ctx, 'apiKey.manage');
    return this.apiKeyService.revoke(ctx, id);
  }
}
