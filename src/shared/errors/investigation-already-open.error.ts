import { Field, ID, ObjectType } from 'type-graphql';
import { ErrorCode } from './error-code';
import { ErrorResult } from './error-results';
import type { Locale } from '../i18n/locale';

@ObjectType({ description: 'A complaint named in the input and the open investigation it already has.' })
export class ExistingInvestigation {
  @Field({ description: 'JSON pointer into the input to the complaint, e.g. /complaintIds/0 (openInvestigation) or /id (decideInvestigation).' })
  path!: string;

  @Field(() => ID)
  complaintId!: string;

  @Field()
  complaintNumber!: string;

  @Field(() => ID)
  investigationId!: string;

  @Field()
  investigationNumber!: string;

  @Field({ description: 'OPEN or EFFECTIVENESS_CHECK.' })
  investigationStatus!: string;
}

@ObjectType({
  implements: ErrorResult,
  description: 'A complaint already has an open investigation (neither closed nor cancelled); nothing changed. openInvestigation opens another only with a secondInvestigationReason.',
})
export class InvestigationAlreadyOpenError extends ErrorResult {
  @Field(() => [ExistingInvestigation], { description: 'Each complaint concerned and its open investigation, in input order.' })
  existing!: ExistingInvestigation[];

  constructor(existing: ExistingInvestigation[], locale: Locale) {
    super();
    this.code = ErrorCode.INVESTIGATION_ALREADY_OPEN;
    const pairs = existing.map((e) => `${e.complaintNumber}: ${e.investigationNumber}`).join(', ');
    this.message = locale === 'zh-CN' ? `客诉已有进行中的调查（${pairs}）` : `An investigation is already open (${pairs})`;
    this.existing = existing;
  }
}
