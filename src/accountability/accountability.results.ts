import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotAllowedError } from '../shared/errors/workflow-errors';
import { PrerequisitesNotMetError } from '../investigations';
import { ErrorCode } from '../shared/errors/error-code';
import { ConflictError, ErrorResult, NotFoundError, ValidationError } from '../shared/errors/error-results';
import { SignatureSummaryView } from '../signatures';
import { SignatureError } from '../signatures';

export enum ResponsibilityKind {
  DIRECT = 'direct',
  MANAGERIAL = 'managerial',
}
registerEnumType(ResponsibilityKind, { name: 'ResponsibilityKind', description: 'DIRECT: caused it; MANAGERIAL: answerable for whoever caused it.' });

export enum ResponsibilityBasis {
  STAGE_ONE_CLOSE = 'stage-one-close',
  ROOT_CAUSE = 'root-cause',
}
registerEnumType(ResponsibilityBasis, { name: 'ResponsibilityBasis', description: "What the decision rests on: the closed complaint, or a linked investigation's signed-off root cause." });

export enum ConsequenceStatus {
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  EFFECTIVE = 'EFFECTIVE',
  REJECTED = 'REJECTED',
  APPEALED = 'APPEALED',
  UPHELD = 'UPHELD',
  OVERTURNED = 'OVERTURNED',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(ConsequenceStatus, {
  name: 'ConsequenceStatus',
  description: 'PENDING_APPROVAL -> EFFECTIVE (last step approved, or no approval needed) or REJECTED; EFFECTIVE -> APPEALED (once) -> UPHELD or OVERTURNED; SUPERSEDED when the decision is revised.',
});

@ObjectType({ description: 'A person named in a responsible party.' })
export class ResponsiblePerson {
  @Field(() => ID, { description: 'Global ID of the user.' })
  userId!: string;

  @Field({ description: 'Printed name when decided.' })
  name!: string;
}

@ObjectType({ description: 'One responsible party.' })
export class ResponsibleParty {
  @Field()
  department!: string;

  @Field(() => ResponsibilityKind)
  kind!: ResponsibilityKind;

  @Field({ description: 'Share in percent, exact decimal string ("60", "33.33").' })
  share!: string;

  @Field(() => [ResponsiblePerson], { nullable: true, description: "The people: null unless the caller holds one of the policy's viewRoles." })
  people!: ResponsiblePerson[] | null;
}

@ObjectType({ description: 'A decision on an approval step or an appeal.' })
export class ConsequenceDecision {
  @Field()
  by!: string;

  @Field()
  byName!: string;

  @Field({ description: 'approve, reject, uphold or overturn.' })
  outcome!: string;

  @Field()
  reason!: string;

  @Field()
  at!: Date;

  @Field(() => SignatureSummaryView, { nullable: true, description: "The approver's electronic signature, where the route's step takes one (21 CFR 11.50)." })
  signature!: SignatureSummaryView | null;
}

@ObjectType({ description: "An approval step of a consequence, from its kind's approval route." })
export class ConsequenceStep {
  @Field()
  key!: string;

  @Field({ description: "In the caller's language." })
  title!: string;

  @Field(() => [String], { description: "The roles that decide it, resolved in the party's department when the consequence was proposed." })
  roles!: string[];

  @Field({ description: 'any: one approval completes it; all: every active holder of the roles must approve.' })
  mode!: string;

  @Field(() => Date, { nullable: true, description: 'Since when it waits (set when it becomes the current step).' })
  since!: Date | null;

  @Field(() => Date, { nullable: true, description: "When its timeout expires, in the organization's business time; pending then, its approvers are reminded and their managers told." })
  dueAt!: Date | null;

  @Field({ description: 'Whether a decision on it must be electronically signed.' })
  signatureRequired!: boolean;

  @Field(() => [String], { description: 'The signature meanings it allows (empty: it takes no signature).' })
  signatureMeanings!: string[];

  @Field(() => [ConsequenceDecision], { description: 'Decisions so far, oldest first.' })
  decisions!: ConsequenceDecision[];
}

@ObjectType({ description: 'The one appeal against a consequence.' })
export class ConsequenceAppeal {
  @Field()
  by!: string;

  @Field()
  byName!: string;

  @Field({ description: 'Filed by the head of the person\'s department on their behalf.' })
  onBehalf!: boolean;

  @Field()
  reason!: string;

  @Field()
  at!: Date;

  @Field(() => ConsequenceDecision, { nullable: true })
  decision!: ConsequenceDecision | null;
}

@ObjectType('Consequence', { description: 'A consequence proposed by the accountability policy. Personal data: visible to the policy\'s viewRoles and to the person concerned only.' })
export class ConsequenceView {
  @Field(() => ID)
  id!: string;

  @Field()
  department!: string;

  @Field(() => ID, { nullable: true, description: 'Global ID of the user concerned; null for a department consequence.' })
  userId!: string | null;

  @Field(() => String, { nullable: true })
  personName!: string | null;

  @Field({ description: 'The consequence rule that proposed it.' })
  rule!: string;

  @Field({ description: 'Consequence kind key.' })
  kind!: string;

  @Field({ description: "The kind's title in the caller's language (the key when the kind is no longer in the policy)." })
  kindTitle!: string;

  @Field({ description: 'points, percent, money or none.' })
  unit!: string;

  @Field(() => String, { nullable: true, description: "Exact decimal: the rule's amount x share / 100, rounded half up to the kind's scale; null for unit none." })
  amount!: string | null;

  @Field({ description: 'The share it was scaled by, in percent.' })
  share!: string;

  @Field(() => ConsequenceStatus)
  status!: ConsequenceStatus;

  @Field(() => String, { nullable: true, description: "Key of the approval-route template its steps come from (its kind's approvalRoute); null when it needs no approval." })
  approvalRoute!: string | null;

  @Field(() => Int, { nullable: true, description: 'The version of that route it is pinned to.' })
  approvalRouteVersion!: number | null;

  @Field(() => [ConsequenceStep], { description: 'The steps of the route whose conditions matched it, in order (empty: it took effect when proposed).' })
  steps!: ConsequenceStep[];

  @Field(() => String, { nullable: true, description: 'Key of the step waiting for a decision (PENDING_APPROVAL only).' })
  currentStep!: string | null;

  @Field(() => ConsequenceAppeal, { nullable: true })
  appeal!: ConsequenceAppeal | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Int)
  version!: number;
}

@ObjectType({ description: 'An earlier revision of a responsibility decision.' })
export class ResponsibilityRevision {
  @Field(() => Int)
  revision!: number;

  @Field(() => [ResponsibleParty])
  parties!: ResponsibleParty[];

  @Field()
  evidence!: string;

  @Field()
  decidedBy!: string;

  @Field()
  decidedByName!: string;

  @Field()
  decidedAt!: Date;

  @Field({ description: 'Why it was replaced.' })
  revisedBecause!: string;
}

@ObjectType('ResponsibilityDecision', { description: "Who is responsible for a complaint's cause. Everyone who may read the complaint sees departments, kinds and shares; people, evidence, history and consequences only the policy's viewRoles." })
export class ResponsibilityDecisionView {
  @Field(() => ID)
  id!: string;

  @Field(() => ResponsibilityBasis)
  basis!: ResponsibilityBasis;

  @Field(() => ID, { nullable: true })
  investigationId!: string | null;

  @Field(() => [ResponsibleParty])
  parties!: ResponsibleParty[];

  @Field(() => String, { nullable: true, description: 'null unless the caller may see the content.' })
  evidence!: string | null;

  @Field()
  decidedBy!: string;

  @Field()
  decidedByName!: string;

  @Field()
  decidedAt!: Date;

  @Field(() => Int)
  revision!: number;

  @Field(() => String, { nullable: true, description: 'Why the current revision replaced the previous one.' })
  revisionReason!: string | null;

  @Field(() => Int)
  version!: number;

  @Field({ description: "Whether the caller holds one of the policy's viewRoles (else people, evidence, history and consequences are null)." })
  contentVisible!: boolean;

  @Field(() => [ResponsibilityRevision], { nullable: true, description: 'Earlier revisions, oldest first.' })
  history!: ResponsibilityRevision[] | null;

  @Field(() => [ConsequenceView], { nullable: true, description: 'Consequences of every revision (superseded ones flagged), oldest first.' })
  consequences!: ConsequenceView[] | null;
}

@ObjectType({ implements: ErrorResult, description: 'The complaint has a responsibility decision already: revise it instead; nothing changed.' })
export class AlreadyDecidedError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorCode.ALREADY_DECIDED;
    this.message = 'The responsibility for this complaint is decided already: revise it';
  }
}

@ObjectType({ implements: ErrorResult, description: 'The consequence was appealed once already (one appeal per consequence); nothing changed.' })
export class AppealAlreadyUsedError extends ErrorResult {
  @Field(() => Date)
  appealedAt!: Date;

  constructor(appealedAt: Date) {
    super();
    this.code = ErrorCode.APPEAL_ALREADY_USED;
    this.message = `This consequence was appealed at ${appealedAt.toISOString()}; it may be appealed only once`;
    this.appealedAt = appealedAt;
  }
}

@ObjectType({ implements: ErrorResult, description: "The consequence's status does not allow this step; nothing changed." })
export class ConsequenceStatusError extends ErrorResult {
  @Field(() => ConsequenceStatus)
  status!: ConsequenceStatus;

  constructor(action: string, status: ConsequenceStatus) {
    super();
    this.code = ErrorCode.ILLEGAL_TRANSITION;
    this.message = `${action} is not possible on a ${status} consequence`;
    this.status = status;
  }
}

export const DecideResponsibilityResult = createUnionType({
  name: 'DecideResponsibilityResult',
  types: () => [ResponsibilityDecisionView, ValidationError, NotFoundError, NotAllowedError, PrerequisitesNotMetError, AlreadyDecidedError] as const,
});

export const ReviseResponsibilityResult = createUnionType({
  name: 'ReviseResponsibilityResult',
  types: () => [ResponsibilityDecisionView, ValidationError, NotFoundError, NotAllowedError, ConflictError] as const,
});

export const DecideConsequenceResult = createUnionType({
  name: 'DecideConsequenceResult',
  types: () => [ConsequenceView, ValidationError, NotFoundError, NotAllowedError, ConsequenceStatusError, SignatureError] as const,
});

export const ConsequenceResult = createUnionType({
  name: 'ConsequenceResult',
  types: () => [ConsequenceView, ValidationError, NotFoundError, NotAllowedError, ConsequenceStatusError, AppealAlreadyUsedError] as const,
});

@ObjectType({ description: 'Who held a complaint while one of its SLA clocks was breached (delay accountability), from the breach (or the change of holder) until the holder changed or the clock was met.' })
export class LateHolder {
  @Field({ description: 'response (stage 1) or investigation (stage 2).' })
  stage!: string;

  @Field({ description: 'The breached clock, e.g. acknowledge, respond, close.' })
  clock!: string;

  @Field({ description: "owner (the complaint's owner), approvers (a pending approval step) or unassigned (no owner: the responsible department's head role)." })
  holderKind!: string;

  @Field(() => String, { nullable: true, description: "The owner's principal id (holderKind owner)." })
  holderId!: string | null;

  @Field(() => String, { nullable: true, description: 'Printed name of the owner when recorded.' })
  holderName!: string | null;

  @Field(() => [String], { description: "The pending step's approver roles, or the department head's role." })
  holderRoles!: string[];

  @Field()
  from!: Date;

  @Field(() => Date, { nullable: true, description: 'null while still held late.' })
  to!: Date | null;
}
