/** The face of src/sla: what other features may use (the architecture check holds them to it). */
export { SlaClock, subjectsDueBefore } from './sla-clock.entity';
export type { SlaService } from './sla.service';
export { slaModule, type SlaDeps } from './sla.module';
