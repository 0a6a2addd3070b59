import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import { ApiKeyResolver } from './api-key.resolver';
import type { ApiKeyService } from './api-key.service';
import type { AuthService } from './auth.service';
import { entities } from './entities';
import { SigningKeyResolver } from './signing-key.resolver';
import { UserResolver } from './user.resolver';
import type { UserService } from './user.service';

/** What the resolvers of auth are made from (the composition root's services provide it). */
export interface AuthDeps {
  templates: TemplateReader;
  users: UserService;
  apiKeys: ApiKeyService;
  auth: AuthService;
}

/** Users, API keys and signing keys, for the composition root (src/features.ts). */
export const authModule = defineFeature<AuthDeps>({
  name: 'auth',
  entities,
  resolvers: [
    resolver(UserResolver, (d) => new UserResolver(d.templates, d.users)),
    resolver(ApiKeyResolver, (d) => new ApiKeyResolver(d.templates, d.apiKeys)),
    resolver(SigningKeyResolver, (d) => new SigningKeyResolver(d.auth)),
  ],
});
