import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorCode } from '../shared/errors/error-code';
import { ErrorResult, NotFoundError, ValidationError } from '../shared/errors/error-results';
import type { Locale } from '../shared/i18n/locale';
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

  @Field(() => [String], { description: 'Permission keys the caller holds (see README "Permissions"), so a UI can hide what it may not do; workflow and investigation steps report theirs as allowedActions.' })
  permissions!: string[];

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

@ObjectType({ implements: ErrorResult, description: 'The change would leave the tenant without an administrator (its last enabled admin user, or its last admin credential of any kind): nothing was changed.' })
export class LastAdminError extends ErrorResult {
  @Field(() => ID, { description: 'The user or API key the change was refused for.' })
  id!: string;

  constructor(id: string, locale: Locale) {
    super();
    this.code = ErrorCode.LAST_ADMIN;
    this.message = locale === 'zh-CN' ? '这是最后一个管理员：请先为其他用户授予管理员角色' : 'This is the last administrator: make another user an admin first';
    this.id = id;
  }
}

export const CreateUserResult = createUnionType({ name: 'CreateUserResult', types: () => [User, ValidationError] as const });
export const UpdateUserResult = createUnionType({ name: 'UpdateUserResult', types: () => [User, ValidationError, NotFoundError, LastAdminError] as const });
export const UserStatusResult = createUnionType({ name: 'UserStatusResult', types: () => [User, ValidationError, NotFoundError, LastAdminError] as const });
export const ResetUserPasswordResult = createUnionType({ name: 'ResetUserPasswordResult', types: () => [User, ValidationError, NotFoundError] as const });
export const ChangeMyPasswordResult = createUnionType({ name: 'ChangeMyPasswordResult', types: () => [PasswordChanged, ValidationError] as const });
