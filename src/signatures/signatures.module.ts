import type { SignatureService } from '.';
import { defineFeature, resolver } from '../shared/feature-module';
import { entities } from './entities';
import { SignatureResolver } from './signature.resolver';

/** What the resolvers of signatures are made from (the composition root's services provide it). */
export interface SignaturesDeps {
  signatures: SignatureService;
}

/** Electronic signatures, for the composition root (src/features.ts). */
export const signaturesModule = defineFeature<SignaturesDeps>({
  name: 'signatures',
  entities,
  resolvers: [
    resolver(SignatureResolver, (d) => new SignatureResolver(d.signatures)),
  ],
});
