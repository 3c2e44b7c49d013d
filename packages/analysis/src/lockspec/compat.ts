/**
 * Conversion between the core's first preset shape, {@link LockPreset}, and
 * {@link LockSpec}. The conversion is lossless both ways for every preset of
 * that shape (guard-returning `acquire` methods, guard-passing `scoped`
 * methods), so the core can move to `LockSpec` one reader at a time.
 */
import type { LockPreset } from '../presets/xarray.js';
import type {
  CallAcquisition,
  CallbackAcquisition,
  GuardHandle,
  LockSpec,
  PackageSource,
  TypeSource,
} from './types.js';

/**
 * `LockPreset.guardEvidence`, read without depending on whether the core's
 * version of `LockPreset` declares it yet.
 */
interface PresetEvidence {
  guardEvidence?: readonly string[];
}

/** A spec that {@link toLockPreset} cannot express in the older shape. */
export class LockPresetConversionError extends Error {
  constructor(id: string, problem: string) {
    super(`lock spec '${id}' has no LockPreset form: ${problem}`);
    this.name = 'LockPresetConversionError';
  }
}

/**
 * The {@link LockSpec} of a {@link LockPreset}: one package source, type
 * sources for the lockable, guard and cursor, a guard-yielding `call`
 * acquisition per `acquire` method and a sync callback acquisition per
 * `scoped` method.
 */
export function toLockSpec(preset: LockPreset): LockSpec {
  const evidence = (preset as PresetEvidence).guardEvidence;
  const guard: GuardHandle = {
    kind: 'guard',
    release: [...preset.release],
    disposable: 'sync',
    guardOnly: [...preset.guardOnly],
    ...(evidence !== undefined ? { evidence: [...evidence] } : {}),
    reads: [...preset.guardReads],
    writes: [...preset.guardWrites],
    safeProps: [...preset.guardSafeProps],
    cursor: {
      create: [...preset.cursorCreate],
      writes: [...preset.cursorWrites],
    },
  };
  const sources: LockSpec['sources'] = [
    {
      from: 'package',
      package: preset.package,
      export: preset.types.lockable,
      create: 'new',
    },
    {
      from: 'type',
      package: preset.package,
      name: preset.types.lockable,
      role: 'lockable',
    },
    {
      from: 'type',
      package: preset.package,
      name: preset.types.guard,
      role: 'handle',
    },
  ];
  if (preset.types.cursor !== undefined) {
    sources.push({
      from: 'type',
      package: preset.package,
      name: preset.types.cursor,
      role: 'cursor',
    });
  }
  return {
    id: preset.name,
    kind: preset.spin ? 'spinlock' : 'mutex',
    sources,
    acquire: [
      ...preset.acquire.map((method): CallAcquisition => ({
        form: 'call',
        method,
        async: false,
        yields: guard,
      })),
      ...preset.scoped.map((method): CallbackAcquisition => ({
        form: 'callback',
        method,
        callback: 0,
        async: false,
        heldUntil: 'return',
        params: ['guard'],
        rejectsAsyncCallback: preset.spin,
      })),
    ],
    release: [{ by: 'handle' }],
    spin: preset.spin,
    reentrant: preset.reentrant,
    lockableWrites: [...preset.lockableWrites],
    lockableReads: [...preset.lockableReads],
  };
}

/**
 * The {@link LockPreset} of a spec written in that shape (the inverse of
 * {@link toLockSpec}).
 *
 * @throws LockPresetConversionError when the spec uses something the older
 *   shape cannot say (no package source, no guard, a keyed or try-lock
 *   acquisition, a conditional re-entrancy…).
 */
export function toLockPreset(spec: LockSpec): LockPreset {
  const fail = (problem: string): never => {
    throw new LockPresetConversionError(spec.id, problem);
  };
  const pkg = spec.sources.find(
    (s): s is PackageSource => s.from === 'package',
  );
  if (pkg === undefined) fail('it has no package source');
  const typeOf = (role: TypeSource['role']): string | undefined =>
    spec.sources.find(
      (s): s is TypeSource => s.from === 'type' && s.role === role,
    )?.name;
  const guardType = typeOf('handle');
  if (guardType === undefined) fail('it names no guard type');
  if (typeof spec.reentrant !== 'boolean') {
    fail('its re-entrancy depends on an option');
  }
  let guard: GuardHandle | undefined;
  const acquire: string[] = [];
  const scoped: string[] = [];
  for (const a of spec.acquire) {
    if (a.method === null) fail('an acquisition calls the lock itself');
    if (a.key || a.attempts || a.via || a.mode || a.modeOption || a.weight) {
      fail(`acquisition '${a.method}' is keyed, moded, weighted or a try-lock`);
    }
    if (a.form === 'call' && a.yields.kind === 'guard' && a.async === false) {
      guard ??= a.yields;
      acquire.push(a.method as string);
    } else if (
      a.form === 'callback' &&
      a.heldUntil === 'return' &&
      a.callback === 0 &&
      a.params?.[0] === 'guard'
    ) {
      scoped.push(a.method as string);
    } else {
      fail(
        `acquisition '${a.method}' is neither a guard call nor withLock-like`,
      );
    }
  }
  if (guard === undefined) fail('no acquisition yields a guard');
  const g = guard as GuardHandle;
  const base: Omit<LockPreset, 'guardEvidence'> = {
    name: spec.id,
    package: (pkg as PackageSource).package,
    types: {
      lockable: (pkg as PackageSource).export,
      guard: guardType as string,
      ...(typeOf('cursor') !== undefined
        ? { cursor: typeOf('cursor') as string }
        : {}),
    },
    acquire,
    scoped,
    release: [...g.release],
    guardOnly: [...(g.guardOnly ?? [])],
    guardReads: [...(g.reads ?? [])],
    guardWrites: [...(g.writes ?? [])],
    lockableWrites: [...(spec.lockableWrites ?? [])],
    lockableReads: [...(spec.lockableReads ?? [])],
    guardSafeProps: [...(g.safeProps ?? [])],
    cursorCreate: [...(g.cursor?.create ?? [])],
    cursorWrites: [...(g.cursor?.writes ?? [])],
    spin: spec.spin,
    reentrant: spec.reentrant as boolean,
  };
  // `guardEvidence` only when the spec has it, so that the conversion stays
  // lossless for presets written before the field existed.
  return {
    ...base,
    ...(g.evidence !== undefined ? { guardEvidence: [...g.evidence] } : {}),
  } as LockPreset;
}
