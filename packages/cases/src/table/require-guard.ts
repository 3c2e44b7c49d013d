import type { CaseSpec } from '../build.js';

export const requireGuard: CaseSpec[] = [];
