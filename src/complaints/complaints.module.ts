import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import type { SignatureService } from '../signatures';
import { ComplaintSignatureResolver } from './complaint-signature.resolver';
import { ComplaintResolver } from './complaint.resolver';
import type { ComplaintService } from './complaint.service';
import { entities } from './entities';
import { StageOneResolver } from './stage-one.resolver';
import type { StageOneService } from './stage-one.service';

/** What the resolvers of complaints are made from (the composition root's services provide it). */
export interface ComplaintsDeps {
  templates: TemplateReader;
  complaints: ComplaintService;
  stageOne: StageOneService;
  signatures: SignatureService;
}

/** Complaints and stage 1, for the composition root (src/features.ts). */
export const complaintsModule = defineFeature<ComplaintsDeps>({
  name: 'complaints',
  entities,
  resolvers: [
    resolver(ComplaintResolver, (d) => new ComplaintResolver(d.complaints, d.stageOne, d.templates)),
    resolver(StageOneResolver, (d) => new StageOneResolver(d.stageOne)),
    resolver(ComplaintSignatureResolver, (d) => new ComplaintSignatureResolver(d.signatures)),
  ],
});
