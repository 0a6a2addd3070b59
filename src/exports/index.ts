/** The face of src/exports: its module, for the composition root (no other feature uses exports). */
export { exportsModule, type ExportsDeps } from './exports.module';
