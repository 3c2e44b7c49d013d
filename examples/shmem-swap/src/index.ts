export { checkShmem } from './check.js';
export {
  alignDown,
  describe,
  isSwap,
  type Folio,
  type ShmemEntry,
  type SwapEntry,
} from './entries.js';
export { freeSwap } from './free-swap.js';
export { freeSwapBuggy } from './free-swap-buggy.js';
export {
  reproduce,
  runSchedule,
  summarize,
  type Corruption,
  type ReproduceOptions,
  type ReproduceResult,
} from './reproducer.js';
export { ShmemMapping, type Protocol, type ShmemOptions } from './shmem.js';
export { noSleep, type Sleep } from '@lockctx/example-scheduler';
export { SwapDevice } from './swap-device.js';
