export type * from './types.js';
export { CHECK_IDS, CHECKS } from './catalog.js';
export { formatMessage } from './format.js';
export {
  analyzeProgram,
  analyzeSource,
  analyzeUnits,
  callPattern,
  checkUnit,
  merge,
  parseSource,
  splitUnits,
  summarizeUnit,
  summariesImportedBy,
} from './analyze.js';
export type { ModuleTexts, UnitInput } from './analyze.js';
export { makeFileContext, LOCKISH } from './context.js';
export type { FileContext } from './context.js';
export { SourceText } from './source.js';
export { XARRAY_PRESET } from './presets/xarray.js';
export type { LockPreset } from './presets/xarray.js';
export { DEFAULT_SETUP, lockSetup } from './presets/library.js';
export type { LockSetup } from './presets/library.js';
export {
  CONFIG_FILE,
  LockctxConfigError,
  assertConfig,
  clearConfigCache,
  effectiveLocks,
  findConfig,
  formatProblem,
  lintLockSpec,
  mergeConfig,
  parseConfig,
  parseConfigText,
} from './lockspec/config.js';
export type {
  ConfigProblem,
  ConfigResult,
  FoundConfig,
  LockctxConfig,
  RuleSeverity,
} from './lockspec/config.js';
export { LOCKCTX_SCHEMA } from './lockspec/schema.js';
export { PRESETS } from './lockspec/presets.js';
export type { LockSpec } from './lockspec/types.js';
export { oracleFromProgram } from './typed/from-program.js';
export type { EsTreeToTsMap } from './typed/from-program.js';
export type { CalleeRef, TypeKind, TypeOracle, TypedParam } from './typed/oracle.js';
