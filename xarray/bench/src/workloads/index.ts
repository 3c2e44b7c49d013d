/** Every workload, in the order WORKLOADS.md lists them. */
import type { Workload } from '../workload.js';
import { w8 } from './alloc.js';
import { w1, w2, w3, w4, w7 } from './dense.js';
import { w5 } from './marks.js';
import { w9 } from './multiorder.js';
import { w6, w10 } from './sparse.js';

export const WORKLOADS: readonly Workload[] = [
  w1,
  w2,
  w3,
  w4,
  w5,
  w6,
  w7,
  w8,
  w9,
  w10,
];
