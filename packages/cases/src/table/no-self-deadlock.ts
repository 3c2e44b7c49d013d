import type { CaseSpec } from '../build.js';

export const selfDeadlock: CaseSpec[] = [];
