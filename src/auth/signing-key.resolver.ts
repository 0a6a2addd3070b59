import { Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../shared/request-context';
import type { AuthService } from './auth.service';
import { requireRole } from './require-role';
import { RotateSigningKeyResult, SigningKeyInfo } from './signing-key.results';

const ADMIN = 'admin';

/** The deployment's access-token signing keys: admins of the default (operator) tenant only. */
@Resolver()
export class SigningKeyResolver {
  constructor(
    private readonly authService: AuthService,
  ) {}

  @Query(() => [SigningKeyInfo], { description: 'Live signing keys, the signing one first. FORBIDDEN but for admins of the default tenant (the keys serve every tenant).' })
  signingKeys(@Ctx() ctx: Context): SigningKeyInfo[] {
    requireRole(ctx, ADMIN);
    return this.authService.signingKeys(ctx);
  }

  @Mutation(() => RotateSigningKeyResult, {
    description: 'Adds a signing key that signs from now on; the previous one verifies until tokens it signed have expired, then retires. FORBIDDEN but for admins of the default tenant.',
  })
  rotateSigningKey(@Ctx() ctx: Context): Promise<typeof RotateSigningKeyResult> {
    requireRole(ctx, ADMIN);
    return this.authService.rotateSigningKey(ctx);
  }
}
