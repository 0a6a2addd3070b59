/** The face of src/stats: what other features may use (the architecture check holds them to it). */
export { recordComplaintFact } from './complaint-facts';
export { DefectiveQuantity, ParetoMeasure, PpmDimension, StatsDimension, StatsFilter } from './stats.inputs';
export type { ComplaintStats, ComplaintStatsGroup, Pareto, ParetoItem, PpmGroup, PpmReport } from './stats.results';
export { REPEAT_WINDOW_DAYS, checkInput, factWhere, type StatsScope, type StatsService } from './stats.service';
export { statsModule, type StatsDeps } from './stats.module';
