import { defineFeature } from '../shared/feature-module';
import { entities } from './entities';

/** Timers, for the composition root (src/features.ts). */
export const schedulerModule = defineFeature({
  name: 'scheduler',
  entities,
});
