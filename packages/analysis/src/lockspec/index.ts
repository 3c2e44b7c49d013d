/**
 * Lock APIs as data: the {@link LockSpec} schema, the built-in presets,
 * `lockctx.json` parsing and JSDoc lock tags.
 */
export type * from './types.js';
export {
  toLockSpec,
  toLockPreset,
  LockPresetConversionError,
} from './compat.js';
export * from './presets.js';
