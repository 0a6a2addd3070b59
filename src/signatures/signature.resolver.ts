import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/request-context';
import type { SignatureService } from './signature.service';
import { toGlobalId } from '../shared/graphql/global-id';
import { Signature } from './signature.entity';
import { SignatureVerification } from './signature.results';

@Resolver(() => Signature)
export class SignatureResolver {
  constructor(
    private readonly signatureService: SignatureService,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() signature: Signature): string {
    return toGlobalId('Signature', signature.id);
  }

  @FieldResolver(() => ID, { description: 'The global id of the signed record: the complaint (approval decision), the section, the investigation (closure), or the template version (publication).' })
  recordId(@Root() signature: Signature): string {
    const type =
      signature.recordType === 'ApprovalDecision'
        ? 'Complaint'
        : signature.recordType === 'InvestigationSection'
          ? 'InvestigationSection'
          : signature.recordType === 'TemplatePublication'
            ? 'TemplateVersion'
            : 'Investigation';
    return toGlobalId(type, signature.recordId);
  }

  @FieldResolver(() => SignatureVerification, { description: 'Checks it now: the content hash recomputed from the stored record, and the MAC.' })
  verification(@Root() signature: Signature, @Ctx() ctx: Context): Promise<SignatureVerification> {
    return this.signatureService.verify(ctx.em, signature);
  }

  @Query(() => SignatureVerification, { description: 'Verifies a signature (21 CFR 11.70): valid, or invalid with a reason (CONTENT_CHANGED, BOUND_TO_OTHER_RECORD, MAC_MISMATCH, RECORD_MISSING).' })
  async verifySignature(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SignatureVerification> {
    return this.signatureService.verify(ctx.em, await this.signatureService.get(ctx, id));
  }
}
