/** The face of src/lessons: what other features may use (the architecture check holds them to it). */
export { ClosingEvaluation } from './closing-evaluation.entity';
export { lessonsModule, type LessonsDeps } from './lessons.module';
