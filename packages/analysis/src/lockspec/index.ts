/**
 * Lock APIs as data: the {@link LockSpec} schema, the built-in presets,
 * `lockctx.json` parsing and lookup, and JSDoc lock tags.
 */
export type * from './types.js';
export {
  toLockSpec,
  toLockPreset,
  LockPresetConversionError,
} from './compat.js';
export * from './presets.js';
export { LOCKCTX_SCHEMA } from './schema.js';
export type { JsonSchema, JsonType } from './schema.js';
export { validateSchema, formatPath } from './validate.js';
export type { SchemaProblem } from './validate.js';
export {
  CONFIG_FILE,
  LockctxConfigError,
  assertConfig,
  clearConfigCache,
  effectiveLocks,
  findConfig,
  formatProblem,
  jsonSyntaxError,
  lintLockSpec,
  mergeConfig,
  parseConfig,
  parseConfigText,
} from './config.js';
export type {
  ConfigProblem,
  ConfigResult,
  FoundConfig,
  LockctxConfig,
  RuleSeverity,
  SpecProblem,
} from './config.js';
export { LOCK_TAGS, parseLockTags } from './jsdoc.js';
export type {
  JsdocProblem,
  LockAnnotation,
  LockRef,
  LockTag,
  LockTags,
} from './jsdoc.js';
