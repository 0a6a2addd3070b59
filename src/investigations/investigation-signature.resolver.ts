import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Signature, SignatureSummaryView, summaryView, type SignatureService, type SignatureSummary } from '../signatures';
import type { Context } from '../shared/request-context';
import { Investigation, InvestigationSection } from './investigation.entity';

/** Signatures shown with the investigation they are on. */
@Resolver(() => Investigation)
export class InvestigationSignatureResolver {
  constructor(
    private readonly signatureService: SignatureService,
  ) {}

  @FieldResolver(() => [Signature], { description: 'Electronic signatures of its section sign-offs and closure, oldest first.' })
  async signatures(@Root() inv: Investigation, @Ctx() ctx: Context): Promise<Signature[]> {
    const sections = await ctx.em.find(InvestigationSection, { investigationId: inv.id });
    return this.signatureService.ofRecords(ctx, [inv.id, ...sections.map((s) => s.id)]);
  }

  @FieldResolver(() => SignatureSummaryView, { nullable: true, description: 'The electronic signature of the closure, if it was signed.' })
  closureSignature(@Root() inv: Investigation): SignatureSummaryView | null {
    return summaryView(inv.closure?.signature as SignatureSummary | undefined);
  }
}
