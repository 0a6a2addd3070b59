/** The face of src/accountability: what other features may use (the architecture check holds them to it). */
export { recordLateHolders } from './late-holders';
export { accountabilityModule, type AccountabilityDeps } from './accountability.module';
