export {
  Scheduler,
  StrayAwaitError,
  type Io,
  type RunResult,
  type Step,
  type StepCheck,
  type TaskBody,
} from './scheduler.js';
export { Random, scheduleSeed } from './random.js';
