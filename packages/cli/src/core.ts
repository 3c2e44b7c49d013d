/**
 * The analysis core as the CLI uses it: `analyzeSource`, the check ids and
 * their descriptions, from `@lockctx/analysis`.
 */
import { CHECKS, CHECK_IDS, analyzeSource } from '@lockctx/analysis';
import type {
  AnalyzeOptions,
  CheckId,
  CheckInfo,
  FileAnalysis,
} from '@lockctx/analysis';

export interface Core {
  analyzeSource(text: string, options: AnalyzeOptions): FileAnalysis;
  checkIds: readonly CheckId[];
  checks: Readonly<Record<CheckId, CheckInfo>>;
}

/** The core's entry points. */
export function loadCore(): Core {
  return { analyzeSource, checkIds: CHECK_IDS, checks: CHECKS };
}
