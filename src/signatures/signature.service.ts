import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignatureRequirement } from '../__generated__';
import type { AuthService } from '../auth';
import type { Caller } from '../auth';
import { AuthSecret } from '../auth';
import { seesSubject, sightOf } from '../auth';
import type { Database } from '../db/database';
import type { TemplateReader } from '../shared/template-reader';
import type { Context } from '../shared/request-context';
import { canonicalJson, sha256 } from '../shared/canonical-json';
import { ErrorCode } from '../shared/errors/error-code';
import { publicError } from '../shared/errors/public-error';
import { localUuid, toGlobalId } from '../shared/graphql/global-id';
import { Signature, type SignedRecordType } from './signature.entity';
import type { SignatureInput } from './signature.inputs';
import { SignatureError, SignatureInvalidReason, SignatureVerification } from './signature.results';

/** A user whose password was just checked for a signature, and the meaning they state. */
export interface Signer {
  principalId: string;
  name: string;
  meaning: string;
}

/** What a signed record carries next to the signed piece: enough to show it (11.50) and to verify it. */
export interface SignatureSummary {
  id: string;
  signerId: string;
  signerName: string;
  meaning: string;
  signedAt: string;
}

/**
 * Finds a signed piece in its stored record: null when the record is gone; `carries: false` when the record
 * holds no piece signed with this signature; else the content as it was signed (without the summary).
 */
export type SignedContentLocator = (em: EntityManager, recordId: string, signatureGlobalId: string) => Promise<{ carries: false } | { carries: true; content: unknown } | null>;

/** The piece of a record with its signature summary taken off: what was hashed when it was signed. */
export function unsigned<T extends object>(piece: T): Omit<T, 'signature'> {
  const { signature: _signature, ...rest } = piece as T & { signature?: unknown };
  return rest;
}

/** Whether the caller may see the record a signature is bound to. */
export type SignedRecordReader = (ctx: Context, recordId: string) => Promise<boolean>;

const SECRET_NAME = 'e-signature-hmac';

/**
 * Electronic signatures (21 CFR Part 11): the signer is checked before the step's write (a wrong password
 * counts toward the login lockout even though the step is refused), the requirement and meaning in it, and
 * the signature stored in the step's transaction. Verification recomputes the content hash from the stored
 * record and checks the MAC, so a signature cannot be altered, copied or moved to another record (11.70).
 */
export class SignatureService {
  private key!: Buffer;
  private readonly locators = new Map<SignedRecordType, SignedContentLocator>();
  /** Who may see a signed record, where its feature says so rather than complaint and investigation visibility. */
  private readonly readers = new Map<SignedRecordType, SignedRecordReader>();

  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly templates: TemplateReader,
  ) {}

  /** Loads the MAC key: generated once per deployment and shared by every instance, apart from the access-token key so rotating that one keeps signatures valid. */
  async init(): Promise<void> {
    // tenant-scope: reviewed — auth_secret is instance-wide, not tenant data
    const em = this.db.system() as SqlEntityManager;
    // tenant-scope: reviewed — auth_secret is instance-wide, not tenant data
    await em.createQueryBuilder(AuthSecret).insert({ name: SECRET_NAME, value: randomBytes(32).toString('base64url'), createdAt: new Date() }).onConflict('name').ignore().execute();
    this.key = Buffer.from((await em.findOneOrFail(AuthSecret, { name: SECRET_NAME })).value, 'base64url');
  }

  /** Each feature that takes signatures says where its signed content is. */
  register(recordType: SignedRecordType, locate: SignedContentLocator, sees?: SignedRecordReader): void {
    this.locators.set(recordType, locate);
    if (sees) this.readers.set(recordType, sees);
  }

  /** Before the step's write: the caller must be a user and re-enter their password (null: no signature given). */
  async authenticate(caller: Caller, input: SignatureInput | null | undefined): Promise<Signer | SignatureError | null> {
    if (!input) return null;
    if (caller.principal.kind !== 'user') return new SignatureError(ErrorCode.SIGNER_NOT_A_USER);
    const checked = await this.auth.checkSignerPassword(caller.tenant, caller.principal.id.slice('user:'.length), input.password);
    if (!checked.ok) return checked.code === 'LOCKED' ? new SignatureError(ErrorCode.SIGNER_LOCKED, [], checked.retryAfterSeconds) : new SignatureError(ErrorCode.SIGNATURE_PASSWORD_INCORRECT);
    return { principalId: caller.principal.id, name: checked.user.displayName, meaning: input.meaning };
  }

  /** In the step's write: the template's requirement for the step, and the meaning it allows. */
  check(requirement: SignatureRequirement | undefined, signer: Signer | null): SignatureError | null {
    const allowed = requirement?.meanings.map((m) => m.key) ?? [];
    if (!signer) return requirement?.required ? new SignatureError(ErrorCode.SIGNATURE_REQUIRED, allowed) : null;
    return allowed.includes(signer.meaning) ? null : new SignatureError(ErrorCode.SIGNATURE_MEANING_NOT_ALLOWED, allowed);
  }

  /** In the step's write: stores the signature over `content` (the signed piece without its summary) and returns the summary the record keeps. */
  sign(em: EntityManager, tenantId: string, signer: Signer, target: { recordType: SignedRecordType; recordId: string; content: unknown }, now: Date): SignatureSummary {
    const signature = em.create(Signature, {
      tenantId,
      signerId: signer.principalId,
      signerName: signer.name,
      meaning: signer.meaning,
      signedAt: now,
      recordType: target.recordType,
      recordId: target.recordId,
      contentHash: sha256(canonicalJson(target.content)),
      mac: '',
    });
    signature.mac = this.mac(signature);
    return { id: toGlobalId('Signature', signature.id), signerId: signature.signerId, signerName: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() };
  }

  async get(ctx: Context, globalId: string): Promise<Signature> {
    const id = localUuid(globalId, 'Signature');
    const signature = id ? await ctx.em.findOne(Signature, { id }) : null;
    if (!signature || !(await this.seesRecord(ctx, signature))) throw publicError('NOT_FOUND', `No signature with id ${globalId}`);
    return signature;
  }

  /** Whether the caller may see the signed record: its feature's reader, else the complaint or investigation it belongs to. */
  private async seesRecord(ctx: Context, signature: Signature): Promise<boolean> {
    const reader = this.readers.get(signature.recordType);
    if (reader) return reader(ctx, signature.recordId);
    const sight = await sightOf(this.templates, ctx.em, ctx, this.db.dialect);
    if (sight.all) return true;
    if (signature.recordType === 'ApprovalDecision') return seesSubject(ctx.em, sight, { subjectType: 'Complaint', subjectId: signature.recordId });
    return seesSubject(ctx.em, sight, { subjectType: 'Investigation', subjectId: signature.recordId });
  }

  /** The signatures bound to these records (a complaint, an investigation and its sections), oldest first. */
  ofRecords(ctx: Context, recordIds: string[]): Promise<Signature[]> {
    return ctx.em.find(Signature, { recordId: { $in: recordIds } }, { orderBy: { signedAt: 'asc', id: 'asc' } });
  }

  /** Whether the record named still carries this signature over the same content, and the signature's fields are as signed. */
  async verify(em: EntityManager, signature: Signature): Promise<SignatureVerification> {
    const result = (reason: SignatureInvalidReason | null) => Object.assign(new SignatureVerification(), { valid: reason === null, reason, signature });
    const located = await this.locators.get(signature.recordType)?.(em, signature.recordId, toGlobalId('Signature', signature.id));
    if (!located) return result(SignatureInvalidReason.RECORD_MISSING);
    if (!located.carries) return result(SignatureInvalidReason.BOUND_TO_OTHER_RECORD);
    if (sha256(canonicalJson(located.content)) !== signature.contentHash) return result(SignatureInvalidReason.CONTENT_CHANGED);
    const expected = Buffer.from(this.mac(signature), 'hex');
    const actual = Buffer.from(signature.mac, 'hex');
    return result(expected.length === actual.length && timingSafeEqual(expected, actual) ? null : SignatureInvalidReason.MAC_MISMATCH);
  }

  /** HMAC-SHA256 over everything that binds the signature: its record, the content hash, the signer, the meaning and the time. */
  private mac(s: Signature): string {
    const bound = { id: s.id, tenantId: s.tenantId, recordType: s.recordType, recordId: s.recordId, contentHash: s.contentHash, signerId: s.signerId, signerName: s.signerName, meaning: s.meaning, signedAt: s.signedAt.toISOString() };
    return createHmac('sha256', this.key).update(canonicalJson(bound)).digest('hex');
  }
}
