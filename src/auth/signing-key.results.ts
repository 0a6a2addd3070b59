import { createUnionType, Field, ObjectType } from 'type-graphql';
import { ErrorCode } from '../shared/errors/error-code';
import { ErrorResult } from '../shared/errors/error-results';
import type { SigningKey } from './signing-keys';

@ObjectType({ description: 'An access-token signing key, by its id (never its secret).' })
export class SigningKeyInfo {
  @Field({ description: 'The `kid` in the header of tokens it signs.' })
  kid!: string;

  @Field({ description: 'Whether it signs new tokens (the newest key); the others only verify.' })
  signing!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was generated; null for a key from JWT_SECRET / JWT_PREVIOUS_SECRETS.' })
  createdAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it stops verifying (every token it can have signed has expired by then); null while it signs, or for a key from the environment.' })
  retiresAt!: Date | null;

  constructor(key: SigningKey, signing: boolean) {
    Object.assign(this, { kid: key.kid, signing, createdAt: key.createdAt, retiresAt: key.retiresAt });
  }
}

@ObjectType({ description: 'A new signing key signs from now on; the previous one verifies until it retires.' })
export class SigningKeyRotated {
  @Field(() => SigningKeyInfo)
  key!: SigningKeyInfo;

  @Field(() => SigningKeyInfo)
  previous!: SigningKeyInfo;

  constructor(key: SigningKeyInfo, previous: SigningKeyInfo) {
    Object.assign(this, { key, previous });
  }
}

@ObjectType({ implements: ErrorResult, description: 'The keys come from JWT_SECRET and JWT_PREVIOUS_SECRETS: rotate them there (see the README).' })
export class KeysFromEnvironmentError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorCode.KEYS_FROM_ENVIRONMENT;
    this.message = 'Signing keys are set by JWT_SECRET and JWT_PREVIOUS_SECRETS; rotate them in the environment';
  }
}

export const RotateSigningKeyResult = createUnionType({ name: 'RotateSigningKeyResult', types: () => [SigningKeyRotated, KeysFromEnvironmentError] as const });
