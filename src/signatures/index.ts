/** The face of src/signatures: what other features may use (the architecture check holds them to it). */
export { PLAIN_SIGN_OFF_MEANING, meaningTitles } from './signature-meanings';
export { Signature, type SignedRecordType } from './signature.entity';
export { SignatureInput } from './signature.inputs';
export { SignatureError, SignatureSummaryView, summaryView } from './signature.results';
export { unsigned, type SignatureService, type SignatureSummary, type Signer } from './signature.service';
export { signaturesModule, type SignaturesDeps } from './signatures.module';
