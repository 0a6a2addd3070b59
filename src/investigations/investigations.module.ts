import type { ComplaintService, StageOneService } from '../complaints';
import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import { defineFeature, resolver } from '../shared/feature-module';
import type { TemplateReader } from '../shared/template-reader';
import type { SignatureService } from '../signatures';
import { entities } from './entities';
import { InvestigationSignatureResolver } from './investigation-signature.resolver';
import { ComplaintInvestigationResolver, InvestigationResolver, InvestigationSectionResolver } from './investigation.resolver';
import type { InvestigationService } from './investigation.service';

/** What the resolvers of investigations are made from (the composition root's services provide it). */
export interface InvestigationsDeps {
  db: Database;
  clock: Clock;
  complaints: ComplaintService;
  stageOne: StageOneService;
  templates: TemplateReader;
  investigations: InvestigationService;
  signatures: SignatureService;
}

/** Investigations (stage 2) and their sections, for the composition root (src/features.ts). */
export const investigationsModule = defineFeature<InvestigationsDeps>({
  name: 'investigations',
  entities,
  resolvers: [
    resolver(InvestigationResolver, (d) => new InvestigationResolver(d.db, d.clock, d.complaints, d.templates, d.investigations)),
    resolver(InvestigationSectionResolver, (d) => new InvestigationSectionResolver(d.investigations)),
    resolver(ComplaintInvestigationResolver, (d) => new ComplaintInvestigationResolver(d.db, d.templates, d.investigations, d.stageOne)),
    resolver(InvestigationSignatureResolver, (d) => new InvestigationSignatureResolver(d.signatures)),
  ],
});
