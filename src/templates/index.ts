/** The face of src/templates: what other features may use (the architecture check holds them to it). */
export { categoryKeys } from './category-tree';
export { Language, LocalizedText } from './complaint-type.types';
export { intakePointer, intakeText, intakeValue, type IntakeConcept, pointerTokens, valueAtPointer } from './intake-fields';
export { localizeSchema } from './localize-schema';
export { categoryPath, complaintFacts, conditionMayRead, evaluateRules, intakeDecision, type IntakeDecision, investigationPolicy, type InvestigationNeed, type RuleOutcome } from './rules';
export { againstRules, checkOverride, type InvestigationOverride, type OverrideDirection } from './investigation-overrides';
export { ProposedHandling } from './rules.types';
export type { TemplateAdminService } from './template-admin.service';
export { TemplateInvalidError } from './template-admin.types';
export type { LoadedTemplate } from './template-files';
export { TemplateRetirement } from './template-retirement.entity';
export { seedShippedTemplates } from './template-seeding';
export { TemplateVersion } from './template-version.entity';
export type { TemplateService } from './template.service';
export type { PlaceholderName } from './message-placeholder-catalog';
export { renderHtml, renderSubject, renderText } from './message-syntax';
export { templatesModule, type TemplatesDeps } from './templates.module';
export { SUBJECT_CONTRACTS, subjectOf, WorkflowMachines, type WorkflowStep, workflowSteps } from './workflow-subjects';
