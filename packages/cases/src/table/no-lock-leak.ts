import type { CaseSpec } from '../build.js';

export const lockLeak: CaseSpec[] = [];
