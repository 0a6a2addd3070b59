/** The face of src/investigations: what other features may use (the architecture check holds them to it). */
export { Investigation, InvestigationLink, InvestigationSection } from './investigation.entity';
export { PrerequisitesNotMetError } from './investigation.results';
export type { InvestigationService } from './investigation.service';
export { investigationsModule, type InvestigationsDeps } from './investigations.module';
