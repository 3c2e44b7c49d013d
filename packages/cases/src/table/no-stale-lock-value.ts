import type { CaseSpec } from '../build.js';

export const staleLockValue: CaseSpec[] = [];
