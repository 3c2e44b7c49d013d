/**
 * What a benchmark run produced, and the ratios and target checks derived
 * from it. Ratios always compare figures measured in the same run.
 */
import type { Spread } from './harness.js';
import { ORDERED_MAPS } from './peers.js';

/** The figures of one implementation for one phase of one workload. */
export interface Result {
  readonly impl: string;
  readonly op: string;
  readonly nsPerOp: Spread;
  /** Heap bytes per entry of the structure, where the workload weighs it. */
  readonly bytesPerEntry?: number;
}

/** Every result of one workload. */
export interface WorkloadResults {
  readonly id: string;
  readonly title: string;
  readonly results: readonly Result[];
}

/** The lockctx variants, in the order they are reported. */
export const LOCKCTX = ['lockctx', 'lockctx-cursor'] as const;
export type LockctxImpl = (typeof LOCKCTX)[number];

/** The array-like peers; a workload has at most one of them. */
export const ARRAY_PEERS: readonly string[] = [
  'Array',
  'Array+bitset',
  'Array+heap',
  'Float64Array',
];

/** What lockctx is compared with. */
export type PeerKind = 'Map' | 'Array' | 'ordered';
export const PEER_KINDS: readonly PeerKind[] = ['Map', 'Array', 'ordered'];

/** The peer of a kind for one workload phase, if measured. */
export interface Peer {
  readonly impl: string;
  readonly value: number;
}

/** The figure compared: median ns/op, or heap bytes per entry. */
export type Measure = 'time' | 'memory';

function figure(result: Result, measure: Measure): number | undefined {
  return measure === 'time' ? result.nsPerOp.median : result.bytesPerEntry;
}

/** The result of `impl` for `op` in a workload, if any. */
export function find(
  workload: WorkloadResults,
  impl: string,
  op: string,
): Result | undefined {
  return workload.results.find((r) => r.impl === impl && r.op === op);
}

/** The Map, array-like or fastest ordered-map figure for a workload phase. */
export function peer(
  workload: WorkloadResults,
  op: string,
  kind: PeerKind,
  measure: Measure,
): Peer | undefined {
  const names =
    kind === 'Map' ? ['Map'] : kind === 'Array' ? ARRAY_PEERS : ORDERED_MAPS;
  let best: Peer | undefined;
  for (const impl of names) {
    const result = find(workload, impl, op);
    const value = result === undefined ? undefined : figure(result, measure);
    if (value !== undefined && (best === undefined || value < best.value)) {
      best = { impl, value };
    }
  }
  return best;
}

/** lockctx's figure divided by the peer's, if both were measured. */
export function ratio(
  workload: WorkloadResults,
  subject: string,
  op: string,
  kind: PeerKind,
  measure: Measure = 'time',
): { value: number; peer: Peer } | undefined {
  const own = find(workload, subject, op);
  const raw = own === undefined ? undefined : figure(own, measure);
  // A heap figure a little below zero is collection noise around nothing.
  const value =
    raw !== undefined && measure === 'memory' ? Math.max(0, raw) : raw;
  const other = peer(workload, op, kind, measure);
  // Below a byte per entry a heap figure is noise: no ratio to it.
  const floor = measure === 'memory' ? 1 : 0;
  if (value === undefined || other === undefined || other.value <= floor) {
    return undefined;
  }
  return { value: value / other.value, peer: other };
}

/** One target of issue 7. */
export interface Target {
  readonly workload: string;
  readonly op: string;
  readonly measure: Measure;
  /** The lockctx variants judged: the best of them counts. */
  readonly subjects: readonly LockctxImpl[];
  /** Compared with a peer kind, or with an absolute figure (bytes). */
  readonly against: PeerKind | 'absolute';
  /** The largest ratio (or absolute figure) that meets the target. */
  readonly max: number;
  /** The target as the issue words it. */
  readonly text: string;
}

const BOTH: readonly LockctxImpl[] = LOCKCTX;
const PLAIN: readonly LockctxImpl[] = ['lockctx'];

/** The targets of issue 7, as ratios measured in the same run. */
export const TARGETS: readonly Target[] = [
  t('W1', 'store', PLAIN, 'Array', 2, 'dense store ≤ 2× Array'),
  t('W2', 'load', PLAIN, 'Array', 3, 'sequential load ≤ 3× Array'),
  t('W3', 'load', PLAIN, 'Array', 2, 'random load ≤ 2× Array'),
  t('W4', 'iterate', BOTH, 'Array', 2, 'iterate (cursor) ≤ 2× Array'),
  t('W5', 'total', BOTH, 'Array', 1, 'marked iterate ≤ Array+bitset'),
  t('W6', 'store', PLAIN, 'Map', 1.5, 'sparse store ≤ 1.5× Map'),
  t(
    'W6',
    'store',
    PLAIN,
    'ordered',
    0.5,
    'sparse store ≥ 2× faster than the best ordered map',
  ),
  t('W6', 'load', PLAIN, 'Map', 1.5, 'sparse load ≤ 1.5× Map'),
  t(
    'W6',
    'load',
    PLAIN,
    'ordered',
    0.5,
    'sparse load ≥ 2× faster than the best ordered map',
  ),
  t('W7', 'erase', PLAIN, 'Map', 0.5, 'erase all ≤ ½ Map'),
  t('W8', 'total', PLAIN, 'Array', 1.5, 'alloc ≤ 1.5× Array+heap'),
  t(
    'W9',
    'store',
    PLAIN,
    'Map',
    2,
    'multi-order store ≤ 2× Map by aligned base',
  ),
  t(
    'W9',
    'store',
    PLAIN,
    'ordered',
    0.25,
    'multi-order store ≥ 4× faster than the best ordered map',
  ),
  t('W9', 'load', PLAIN, 'Map', 2, 'multi-order load ≤ 2× Map by aligned base'),
  t(
    'W9',
    'load',
    PLAIN,
    'ordered',
    0.25,
    'multi-order load ≥ 4× faster than the best ordered map',
  ),
  t('W9', 'getOrder', PLAIN, 'Map', 2, 'getOrder ≤ 2× Map by aligned base'),
  t(
    'W9',
    'getOrder',
    PLAIN,
    'ordered',
    0.25,
    'getOrder ≥ 4× faster than the best ordered map',
  ),
  t('W10', 'find', PLAIN, 'Array', 1, 'find ≤ the static sorted Float64Array'),
  t(
    'W10',
    'find',
    PLAIN,
    'ordered',
    0.2,
    'find ≥ 5× faster than the best ordered map',
  ),
  {
    workload: 'W1',
    op: 'store',
    measure: 'memory',
    subjects: PLAIN,
    against: 'absolute',
    max: 12,
    text: 'dense memory ≤ 12 bytes per entry',
  },
  {
    workload: 'W7',
    op: 'erase',
    measure: 'memory',
    subjects: PLAIN,
    against: 'absolute',
    max: 1,
    text: 'erase all frees the memory: ≤ 1 byte per erased entry left',
  },
  {
    workload: 'W6',
    op: 'store',
    measure: 'memory',
    subjects: PLAIN,
    against: 'Map',
    max: 2,
    text: 'sparse memory ≤ 2× Map per entry',
  },
];

function t(
  workload: string,
  op: string,
  subjects: readonly LockctxImpl[],
  against: PeerKind,
  max: number,
  text: string,
): Target {
  return { workload, op, measure: 'time', subjects, against, max, text };
}

/** How one target fared in a run. */
export interface Verdict {
  readonly target: Target;
  /** The measured ratio (or absolute figure), if it could be measured. */
  readonly value: number | undefined;
  /** The lockctx variant and the peer the value came from. */
  readonly subject: string | undefined;
  readonly peer: string | undefined;
  readonly met: boolean | undefined;
}

/** Judges every target whose workload was run. */
export function judge(workloads: readonly WorkloadResults[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const target of TARGETS) {
    const workload = workloads.find((w) => w.id === target.workload);
    if (workload === undefined) continue;
    let best: { value: number; subject: string; peer: string } | undefined;
    for (const subject of target.subjects) {
      let value: number | undefined;
      let peerName: string | undefined;
      if (target.against === 'absolute') {
        const own = find(workload, subject, target.op);
        value = own === undefined ? undefined : figure(own, target.measure);
        peerName = undefined;
      } else {
        const r = ratio(
          workload,
          subject,
          target.op,
          target.against,
          target.measure,
        );
        value = r?.value;
        peerName = r?.peer.impl;
      }
      if (value !== undefined && (best === undefined || value < best.value)) {
        best = { value, subject, peer: peerName ?? '' };
      }
    }
    verdicts.push({
      target,
      value: best?.value,
      subject: best?.subject,
      peer: best === undefined || best.peer === '' ? undefined : best.peer,
      met: best === undefined ? undefined : best.value <= target.max,
    });
  }
  return verdicts;
}

/** The `--json` document: exactly the shape issue 7 fixes. */
export function toJson(workloads: readonly WorkloadResults[]): unknown {
  return {
    workloads: workloads.map((w) => ({
      id: w.id,
      results: w.results.map((r) => ({
        impl: r.impl,
        op: r.op,
        nsPerOp: round(r.nsPerOp.median),
        ...(r.bytesPerEntry === undefined
          ? {}
          : { bytesPerEntry: round(r.bytesPerEntry) }),
      })),
    })),
  };
}

/** Three significant digits at least, two decimals at most. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
