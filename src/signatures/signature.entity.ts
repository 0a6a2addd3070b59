import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ObjectType } from 'type-graphql';

/** What a signature is on: an approval decision (record: the complaint), a section sign-off (the section), a closure (the investigation), a template publication (the version). */
export type SignedRecordType = 'ApprovalDecision' | 'InvestigationSection' | 'InvestigationClosure' | 'ConsequenceDecision' | 'TemplatePublication';

/**
 * An electronic signature (21 CFR 11.50, 11.70): who signed, when, with which meaning, bound by a content
 * hash and a server-keyed MAC to the one record it was given on. Append-only: never updated or deleted.
 */
@ObjectType({ description: 'An electronic signature (21 CFR 11.50): printed name, time and meaning, bound to the signed record (11.70).' })
@Entity({ tableName: 'signature' })
@Index({ properties: ['tenantId', 'recordId'] })
export class Signature {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Field({ description: 'The signing user, e.g. user:<uuid>.' })
  @Property({ type: 'string', length: 64 })
  signerId!: string;

  @Field({ description: "The signer's printed name at the time of signing." })
  @Property({ type: 'string', length: 200 })
  signerName!: string;

  @Field({ description: "Key of one of the template's meanings, e.g. approved, reviewed, responsible." })
  @Property({ type: 'string', length: 63 })
  meaning!: string;

  @Field({ description: "When it was signed, by the server's clock." })
  @Property({ type: Date })
  signedAt!: Date;

  @Field(() => String, { description: 'ApprovalDecision, InvestigationSection, InvestigationClosure, ConsequenceDecision (recordId: the consequence) or TemplatePublication (recordId: the template version).' })
  @Property({ type: 'string', length: 40 })
  recordType!: SignedRecordType;

  /** The complaint (approval decision), section or investigation (closure) signed. */
  @Property({ type: 'uuid' })
  recordId!: string;

  @Field({ description: 'SHA-256 of the canonical JSON of the signed content.' })
  @Property({ type: 'string', length: 64 })
  contentHash!: string;

  /** HMAC-SHA256 over the signature's binding (record, content hash, signer, meaning, time), keyed with a server secret. */
  @Property({ type: 'string', length: 64 })
  mac!: string;
}
