import type { Tenant } from '../db/tenant.entity';
import { AbortWrite, type Database, type WriteScope } from '../db/database';
import { adminsLeft, isAdmin, lockAdmins } from './admin-guard';
import { appendEvent } from '../db/event-log';
import type { Clock } from '../scheduler';
import type { TemplateReader } from '../shared/template-reader';
import type { Context } from '../shared/request-context';
import { NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { publicError } from '../shared/errors/public-error';
import { localUuid } from '../shared/graphql/global-id';
import { normaliseUsername, type AuthService } from './auth.service';
import { checkOrgKeys } from './org-keys';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './password';
import { actorOf } from './principal';
import { LoginThrottle } from './session.entity';
import type { CreateUserInput, UpdateUserInput } from './user.inputs';
import { LastAdminError, PasswordChanged } from './user.results';
import { User } from './user.entity';

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,99}$/;

/** What a user looks like in events: never a password or its hash. */
const view = (u: User) => ({ username: u.username, displayName: u.displayName, roles: u.roles, departments: u.departments, level: u.level, disabled: u.disabledAt !== null });

function passwordProblems(path: string, password: string): ValidationProblem[] {
  if (password.length < PASSWORD_MIN_LENGTH) return [new ValidationProblem(path, 'MIN_LENGTH', `At least ${PASSWORD_MIN_LENGTH} characters`)];
  if (password.length > PASSWORD_MAX_LENGTH) return [new ValidationProblem(path, 'MAX_LENGTH', `At most ${PASSWORD_MAX_LENGTH} characters`)];
  return [];
}

function displayNameProblems(name: string): ValidationProblem[] {
  return name.trim().length < 1 || name.length > 200 ? [new ValidationProblem('/displayName', 'LENGTH', 'A name of 1 to 200 characters')] : [];
}

/** Users of a tenant: admin management (the resolver checks the role) and a user's own password. Every change is an event. */
export class UserService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly templates: TemplateReader,
  ) {}

  list(ctx: Context): Promise<User[]> {
    return ctx.em.find(User, {}, { orderBy: { username: 'asc' } });
  }

  async get(ctx: Context, globalId: string): Promise<User> {
    const id = localUuid(globalId, 'User');
    const user = id ? await ctx.em.findOne(User, { id }) : null;
    if (!user) throw publicError('NOT_FOUND', `No object with id ${globalId}`);
    return user;
  }

  /** The calling user, or null for an API key. */
  async me(ctx: Context): Promise<User | null> {
    return ctx.principal.kind === 'user' ? ctx.em.findOne(User, { id: ctx.principal.id.slice('user:'.length) }) : null;
  }

  async create(ctx: Context, input: CreateUserInput): Promise<User | ValidationError> {
    const username = normaliseUsername(input.username);
    const problems: ValidationProblem[] = [];
    if (!USERNAME.test(username)) problems.push(new ValidationProblem('/username', 'PATTERN', '2 to 100 characters: letters, digits and . _ @ -'));
    problems.push(...displayNameProblems(input.displayName), ...passwordProblems('/password', input.password));
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const passwordHash = await hashPassword(input.password);
    return this.db.write(ctx.tenant.id, async (scope) => {
      const found = await checkOrgKeys(this.templates, scope.em, scope.tenantId, input);
      if (await scope.em.count(User, { username })) found.unshift(new ValidationProblem('/username', 'TAKEN', 'Another user of the tenant has this username'));
      if (found.length) return new ValidationError(found, ctx.locale);
      const now = this.clock.now();
      const user = scope.em.create(User, {
        tenant: scope.em.getReference<Tenant>('Tenant', scope.tenantId),
        username,
        displayName: input.displayName.trim(),
        passwordHash,
        roles: [...new Set(input.roles)],
        departments: [...new Set(input.departments)],
        level: input.level ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await appendEvent(scope, { type: 'user.created', subjectType: 'User', subjectId: user.id, actor: actorOf(ctx), data: { after: view(user) }, occurredAt: now });
      return user;
    });
  }

  async update(ctx: Context, input: UpdateUserInput): Promise<User | ValidationError | NotFoundError | LastAdminError> {
    const problems = input.displayName != null ? displayNameProblems(input.displayName) : [];
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const result = await this.change(ctx, input.id, async (scope, user) => {
      const found = await checkOrgKeys(this.templates, scope.em, scope.tenantId, input);
      if (found.length) return new ValidationError(found, ctx.locale);
      if (input.displayName != null) user.displayName = input.displayName.trim();
      const demoted = input.roles != null && isAdmin(user.roles) && !isAdmin(input.roles) && !user.disabledAt;
      if (demoted) await lockAdmins(scope);
      if (input.roles != null) user.roles = [...new Set(input.roles)];
      if (input.departments != null) user.departments = [...new Set(input.departments)];
      if (input.level !== undefined) user.level = input.level;
      if (demoted && (await adminsLeft(scope)).users === 0) throw new AbortWrite(new LastAdminError(input.id, ctx.locale));
      return 'user.updated';
    });
    return result;
  }

  async setDisabled(ctx: Context, globalId: string, disabled: boolean): Promise<User | ValidationError | NotFoundError | LastAdminError> {
    return this.change(ctx, globalId, async (scope, user, now) => {
      if (disabled && ctx.principal.id === `user:${user.id}`) return new ValidationError([new ValidationProblem('/id', 'SELF', 'You cannot disable yourself')], ctx.locale);
      if (disabled === (user.disabledAt !== null)) return null;
      const lastCheck = disabled && isAdmin(user.roles);
      if (lastCheck) await lockAdmins(scope);
      user.disabledAt = disabled ? now : null;
      if (lastCheck && (await adminsLeft(scope)).users === 0) throw new AbortWrite(new LastAdminError(globalId, ctx.locale));
      if (disabled) await this.auth.revokeSessions(scope.em, { userId: user.id }, 'disabled', now);
      return disabled ? 'user.disabled' : 'user.enabled';
    });
  }

  /** Sets a new password chosen by an admin; ends the user's sessions and lifts a lockout. */
  async resetPassword(ctx: Context, globalId: string, password: string): Promise<User | ValidationError | NotFoundError> {
    const problems = passwordProblems('/password', password);
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const passwordHash = await hashPassword(password);
    return this.change(ctx, globalId, async (scope, user, now) => {
      user.passwordHash = passwordHash;
      const sessionsEnded = await this.auth.revokeSessions(scope.em, { userId: user.id }, 'password_reset', now);
      await scope.em.nativeDelete(LoginThrottle, { tenantSlug: ctx.tenant.slug, username: user.username });
      return { type: 'user.password_reset', data: { sessionsEnded } };
    });
  }

  /** The calling user's own password, given the current one; ends their other sessions. */
  async changeOwnPassword(ctx: Context, currentPassword: string, newPassword: string): Promise<PasswordChanged | ValidationError> {
    if (ctx.principal.kind !== 'user') throw publicError('FORBIDDEN', 'Only a user (logged in with a password) has a password to change');
    const userId = ctx.principal.id.slice('user:'.length);
    const user = await ctx.em.findOne(User, { id: userId }, { populate: ['passwordHash'] });
    if (!user) throw publicError('UNAUTHENTICATED', 'The user no longer exists');
    const problems = passwordProblems('/newPassword', newPassword);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) problems.unshift(new ValidationProblem('/currentPassword', 'INCORRECT', 'The current password is not correct'));
    if (problems.length) return new ValidationError(problems, ctx.locale);
    const passwordHash = await hashPassword(newPassword);
    const result = await this.db.write(ctx.tenant.id, async (scope) => {
      const now = this.clock.now();
      const stored = await scope.em.findOneOrFail(User, { id: userId });
      Object.assign(stored, { passwordHash, updatedAt: now });
      const sessionsEnded = await this.auth.revokeSessions(scope.em, { userId, except: ctx.principal.sessionId }, 'password_changed', now);
      await appendEvent(scope, { type: 'user.password_changed', subjectType: 'User', subjectId: userId, actor: actorOf(ctx), data: { sessionsEnded }, occurredAt: now });
      return new PasswordChanged(sessionsEnded);
    });
    this.auth.forgetUser(userId);
    return result;
  }

  /** Ends the caller's own session (access and refresh tokens); false for an API key. */
  async logout(ctx: Context): Promise<boolean> {
    const sessionId = ctx.principal.sessionId;
    if (ctx.principal.kind !== 'user' || !sessionId) return false;
    const userId = ctx.principal.id.slice('user:'.length);
    await this.db.write(ctx.tenant.id, (scope) => this.auth.revokeSessions(scope.em, { userId, sessionId }, 'logout', this.clock.now()));
    this.auth.forgetSession(sessionId);
    return true;
  }

  /**
   * Loads the user in a write, applies `fn` and, when it names an event type, appends that event with the
   * before and after views. `fn` returns an error to refuse (nothing changed) or null for no change; after a
   * flush it refuses by throwing AbortWrite (the transaction rolls back).
   */
  private async change(
    ctx: Context,
    globalId: string,
    fn: (scope: WriteScope, user: User, now: Date) => Promise<string | { type: string; data: Record<string, unknown> } | ValidationError | null>,
  ): Promise<User | ValidationError | NotFoundError | LastAdminError> {
    const id = localUuid(globalId, 'User');
    if (!id) return new NotFoundError(globalId);
    const result = await this.db.write(ctx.tenant.id, async (scope) => {
      const user = await scope.em.findOne(User, { id });
      if (!user) return new NotFoundError(globalId);
      const now = this.clock.now();
      const before = view(user);
      const outcome = await fn(scope, user, now);
      if (outcome instanceof ValidationError) return outcome;
      if (outcome === null) return user;
      user.updatedAt = now;
      const { type, data } = typeof outcome === 'string' ? { type: outcome, data: { before, after: view(user) } } : outcome;
      await appendEvent(scope, { type, subjectType: 'User', subjectId: user.id, actor: actorOf(ctx), data, occurredAt: now });
      return user;
    });
    if (result instanceof User) this.auth.forgetUser(result.id);
    return result;
  }
}
