export { addFolio } from './add-folio.js';
export { addFolioBuggy, type AddResult } from './add-folio-buggy.js';
export { checkPageCache } from './check.js';
export {
  DIRTY,
  MAX_FOLIO_ORDER,
  WRITEBACK,
  alignDown,
  describe,
  folioContains,
  isFolio,
  isShadow,
  lastIndex,
  type CacheEntry,
  type Folio,
  type Shadow,
} from './folio.js';
export {
  PageCache,
  type PageCacheOptions,
  type Protocol,
} from './page-cache.js';
export {
  reproduce,
  runSchedule,
  summarize,
  type Corruption,
  type ReproduceOptions,
  type ReproduceResult,
} from './reproducer.js';
export { noSleep, type Sleep } from '@lockctx/example-scheduler';
export { splitTo } from './split.js';
