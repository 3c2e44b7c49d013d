/**
 * The analysis core as the CLI uses it: `analyzeSource`, the check ids and
 * their descriptions, from `@lockctx/analysis`.
 */
import * as analysis from '@lockctx/analysis';
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

/** Thrown when the installed analysis package lacks what the CLI needs. */
export class CoreUnavailableError extends Error {
  override readonly name = 'CoreUnavailableError';
}

/**
 * The core's entry points.
 *
 * @throws CoreUnavailableError when `@lockctx/analysis` does not export
 *   them (a mismatched install).
 */
export function loadCore(): Core {
  const mod = analysis as Partial<{
    analyzeSource: Core['analyzeSource'];
    CHECK_IDS: readonly CheckId[];
    CHECKS: Readonly<Record<CheckId, CheckInfo>>;
  }>;
  if (
    typeof mod.analyzeSource !== 'function' ||
    mod.CHECK_IDS === undefined ||
    mod.CHECKS === undefined
  ) {
    throw new CoreUnavailableError(
      '@lockctx/analysis does not export analyzeSource, CHECK_IDS and CHECKS; reinstall with `npm ci`',
    );
  }
  return {
    analyzeSource: mod.analyzeSource,
    checkIds: mod.CHECK_IDS,
    checks: mod.CHECKS,
  };
}
