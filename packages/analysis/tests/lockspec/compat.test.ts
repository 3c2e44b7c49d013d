/**
 * `toLockSpec` / `toLockPreset`: the core's `LockPreset` shape and
 * `LockSpec` convert into each other without loss; a spec the older shape
 * cannot say is refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { XARRAY_PRESET } from '../../src/presets/xarray.js';
import type { LockSpec } from '../../src/lockspec/index.js';
import {
  ASYNC_MUTEX_MUTEX,
  LockPresetConversionError,
  REDLOCK,
  WEB_LOCKS,
  XARRAY,
  lintLockSpec,
  toLockPreset,
  toLockSpec,
} from '../../src/lockspec/index.js';

describe('toLockSpec', () => {
  it('round-trips the XArray preset exactly', () => {
    expect(toLockPreset(toLockSpec(XARRAY_PRESET))).toEqual(XARRAY_PRESET);
  });

  it('gives the XArray a sync guard acquisition, a sync withLock and a spin lock', () => {
    const spec = toLockSpec(XARRAY_PRESET);
    expect(spec).toMatchObject({
      id: 'xarray',
      kind: 'spinlock',
      spin: true,
      reentrant: false,
      acquire: [
        {
          form: 'call',
          method: 'lock',
          async: false,
          yields: { kind: 'guard', release: ['unlock'], disposable: 'sync' },
        },
        {
          form: 'callback',
          method: 'withLock',
          heldUntil: 'return',
          params: ['guard'],
          rejectsAsyncCallback: true,
        },
      ],
    });
    expect(lintLockSpec(spec)).toEqual([]);
  });

  it('the XARRAY preset is that spec with a description and version', () => {
    const { description, checkedAgainst, ...rest } = XARRAY;
    expect(checkedAgainst).toBe('@lockctx/xarray@0.1.0');
    expect(description).toMatch(/spin lock/);
    expect(rest).toEqual(toLockSpec(XARRAY_PRESET));
  });
});

describe('toLockPreset refuses what LockPreset cannot say', () => {
  const cases: [string, LockSpec, RegExp][] = [
    ['Web Locks: a global, no package source', WEB_LOCKS, /no package source/],
    [
      'async-mutex: a releaser, not a guard',
      ASYNC_MUTEX_MUTEX,
      /'acquire' is neither a guard call nor withLock-like/,
    ],
    [
      'a guard acquisition without a guard type',
      {
        ...XARRAY,
        sources: XARRAY.sources.filter((s) => s.from === 'package'),
      },
      /names no guard type/,
    ],
    [
      'redlock: keyed, try-lock acquisitions',
      { ...REDLOCK, sources: [...REDLOCK.sources] },
      /keyed, moded, weighted or a try-lock/,
    ],
    [
      'a conditional re-entrancy',
      {
        ...XARRAY,
        reentrant: { on: 'constructor', arg: 0, property: 'reentrant' },
      },
      /re-entrancy depends on an option/,
    ],
    [
      'an async guard acquisition',
      {
        ...XARRAY,
        acquire: [
          {
            form: 'call',
            method: 'lock',
            async: true,
            yields: { kind: 'guard', release: ['unlock'] },
          },
        ],
      },
      /neither a guard call nor withLock-like/,
    ],
  ];
  it.each(cases)('%s', (_why, spec, message) => {
    expect(() => toLockPreset(spec)).toThrow(LockPresetConversionError);
    expect(() => toLockPreset(spec)).toThrow(message);
  });
});
