import type { FeatureEntities } from '../db/entity-set';
import { TemplateVersion } from './template-version.entity';
import { TemplateDraft } from './template-draft.entity';
import { TemplateRetirement } from './template-retirement.entity';

/** This feature's entities (template versions, drafts and retirements), registered at the composition root through its module (templates.module.ts, src/features.ts). */
export const entities: FeatureEntities = {
  tenantRelation: [TemplateVersion, TemplateDraft, TemplateRetirement],
};
