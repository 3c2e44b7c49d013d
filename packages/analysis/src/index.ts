export type * from './types.js';
export { CHECK_IDS, CHECKS } from './catalog.js';
export { formatMessage } from './format.js';
export {
  analyzeProgram,
  analyzeSource,
  analyzeUnits,
  checkUnit,
  merge,
  parseSource,
  splitUnits,
  summarizeUnit,
} from './analyze.js';
export type { UnitInput } from './analyze.js';
export { makeFileContext, LOCKISH } from './context.js';
export type { FileContext } from './context.js';
export { SourceText } from './source.js';
export { XARRAY_PRESET } from './presets/xarray.js';
export type { LockPreset } from './presets/xarray.js';
