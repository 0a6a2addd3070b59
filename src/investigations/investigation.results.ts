import { createUnionType, Field, ObjectType } from 'type-graphql';
import { IllegalTransitionError, NotAllowedError } from '../shared/errors/workflow-errors';
import { ErrorCode } from '../shared/errors/error-code';
import { ConflictError, ErrorResult, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { ConnectionType } from '../shared/graphql/connection';
import { SignatureError } from '../signatures';
import { InvestigationAlreadyOpenError } from '../shared/errors/investigation-already-open.error';
import { Investigation, InvestigationSection } from './investigation.entity';

@ObjectType({ implements: ErrorResult, description: 'Sections that must be signed off first are not; nothing changed.' })
export class PrerequisitesNotMetError extends ErrorResult {
  @Field({ description: 'The section (or "effectivenessCheck").' })
  section!: string;

  @Field(() => [String], { description: 'Sections not yet signed off.' })
  missing!: string[];

  constructor(section: string, missing: string[]) {
    super();
    this.code = ErrorCode.PREREQUISITES_NOT_MET;
    this.message = `${section} needs ${missing.join(', ')} signed off first`;
    Object.assign(this, { section, missing });
  }
}

export const InvestigationResult = createUnionType({
  name: 'InvestigationResult',
  description: 'The investigation after the step, or why it was refused (then nothing changed).',
  types: () => [Investigation, ValidationError, NotAllowedError, IllegalTransitionError, PrerequisitesNotMetError, ConflictError, NotFoundError, SignatureError, InvestigationAlreadyOpenError] as const,
});

export const SectionResult = createUnionType({
  name: 'SectionResult',
  description: 'The section after the step, or why it was refused (then nothing changed).',
  types: () => [InvestigationSection, ValidationError, NotAllowedError, IllegalTransitionError, PrerequisitesNotMetError, ConflictError, NotFoundError, SignatureError] as const,
});

export const InvestigationConnection = ConnectionType(Investigation, 'Investigation');
export type InvestigationConnection = InstanceType<typeof InvestigationConnection>;
