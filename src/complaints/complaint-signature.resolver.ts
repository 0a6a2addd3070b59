import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Signature, type SignatureService } from '../signatures';
import type { Context } from '../shared/request-context';
import { Complaint } from './complaint.entity';

/** Signatures shown with the records they are on. */
@Resolver(() => Complaint)
export class ComplaintSignatureResolver {
  constructor(
    private readonly signatureService: SignatureService,
  ) {}

  @FieldResolver(() => [Signature], { description: 'Electronic signatures of its approval decisions, oldest first.' })
  signatures(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<Signature[]> {
    return this.signatureService.ofRecords(ctx, [complaint.id]);
  }
}
