import { defineFeature, resolver } from '../shared/feature-module';
import { ClosingEvaluationResolver, ComplaintEvaluationResolver, InvestigationEvaluationResolver } from './closing-evaluation.resolver';
import type { ClosingEvaluationService } from './closing-evaluation.service';
import { entities } from './entities';

/** What the resolvers of lessons are made from (the composition root's services provide it). */
export interface LessonsDeps {
  lessons: ClosingEvaluationService;
}

/** Closing evaluations and the lessons search, for the composition root (src/features.ts). */
export const lessonsModule = defineFeature<LessonsDeps>({
  name: 'lessons',
  entities,
  resolvers: [
    resolver(ClosingEvaluationResolver, (d) => new ClosingEvaluationResolver(d.lessons)),
    resolver(ComplaintEvaluationResolver, (d) => new ComplaintEvaluationResolver(d.lessons)),
    resolver(InvestigationEvaluationResolver, (d) => new InvestigationEvaluationResolver(d.lessons)),
  ],
});
