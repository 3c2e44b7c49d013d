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
export { noSleep, type Sleep } from './sleep.js';
export {
  describeSearch,
  outcomeOf,
  searchSchedules,
  type Corruption,
  type ScheduleOutcome,
  type SearchResult,
} from './search.js';
export { reproducerMain, runReproducerCli, type ReproducerCli } from './cli.js';
export { Gate, flush } from './gate.js';
