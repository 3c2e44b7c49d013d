/** What a workload is, for the runner. */
import type { Contender } from './harness.js';
import type { Inputs } from './inputs.js';

/** One of the standard workloads W1–W10. */
export interface Workload {
  /** `W1` … `W10`. */
  readonly id: string;
  /** A short name, as in WORKLOADS.md. */
  readonly title: string;
  /** Whether heap bytes per entry of the structure are reported. */
  readonly memory: boolean;
  /** The implementations measured, lockctx ones first when it is built. */
  contenders(inputs: Inputs): Contender[];
}

/** Stride of the sampled read-back that checks a store-only phase. */
export const SAMPLE_STRIDE = 61;
