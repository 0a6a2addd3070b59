import { createUnionType, Field, ObjectType } from 'type-graphql';
import { NotFoundError, ValidationError } from '../shared/errors/error-results';
import { ApiKey } from './api-key.entity';
import { LastAdminError } from './user.results';

@ObjectType({ description: 'A new API key with its secret, shown this once.' })
export class ApiKeyWithSecret {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field({ description: 'cqk_<random>_<checksum>: keep it now, only its hash is stored. Send it as Authorization: Bearer <key>.' })
  key!: string;

  constructor(apiKey: ApiKey, key: string) {
    this.apiKey = apiKey;
    this.key = key;
  }
}

export const CreateApiKeyResult = createUnionType({ name: 'CreateApiKeyResult', types: () => [ApiKeyWithSecret, ValidationError] as const });
export const RevokeApiKeyResult = createUnionType({ name: 'RevokeApiKeyResult', types: () => [ApiKey, NotFoundError, LastAdminError] as const });
