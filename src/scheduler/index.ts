/** The face of src/scheduler: what other features may use (the architecture check holds them to it). */
export { systemClock, type Clock } from './clock';
export { armTimers, cancelTimers, takeTimer, type Fired, type Scheduler } from './scheduler';
export { Timer } from './timer.entity';
export { schedulerModule } from './scheduler.module';
