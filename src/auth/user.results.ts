import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotFoundError, ValidationError } from '../shared/errors/error-results';
import { User } from './user.entity';

export enum CallerKind {
  USER = 'user',
  API_KEY = 'api_key',
  SYSTEM = 'system',
}
registerEnumType(CallerKind, { name: 'CallerKind', description: 'What authenticated the caller.' });

@ObjectType({ description: 'The authenticated caller: a user (access token) or an API key.' })
export class Caller {
  @Field(() => ID, { description: 'user:<uuid> or api-key:<uuid>: the actor id in events.' })
  id!: string;

  @Field(() => CallerKind)
  kind!: CallerKind;

  @Field({ description: "A user's display name or the key's name." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Login name; null for an API key.' })
  username!: string | null;

  @Field(() => [String])
  roles!: string[];

  @Field(() => [String], { description: 'Empty for an API key.' })
  departments!: string[];

  @Field(() => String, { nullable: true, description: 'Null for an API key.' })
  level!: string | null;

  @Field({ description: 'Slug of the caller\'s tenant.' })
  tenant!: string;
}

@ObjectType({ description: 'The password was changed; the caller\'s other sessions were ended.' })
export class PasswordChanged {
  @Field(() => Int, { description: 'How many other sessions of the user were ended.' })
  sessionsEnded!: number;

  constructor(sessionsEnded: number) {
    this.sessionsEnded = sessionsEnded;
  }
}

export const CreateUserResult = createUnionType({ name: 'CreateUserResult', types: () => [User, ValidationError] as const });
export const UpdateUserResult = createUnionType({ name: 'UpdateUserResult', types: () => [User, ValidationError, NotFoundError] as const });
export const UserStatusResult = createUnionType({ name: 'UserStatusResult', types: () => [User, ValidationError, NotFoundError] as const });
export const ResetUserPasswordResult = createUnionType({ name: 'ResetUserPasswordResult', types: () => [User, ValidationError, NotFoundError] as const });
export const ChangeMyPasswordResult = createUnionType({ name: 'ChangeMyPasswordResult', types: () => [PasswordChanged, ValidationError] as const });
