import type { SignatureSummary } from './signature.service';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ErrorCode } from '../shared/errors/error-code';
import { ErrorResult } from '../shared/errors/error-results';
import { Signature } from './signature.entity';

/** Why a signature was refused. */
export type SignatureRefusal =
  | ErrorCode.SIGNATURE_REQUIRED
  | ErrorCode.SIGNER_NOT_A_USER
  | ErrorCode.SIGNATURE_PASSWORD_INCORRECT
  | ErrorCode.SIGNER_LOCKED
  | ErrorCode.SIGNATURE_MEANING_NOT_ALLOWED;

const MESSAGES: Record<SignatureRefusal, string> = {
  [ErrorCode.SIGNATURE_REQUIRED]: 'This step needs an electronic signature: re-enter your password and state the meaning',
  [ErrorCode.SIGNER_NOT_A_USER]: 'Only a user who logged in with a password can sign; an API key cannot',
  [ErrorCode.SIGNATURE_PASSWORD_INCORRECT]: 'The password is not correct',
  [ErrorCode.SIGNER_LOCKED]: 'Too many wrong passwords: signing and login are locked for a while',
  [ErrorCode.SIGNATURE_MEANING_NOT_ALLOWED]: 'The template does not allow this meaning for this step',
};

@ObjectType({ implements: ErrorResult, description: 'The electronic signature was missing or refused (21 CFR 11.200); nothing changed.' })
export class SignatureError extends ErrorResult {
  @Field(() => [String], { description: 'The meanings the template allows for this step (empty: the step takes no signature).' })
  allowedMeanings!: string[];

  @Field(() => Int, { nullable: true, description: 'SIGNER_LOCKED: seconds until the lock ends.' })
  retryAfterSeconds!: number | null;

  constructor(code: SignatureRefusal, allowedMeanings: string[] = [], retryAfterSeconds: number | null = null) {
    super();
    this.code = code;
    this.message = MESSAGES[code];
    Object.assign(this, { allowedMeanings, retryAfterSeconds });
  }
}

/** Why a stored signature does not verify. */
export enum SignatureInvalidReason {
  /** The record it names no longer exists. */
  RECORD_MISSING = 'RECORD_MISSING',
  /** The record it names does not carry it: it was moved or copied from another record. */
  BOUND_TO_OTHER_RECORD = 'BOUND_TO_OTHER_RECORD',
  /** The signed content changed after signing. */
  CONTENT_CHANGED = 'CONTENT_CHANGED',
  /** The signature's own fields (record, hash, signer, meaning, time) were altered, or it was not made by this server. */
  MAC_MISMATCH = 'MAC_MISMATCH',
}

@ObjectType({ description: 'The result of checking a signature against its record: the content hash recomputed from the stored record, and the MAC.' })
export class SignatureVerification {
  @Field()
  valid!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is invalid: RECORD_MISSING, BOUND_TO_OTHER_RECORD, CONTENT_CHANGED or MAC_MISMATCH; null when valid.' })
  reason!: SignatureInvalidReason | null;

  @Field(() => Signature)
  signature!: Signature;
}

@ObjectType('SignatureSummary', { description: 'A signature as the signed record shows it (21 CFR 11.50): printed name, time and meaning; `id` is the Signature to verify.' })
export class SignatureSummaryView {
  @Field(() => ID)
  id!: string;

  @Field()
  signerId!: string;

  @Field()
  signerName!: string;

  @Field()
  meaning!: string;

  @Field()
  signedAt!: Date;
}

export const summaryView = (s: SignatureSummary | undefined | null): SignatureSummaryView | null => (s ? Object.assign(new SignatureSummaryView(), { ...s, signedAt: new Date(s.signedAt) }) : null);
