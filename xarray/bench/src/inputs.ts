/**
 * The inputs of the workloads (../shared/bench/WORKLOADS.md), made from fixed
 * seeds on first use and shared by every implementation.
 */
import { permutation, random32, uniformBits, uniformKeys } from './rng.js';

/** Bits of the sparse keys of W6 and W10: keys lie in [0, 2^40). */
export const SPARSE_BITS = 40;
/** W9: entries of order 9 ... */
export const MULTI_ORDER = 9;
/** ... at every multiple of 512 in [0, 2^24). */
export const MULTI_BITS = 24;

const SEED_PERMUTATION = 0x5eed0001;
const SEED_SPARSE_KEYS = 0x5eed0002;
const SEED_SPARSE_ORDER = 0x5eed0003;
const SEED_MULTI_LOADS = 0x5eed0004;
const SEED_MULTI_ORDERS = 0x5eed0005;
const SEED_FIND_STARTS = 0x5eed0006;

/** Lazily built, fixed-seed workload inputs for a given N. */
export class Inputs {
  #permutation: Uint32Array | undefined;
  #sparseKeys: Float64Array | undefined;
  #sparseLoadOrder: Uint32Array | undefined;
  #sortedSparseKeys: Float64Array | undefined;
  #multiLoads: Uint32Array | undefined;
  #multiOrders: Uint32Array | undefined;
  #findStarts: Float64Array | undefined;

  /** @param n - N, the number of operations of a workload. */
  constructor(readonly n: number) {}

  /** W3: a random permutation of 0..N-1. */
  get permutation(): Uint32Array {
    return (this.#permutation ??= permutation(this.n, SEED_PERMUTATION));
  }

  /** W6: N keys drawn uniformly from [0, 2^40) (repeats possible). */
  get sparseKeys(): Float64Array {
    return (this.#sparseKeys ??= uniformKeys(
      this.n,
      SPARSE_BITS,
      SEED_SPARSE_KEYS,
    ));
  }

  /** W6: the order in which the keys are loaded back (positions in keys). */
  get sparseLoadOrder(): Uint32Array {
    return (this.#sparseLoadOrder ??= permutation(this.n, SEED_SPARSE_ORDER));
  }

  /** W10's static peer: the W6 keys, sorted, without repeats. */
  get sortedSparseKeys(): Float64Array {
    if (this.#sortedSparseKeys === undefined) {
      const sorted = Float64Array.from(this.sparseKeys).sort();
      let unique = 0;
      for (let i = 0; i < sorted.length; i++) {
        if (unique === 0 || sorted[i] !== sorted[unique - 1]) {
          sorted[unique++] = sorted[i]!;
        }
      }
      this.#sortedSparseKeys = sorted.slice(0, unique);
    }
    return this.#sortedSparseKeys;
  }

  /** W9: N random indices in [0, 2^24) to load. */
  get multiLoads(): Uint32Array {
    return (this.#multiLoads ??= randomIndices(
      this.n,
      MULTI_BITS,
      SEED_MULTI_LOADS,
    ));
  }

  /** W9: N random indices in [0, 2^24) to ask the order of. */
  get multiOrders(): Uint32Array {
    return (this.#multiOrders ??= randomIndices(
      this.n,
      MULTI_BITS,
      SEED_MULTI_ORDERS,
    ));
  }

  /** W10: N random starts in [0, 2^40). */
  get findStarts(): Float64Array {
    return (this.#findStarts ??= uniformKeys(
      this.n,
      SPARSE_BITS,
      SEED_FIND_STARTS,
    ));
  }
}

function randomIndices(n: number, bits: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  const random = random32(seed);
  for (let i = 0; i < n; i++) out[i] = uniformBits(random, bits);
  return out;
}
