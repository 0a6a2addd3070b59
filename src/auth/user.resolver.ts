import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/request-context';
import type { TemplateReader } from '../shared/template-reader';
import type { UserService } from './user.service';
import { toGlobalId } from '../shared/graphql/global-id';
import { organizationOf, permissionsOf, requirePermission } from './permissions';
import { User } from './user.entity';
import { CreateUserInput, UpdateUserInput } from './user.inputs';
import { Caller, CallerKind, ChangeMyPasswordResult, CreateUserResult, ResetUserPasswordResult, UpdateUserResult, UserStatusResult } from './user.results';

/** Users: holders of user.manage manage them (FORBIDDEN otherwise); anyone reads `me`; a user changes their own password and logs out. */
@Resolver(() => User)
export class UserResolver {
  constructor(
    private readonly templateService: TemplateReader,
    private readonly userService: UserService,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() user: User): string {
    return toGlobalId('User', user.id);
  }

  @Query(() => Caller, { description: 'Who is calling: the user of the access token or the API key.' })
  async me(@Ctx() ctx: Context): Promise<Caller> {
    const p = ctx.principal;
    const user = await this.userService.me(ctx);
    return {
      id: p.id,
      kind: p.kind === 'user' ? CallerKind.USER : p.kind === 'api_key' ? CallerKind.API_KEY : CallerKind.SYSTEM,
      name: p.name,
      username: user?.username ?? null,
      roles: p.roles,
      departments: p.departments ?? [],
      level: p.level ?? null,
      permissions: permissionsOf(await organizationOf(this.templateService, ctx), p.roles),
      tenant: ctx.tenant.slug,
    };
  }

  @Query(() => [User], { description: "The tenant's users, by username." })
  async users(@Ctx() ctx: Context): Promise<User[]> {
    await requirePermission(this.templateService, ctx, 'user.manage');
    return this.userService.list(ctx);
  }

  @Query(() => User, { description: "One user; NOT_FOUND for an unknown id or another tenant's." })
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<User> {
    await requirePermission(this.templateService, ctx, 'user.manage');
    return this.userService.get(ctx, id);
  }

  @Mutation(() => CreateUserResult, { description: 'Creates a user with an initial password; roles, departments and level are checked against the organization template.' })
  async createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: Context): Promise<typeof CreateUserResult> {
    await requirePermission(this.templateService, ctx, 'user.manage');
    return this.userService.create(ctx, input);
  }

  @Mutation(() => UpdateUserResult, { description: "Changes a user's display name, roles, departments or level (in effect at the user's next request on this instance, within 30 s on others)." })
  async updateUser(@Arg('input') input: UpdateUserInput, @Ctx() ctx: Context): Promise<typeof UpdateUserResult> {
    await requirePermission(this.templateService, ctx, 'user.manage');
    return this.userService.update(ctx, input);
  }

  @Mutation(() => UserStatusResult, { description: 'Disables a user: no login, and every session ends (tokens refused within 30 s). Not yourself.' })
  async disableUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<typeof UserStatusResult> {
    await requirePermission(this.templateService, ctx, 'user.manage');
    return this.userService.setDisabled(ctx, id, true);
  }

  @Mutation(() => UserStatusResult, { description: 'Enables a disabled user again.' })
  async enableUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<typeof UserStatusResult> {
    await requirePermission(this.templateService, ctx, 'user.manage');
    return this.userService.setDisabled(ctx, id, false);
  }

  @Mutation(() => ResetUserPasswordResult, { description: "Sets a new password for a user (tell it to them); ends the user's sessions and lifts a lockout." })
  async resetUserPassword(@Arg('id', () => ID) id: string, @Arg('password') password: string, @Ctx() ctx: Context): Promise<typeof ResetUserPasswordResult> {
    await requirePermission(this.templateService, ctx, 'user.manage');
    return this.userService.resetPassword(ctx, id, password);
  }

  @Mutation(() => ChangeMyPasswordResult, { description: "The calling user's own password; needs the current one. Ends the user's other sessions. FORBIDDEN for an API key." })
  changeMyPassword(@Arg('currentPassword') currentPassword: string, @Arg('newPassword') newPassword: string, @Ctx() ctx: Context): Promise<typeof ChangeMyPasswordResult> {
    return this.userService.changeOwnPassword(ctx, currentPassword, newPassword);
  }

  @Mutation(() => Boolean, { description: "Ends the caller's session: its refresh token stops at once, its access token within 30 s (at once on this instance). False for an API key." })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return this.userService.logout(ctx);
  }
}
